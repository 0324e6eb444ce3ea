package dev.kefu.web.boundary;

import dev.kefu.web.control.BoundedInput;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Providers;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.List;
import org.glassfish.jersey.jsonb.internal.JsonBindingProvider;
import org.glassfish.jersey.message.internal.AbstractMessageReaderWriterProvider;
import org.glassfish.jersey.message.internal.FormProvider;
import org.glassfish.jersey.message.internal.MessageBodyProviderNotFoundException;

/**
 * A request's body being read for a resource's parameter as Payara reads it: with Jersey's own
 * providers (the JSON binding for objects, form fields, plain strings), from the servlet's body
 * stream under a byte limit ({@link BoundedInput}). What {@link RequestBodies} intercepts.
 */
final class JerseyReading implements ReaderInterceptorContext {

  private final Class<?> type;
  private MediaType mediaType;
  private InputStream in;
  private final MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
  private Annotation[] annotations = new Annotation[0];

  /** Whether the JSON binding read the body. */
  boolean byJsonBinding;

  JerseyReading(Class<?> type, MediaType mediaType, byte[] body, long limit) {
    this.type = type;
    this.mediaType = mediaType;
    this.in = new BoundedInput(new Body(body), limit);
  }

  /** Reads the body as Jersey does: with a reader that takes the type and media type, or none. */
  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Object proceed() throws IOException {
    if (type == Form.class) {
      return new FormProvider()
          .readFrom(Form.class, Form.class, annotations, mediaType, headers, in);
    }
    if (type == String.class) {
      return AbstractMessageReaderWriterProvider.readFromAsString(in, mediaType);
    }
    JsonBindingProvider json = new JsonBindingProvider(NO_PROVIDERS);
    if (json.isReadable(type, type, annotations, mediaType)) {
      byJsonBinding = true;
      return json.readFrom((Class) type, type, annotations, mediaType, headers, in);
    }
    throw new MessageBodyProviderNotFoundException("no reader for " + mediaType);
  }

  @Override
  public InputStream getInputStream() {
    return in;
  }

  @Override
  public void setInputStream(InputStream is) {
    in = is;
  }

  @Override
  public MultivaluedMap<String, String> getHeaders() {
    return headers;
  }

  @Override
  public Object getProperty(String name) {
    return null;
  }

  @Override
  public Collection<String> getPropertyNames() {
    return List.of();
  }

  @Override
  public void setProperty(String name, Object object) {}

  @Override
  public void removeProperty(String name) {}

  @Override
  public Annotation[] getAnnotations() {
    return annotations;
  }

  @Override
  public void setAnnotations(Annotation[] annotations) {
    this.annotations = annotations;
  }

  @Override
  public Class<?> getType() {
    return type;
  }

  @Override
  public void setType(Class<?> type) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Type getGenericType() {
    return type;
  }

  @Override
  public void setGenericType(Type genericType) {
    throw new UnsupportedOperationException();
  }

  @Override
  public MediaType getMediaType() {
    return mediaType;
  }

  @Override
  public void setMediaType(MediaType mediaType) {
    this.mediaType = mediaType;
  }

  /** The servlet's body stream. */
  private static final class Body extends ServletInputStream {
    private final ByteArrayInputStream bytes;

    Body(byte[] body) {
      bytes = new ByteArrayInputStream(body);
    }

    @Override
    public int read() {
      return bytes.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      return bytes.read(buffer, offset, length);
    }

    @Override
    public boolean isFinished() {
      return bytes.available() == 0;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setReadListener(ReadListener listener) {
      throw new UnsupportedOperationException();
    }
  }

  /** No providers of the application's own: the JSON binding then uses its default Jsonb. */
  private static final Providers NO_PROVIDERS =
      new Providers() {
        @Override
        public <T> MessageBodyReader<T> getMessageBodyReader(
            Class<T> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
          return null;
        }

        @Override
        public <T> MessageBodyWriter<T> getMessageBodyWriter(
            Class<T> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
          return null;
        }

        @Override
        public <T extends Throwable> ExceptionMapper<T> getExceptionMapper(Class<T> type) {
          return null;
        }

        @Override
        public <T> ContextResolver<T> getContextResolver(
            Class<T> contextType, MediaType mediaType) {
          return null;
        }
      };
}

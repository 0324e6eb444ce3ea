package dev.kefu.chat.boundary;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.enterprise.inject.spi.Unmanaged;
import jakarta.inject.Inject;
import jakarta.websocket.server.ServerEndpointConfig;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Makes the endpoint instance of each socket. Left to itself, the container injects every new
 * endpoint instance through CDI on its own: a new injection target (its own copies of the
 * reflection data and injection point of every injected field) and a new proxy, with its creational
 * context, for every EJB the endpoint uses; some 10 KB of heap for each idle visitor, held as long
 * as the socket is open. Every collaborator of an endpoint is an EJB ({@code @Stateless} or
 * {@code @Singleton}, whose references may be called from any thread at once) or an
 * application-scoped bean (a client proxy), so sharing them changes nothing: one instance of each
 * endpoint class is injected through CDI once, and each socket gets a new instance holding the same
 * references in its {@code @Inject} fields. What a socket keeps of its own (its connection, its
 * tenant) is never copied.
 *
 * <p>One configurator instance serves one endpoint class of one deployment, so what it holds goes
 * with the application when it is undeployed.
 */
public class EndpointInstances extends ServerEndpointConfig.Configurator {

  private final Function<Class<?>, Object> injected;
  private final Map<Class<?>, Template> templates = new ConcurrentHashMap<>();

  public EndpointInstances() {
    this(EndpointInstances::injectedThroughCdi);
  }

  /** {@code injected} gives one instance of a class with its {@code @Inject} fields filled. */
  EndpointInstances(Function<Class<?>, Object> injected) {
    this.injected = injected;
  }

  @Override
  public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
    Template template = templates.computeIfAbsent(endpointClass, this::template);
    try {
      T instance = endpointClass.getDeclaredConstructor().newInstance();
      for (Field field : template.injectedFields()) {
        field.set(instance, field.get(template.instance()));
      }
      return instance;
    } catch (ReflectiveOperationException e) {
      InstantiationException failure =
          new InstantiationException("cannot make an instance of " + endpointClass.getName());
      failure.initCause(e instanceof InvocationTargetException ite ? ite.getCause() : e);
      throw failure;
    }
  }

  private Template template(Class<?> endpointClass) {
    List<Field> fields = new ArrayList<>();
    for (Class<?> type = endpointClass; type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (field.isAnnotationPresent(Inject.class) && !Modifier.isStatic(field.getModifiers())) {
          field.setAccessible(true);
          fields.add(field);
        }
      }
    }
    return new Template(injected.apply(endpointClass), List.copyOf(fields));
  }

  /**
   * The instance injected once for the whole deployment; it is never disposed of, as its
   * collaborators live as long as the application.
   */
  private static Object injectedThroughCdi(Class<?> endpointClass) {
    return inject(endpointClass);
  }

  private static <T> T inject(Class<T> type) {
    return new Unmanaged<>(CDI.current().getBeanManager(), type)
        .newInstance()
        .produce()
        .inject()
        .postConstruct()
        .get();
  }

  /** One injected instance of an endpoint class, and the fields to copy from it. */
  private record Template(Object instance, List<Field> injectedFields) {}
}

package dev.kefu.it;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * What the shipped WAR offers, read from the WAR itself rather than from a list kept by hand: its
 * REST endpoints (every JAX-RS resource method of Kefu's classes), its Faces views (every {@code
 * .xhtml} of the WAR and of its libraries' {@code META-INF/resources}) and the frame types its two
 * sockets accept (the {@code AgentFrameType} and {@code VisitorFrameType} lists the endpoints
 * switch over).
 */
final class ShippedWar implements AutoCloseable {

  private static final String OWN_CLASSES = "dev/kefu/";

  private final File war;
  private final File unpacked;
  private final URLClassLoader loader;
  private final List<String> classNames = new ArrayList<>();
  private final TreeSet<String> views = new TreeSet<>();

  ShippedWar(File war, File workDir) throws IOException {
    this.war = war;
    this.unpacked = Files.createTempDirectory(workDir.toPath(), "shipped-war").toFile();
    List<URL> urls = new ArrayList<>();
    File classes = new File(unpacked, "WEB-INF/classes");
    classes.mkdirs(); // before toURI(), which marks a directory with its trailing slash
    urls.add(classes.toURI().toURL());
    try (ZipFile zip = new ZipFile(war)) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        String name = entry.getName();
        if (entry.isDirectory()) {
          continue;
        }
        if (name.startsWith("WEB-INF/lib/") && name.endsWith(".jar")) {
          File jar = new File(unpacked, name);
          jar.getParentFile().mkdirs();
          try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, jar.toPath(), StandardCopyOption.REPLACE_EXISTING);
          }
          urls.add(jar.toURI().toURL());
          readJar(jar);
        } else if (name.startsWith("WEB-INF/classes/") && name.endsWith(".class")) {
          File file = new File(unpacked, name);
          file.getParentFile().mkdirs();
          try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, file.toPath(), StandardCopyOption.REPLACE_EXISTING);
          }
          String className = name.substring("WEB-INF/classes/".length());
          if (className.startsWith(OWN_CLASSES)) {
            classNames.add(toClassName(className));
          }
        } else if (name.endsWith(".xhtml")
            && !name.startsWith("WEB-INF/")
            && !name.startsWith("META-INF/")) {
          views.add(name);
        }
      }
    }
    loader = new URLClassLoader(urls.toArray(URL[]::new), ShippedWar.class.getClassLoader());
  }

  private void readJar(File jar) throws IOException {
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar.toPath()))) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        String name = entry.getName();
        if (name.startsWith(OWN_CLASSES) && name.endsWith(".class")) {
          classNames.add(toClassName(name));
        } else if (name.startsWith("META-INF/resources/") && name.endsWith(".xhtml")) {
          views.add(name.substring("META-INF/resources/".length()));
        }
      }
    }
  }

  private static String toClassName(String path) {
    return path.substring(0, path.length() - ".class".length()).replace('/', '.');
  }

  /** Every REST endpoint as {@code "GET conversations/{id}/messages"}, relative to /api/v1. */
  TreeSet<String> restEndpoints() {
    TreeSet<String> endpoints = new TreeSet<>();
    for (String name : classNames) {
      Class<?> type;
      try {
        type = Class.forName(name, false, loader);
      } catch (Throwable unloadable) {
        if (mentionsPath(name)) {
          // A resource that cannot be inspected must not pass as no resource at all.
          endpoints.add("UNREADABLE " + name);
        }
        continue;
      }
      Path root = type.getAnnotation(Path.class);
      if (root == null || type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
        continue;
      }
      for (Method method : type.getMethods()) {
        String verb = httpMethod(method);
        Path sub = method.getAnnotation(Path.class);
        if (verb == null && sub != null) {
          endpoints.add("LOCATOR " + join(root.value(), sub.value()));
        } else if (verb != null) {
          endpoints.add(verb + " " + join(root.value(), sub == null ? "" : sub.value()));
        }
      }
    }
    return endpoints;
  }

  /**
   * The REST endpoints that read a JSON body (as in {@link #restEndpoints}): a resource method with
   * an entity parameter that is not a stream, consuming JSON or anything. A new one is covered by
   * the tests that feed bodies without being listed anywhere.
   */
  TreeSet<String> jsonBodyEndpoints() {
    TreeSet<String> endpoints = new TreeSet<>();
    for (String name : classNames) {
      Class<?> type;
      try {
        type = Class.forName(name, false, loader);
      } catch (Throwable unloadable) {
        continue;
      }
      Path root = type.getAnnotation(Path.class);
      if (root == null || type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
        continue;
      }
      for (Method method : type.getMethods()) {
        String verb = httpMethod(method);
        if (verb == null || !readsJsonEntity(type, method)) {
          continue;
        }
        Path sub = method.getAnnotation(Path.class);
        endpoints.add(verb + " " + join(root.value(), sub == null ? "" : sub.value()));
      }
    }
    return endpoints;
  }

  private static boolean readsJsonEntity(Class<?> type, Method method) {
    Consumes consumes =
        method.getAnnotation(Consumes.class) != null
            ? method.getAnnotation(Consumes.class)
            : type.getAnnotation(Consumes.class);
    boolean json =
        consumes == null
            || java.util.Arrays.stream(consumes.value())
                .anyMatch(t -> t.startsWith("application/json") || t.equals("*/*"));
    if (!json) {
      return false;
    }
    Class<?>[] types = method.getParameterTypes();
    Annotation[][] annotations = method.getParameterAnnotations();
    for (int i = 0; i < types.length; i++) {
      boolean entity =
          java.util.Arrays.stream(annotations[i])
              .noneMatch(a -> a.annotationType().getName().startsWith("jakarta.ws.rs."));
      if (entity
          && !InputStream.class.isAssignableFrom(types[i])
          && !java.io.Reader.class.isAssignableFrom(types[i])
          && types[i] != byte[].class) {
        return true;
      }
    }
    return false;
  }

  private boolean mentionsPath(String className) {
    try (InputStream in = loader.getResourceAsStream(className.replace('.', '/') + ".class")) {
      return in != null
          && new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1)
              .contains("jakarta/ws/rs/Path");
    } catch (IOException e) {
      return true;
    }
  }

  /** Every Faces view, as its path in the application (such as {@code admin/sites.xhtml}). */
  TreeSet<String> views() {
    return new TreeSet<>(views);
  }

  /** The wire names of the frame types of an enum the endpoints switch over. */
  TreeSet<String> frameTypes(String enumClass) throws Exception {
    Class<?> type = Class.forName(enumClass, true, loader);
    TreeSet<String> types = new TreeSet<>();
    for (Object constant : type.getEnumConstants()) {
      types.add(((Enum<?>) constant).name().toLowerCase(Locale.ROOT));
    }
    return types;
  }

  File file() {
    return war;
  }

  private static String httpMethod(Method method) {
    for (Annotation annotation : method.getAnnotations()) {
      HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
      if (verb != null) {
        return verb.value();
      }
    }
    return null;
  }

  private static String join(String root, String sub) {
    String path = strip(root) + "/" + strip(sub);
    return strip(path);
  }

  private static String strip(String path) {
    String p = path;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  @Override
  public void close() throws IOException {
    loader.close();
  }
}

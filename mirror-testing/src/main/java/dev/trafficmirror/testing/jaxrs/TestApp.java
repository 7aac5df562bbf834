package dev.trafficmirror.testing.jaxrs;

import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;

/** An application made of the given classes, singletons and properties. */
public final class TestApp extends Application {
  private final Set<Class<?>> classes;
  private final Set<Object> singletons;
  private final Map<String, Object> properties;

  public TestApp(Set<Class<?>> classes, Set<Object> singletons, Map<String, Object> properties) {
    this.classes = classes;
    this.singletons = singletons;
    this.properties = properties;
  }

  @Override
  public Set<Class<?>> getClasses() {
    return classes;
  }

  @Override
  @SuppressWarnings("deprecation") // still how an Application hands over instances in JAX-RS 3.1
  public Set<Object> getSingletons() {
    return singletons;
  }

  @Override
  public Map<String, Object> getProperties() {
    return properties;
  }
}

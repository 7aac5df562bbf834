package dev.trafficmirror.jaxrs.internal;

import dev.trafficmirror.core.capture.CaptureGuard;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.jspecify.annotations.Nullable;

/**
 * Closes a feature-owned mirror when a Jersey application shuts down, through Jersey's {@code
 * ContainerLifecycleListener}, implemented as a dynamic proxy so that this module needs no Jersey
 * dependency. JAX-RS itself has no portable shutdown hook.
 */
public final class JerseyShutdown implements InvocationHandler {
  private static final String LISTENER =
      "org.glassfish.jersey.server.spi.ContainerLifecycleListener";
  private static final System.Logger LOG = System.getLogger("dev.trafficmirror.jaxrs");

  private final AutoCloseable owned;

  private JerseyShutdown(AutoCloseable owned) {
    this.owned = owned;
  }

  /**
   * Registers a listener that closes {@code owned} on shutdown when the runtime is Jersey.
   *
   * @return whether the runtime is Jersey and the listener was registered
   */
  public static boolean register(FeatureContext context, AutoCloseable owned) {
    Class<?> listener = jerseyListener(context.getClass().getClassLoader());
    if (listener == null) {
      return false;
    }
    Object proxy =
        Proxy.newProxyInstance(
            listener.getClassLoader(), new Class<?>[] {listener}, new JerseyShutdown(owned));
    context.register(proxy, listener);
    return true;
  }

  private static @Nullable Class<?> jerseyListener(@Nullable ClassLoader loader) {
    try {
      return Class.forName(LISTENER, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  @Override
  public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) {
    return switch (method.getName()) {
      case "onShutdown" -> {
        close();
        yield null;
      }
      case "hashCode" -> System.identityHashCode(proxy);
      case "equals" -> args != null && args.length == 1 && proxy == args[0];
      case "toString" -> "MirrorFeature shutdown listener";
      // onStartup, onReload: nothing to do.
      default -> null;
    };
  }

  private void close() {
    try {
      owned.close();
    } catch (Throwable t) {
      CaptureGuard.rethrowIfFatal(t);
      LOG.log(Level.WARNING, "Closing the mirror owned by MirrorFeature failed", t);
    }
  }
}

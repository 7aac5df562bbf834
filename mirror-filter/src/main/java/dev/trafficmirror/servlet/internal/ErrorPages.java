package dev.trafficmirror.servlet.internal;

import jakarta.servlet.ServletContext;
import java.lang.reflect.Method;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Whether the container will still dispatch an error page after the request scope it just ended.
 * Only Jetty 12 (ee10) does that: it ends the request's scope, then dispatches the error page in a
 * scope of its own, or writes its own error body outside any scope when the application has no page
 * for the error. Its error handler is asked through reflection, as this module does not depend on
 * Jetty. Stateless.
 */
final class ErrorPages {
  private static final String CONTEXT_HANDLER =
      "org.eclipse.jetty.ee10.servlet.ServletContextHandler";
  private static final String PAGE_MAPPER =
      "org.eclipse.jetty.ee10.servlet.ErrorHandler$ErrorPageMapper";

  private ErrorPages() {}

  /**
   * Returns whether {@code context} is a Jetty 12 ee10 context whose error handler maps {@code
   * status} or {@code thrown} to an error page; false on any other container or failure.
   */
  static boolean jettyDispatchesLater(
      ServletContext context, int status, @Nullable Throwable thrown) {
    String server = context.getServerInfo();
    if (server == null || !server.toLowerCase(Locale.ROOT).contains("jetty")) {
      return false;
    }
    try {
      ClassLoader loader = context.getClass().getClassLoader();
      Class<?> handlerType = Class.forName(CONTEXT_HANDLER, false, loader);
      Object handler =
          handlerType
              .getMethod("getServletContextHandler", ServletContext.class)
              .invoke(null, context);
      if (handler == null) {
        return false;
      }
      Object errors = handlerType.getMethod("getErrorHandler").invoke(handler);
      Class<?> mapper = Class.forName(PAGE_MAPPER, false, loader);
      if (!mapper.isInstance(errors)) {
        return false;
      }
      Method page = mapper.getMethod("getErrorPage", Integer.class, Throwable.class);
      return page.invoke(errors, status, thrown) != null;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return false;
    }
  }
}

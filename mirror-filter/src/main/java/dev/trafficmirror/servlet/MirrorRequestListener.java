package dev.trafficmirror.servlet;

import dev.trafficmirror.core.capture.CaptureGuard;
import dev.trafficmirror.servlet.internal.Exchange;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;

/**
 * Lets {@link MirrorFilter} record error answers as the client received them. Without it, a request
 * production answers through {@code sendError} (or an exception) is handed over when production
 * returns, before the container has written the error page, so its body is recorded as not
 * captured. With it registered, the filter keeps such a copy until the error page has been written:
 * when the filter is also mapped to {@code ERROR} dispatches it captures the page's status, headers
 * and body; otherwise this listener hands the copy over when the request completes.
 *
 * <p>Register it in {@code web.xml} ({@code <listener><listener-class>
 * dev.trafficmirror.servlet.MirrorRequestListener</listener-class></listener>}) or with {@code
 * ServletContext.addListener}; the Spring Boot starter and the Dropwizard bundle register it
 * themselves. It sets one servlet context attribute and touches no request that the filter did not
 * mark. Thread-safe and stateless.
 */
public final class MirrorRequestListener implements ServletRequestListener {
  private final CaptureGuard guard = new CaptureGuard();

  /** Creates the listener. */
  public MirrorRequestListener() {}

  /**
   * Announces the listener to the filter through a servlet context attribute, and tells a copy that
   * waits for its error page that the container began a scope for it. Never throws.
   */
  @Override
  public void requestInitialized(ServletRequestEvent event) {
    try {
      ServletContext context = event.getServletContext();
      if (context != null && context.getAttribute(Exchange.LISTENER_ATTRIBUTE) == null) {
        context.setAttribute(Exchange.LISTENER_ATTRIBUTE, true);
      }
      ServletRequest request = event.getServletRequest();
      if (request != null
          && request.getAttribute(Exchange.AWAITING_ERROR_PAGE_ATTRIBUTE)
              instanceof Exchange awaiting) {
        awaiting.requestScopeBegins();
      }
    } catch (Throwable t) {
      guard.failed("begin the request", t);
    }
  }

  /** Hands over a copy that still waits for its error page. Never throws. */
  @Override
  public void requestDestroyed(ServletRequestEvent event) {
    try {
      ServletRequest request = event.getServletRequest();
      if (request != null
          && request.getAttribute(Exchange.AWAITING_ERROR_PAGE_ATTRIBUTE)
              instanceof Exchange awaiting) {
        if (awaiting.requestScopeEnded()) {
          request.removeAttribute(Exchange.AWAITING_ERROR_PAGE_ATTRIBUTE);
        }
      }
    } catch (Throwable t) {
      guard.failed("complete the request", t);
    }
  }
}

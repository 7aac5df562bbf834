package dev.trafficmirror.jaxrs.internal;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;

/**
 * Remembers that a request came as {@code HEAD}: a runtime answering {@code HEAD} with a {@code
 * GET} resource method may report the method as {@code GET} after matching (Jersey does), and the
 * copy must be the request the client sent. Costs one comparison on other requests. Stateless and
 * thread-safe.
 */
@PreMatching
public final class HeadRequests implements ContainerRequestFilter {
  private static final String PROPERTY = "dev.trafficmirror.jaxrs.head";

  /** Creates the filter; one serves the whole application. */
  public HeadRequests() {}

  @Override
  public void filter(ContainerRequestContext context) {
    if (HttpMethod.HEAD.equals(context.getMethod())) {
      context.setProperty(PROPERTY, HttpMethod.HEAD);
    }
  }

  /** Returns the method the client sent. */
  static String method(ContainerRequestContext context) {
    return context.getProperty(PROPERTY) != null ? HttpMethod.HEAD : context.getMethod();
  }
}

package dev.trafficmirror.testing.jaxrs;

import dev.trafficmirror.core.Mirror;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;

/**
 * Plays the servlet filter that captured a request already: sets {@link Mirror#CAPTURED_ATTRIBUTE}
 * when the request has {@code X-Test-Captured}. Registered at a priority that runs before the
 * feature's capture.
 */
@Priority(StandAsideFilter.PRIORITY)
public final class StandAsideFilter implements ContainerRequestFilter {
  /** Runs before the feature's request capture (priority 500). */
  public static final int PRIORITY = 10;

  @Override
  public void filter(ContainerRequestContext context) {
    if (context.getHeaderString("X-Test-Captured") != null) {
      context.setProperty(Mirror.CAPTURED_ATTRIBUTE, "test");
    }
  }
}

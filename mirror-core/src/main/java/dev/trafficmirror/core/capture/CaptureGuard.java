package dev.trafficmirror.core.capture;

import dev.trafficmirror.core.internal.dispatch.RateLimitedLog;
import java.time.Duration;
import java.util.Objects;

/**
 * The one guard of capture code: a failure while capturing is logged here (once per step and
 * exception class per minute, never with bodies or header values) and the request goes on
 * unmirrored; a {@link VirtualMachineError} is never swallowed. Thread-safe.
 */
public final class CaptureGuard {
  private final RateLimitedLog log = new RateLimitedLog(Duration.ofMinutes(1));

  /** Creates a guard with its own rate limit; one serves a whole mirror. */
  public CaptureGuard() {}

  /** Rethrows {@code t} when it is a {@link VirtualMachineError}, which no guard may swallow. */
  public static void rethrowIfFatal(Throwable t) {
    RateLimitedLog.rethrowIfFatal(t);
  }

  /**
   * Rethrows {@code t} when it is fatal, else logs that capturing failed while doing {@code what}.
   *
   * @param what the step that failed, for example {@code "read the rest of the body"}
   */
  public void failed(String what, Throwable t) {
    Objects.requireNonNull(what, "what");
    rethrowIfFatal(t);
    log.warn(
        "capture:" + what,
        "Traffic Mirror could not capture a request (" + what + "); it was served unmirrored",
        t);
  }
}

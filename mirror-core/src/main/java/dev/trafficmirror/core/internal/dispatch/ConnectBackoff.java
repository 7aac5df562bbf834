package dev.trafficmirror.core.internal.dispatch;

import dev.trafficmirror.core.Ticker;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A target's pause while it cannot be connected to. Trying every copy against a shadow that is down
 * costs production a capture and the machine a connection attempt per request, for an answer known
 * in advance. After a call fails to connect (refused, no route, unknown host, connect timeout),
 * copies are not sent for {@code mirror.target.<name>.connect-backoff} (100 ms by default),
 * doubling with each further failure up to 50 times that; the first copy after a pause probes the
 * target, and any answer ends the pause. Thread-safe.
 */
final class ConnectBackoff {
  private final String target;
  private final long firstPauseNanos;
  private final long maxPauseNanos;
  private final AtomicInteger failures = new AtomicInteger();
  private final Ticker ticker;

  /** When the pause ends (as the ticker reads); 0 when the target is not paused. */
  private volatile long pausedUntil;

  private volatile @Nullable ConnectException reason;

  /**
   * A back-off for {@code target} pausing {@code firstPause} first, timed by {@code ticker}; zero
   * never pauses.
   */
  ConnectBackoff(String target, Duration firstPause, Ticker ticker) {
    this.target = target;
    this.ticker = ticker;
    this.firstPauseNanos = firstPause.toNanos();
    this.maxPauseNanos =
        firstPauseNanos > Long.MAX_VALUE / 50 ? Long.MAX_VALUE / 2 : firstPauseNanos * 50;
  }

  /**
   * Returns why copies are not sent now, or null when they are. Reads one volatile field while the
   * target is healthy.
   */
  @Nullable ConnectException refusal() {
    long until = pausedUntil;
    if (until == 0 || ticker.read() - until >= 0) {
      return null;
    }
    return reason;
  }

  /**
   * Notes a failed call: pauses the target when {@code failure} says it could not be connected to.
   */
  void failed(Throwable failure) {
    Throwable cause = connectFailure(failure);
    if (cause == null || firstPauseNanos == 0) {
      return;
    }
    int n = failures.incrementAndGet();
    long pause = firstPauseNanos;
    for (int i = 1; i < n && pause < maxPauseNanos; i++) {
      pause *= 2;
    }
    pause = Math.min(maxPauseNanos, pause);
    reason =
        new ConnectException(
            "not sent: target "
                + target
                + " could not be connected to ("
                + cause
                + "); copies are sent again after a pause of "
                + TimeUnit.NANOSECONDS.toMillis(pause)
                + " ms");
    long until = ticker.read() + pause;
    pausedUntil = until == 0 ? 1 : until;
  }

  /** Notes an answer from the target: ends any pause. */
  void answered() {
    if (pausedUntil != 0 || failures.get() != 0) {
      failures.set(0);
      pausedUntil = 0;
      reason = null;
    }
  }

  private static @Nullable Throwable connectFailure(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof HttpConnectTimeoutException
          || t instanceof NoRouteToHostException
          || t instanceof UnknownHostException) {
        return t;
      }
    }
    return null;
  }
}

package dev.trafficmirror.core.internal.dispatch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * Logs a failure at most once per interval for each source and cause, so that a broken target or
 * listener under load cannot flood the log. Never logs bodies or header values: only what the
 * caller writes in the message and the exception.
 */
public final class RateLimitedLog {
  private static final System.Logger LOG = System.getLogger("dev.trafficmirror");

  private final Cache<String, Boolean> recent;

  /**
   * Creates a log that repeats a message for one source and cause at most once per {@code
   * interval}.
   */
  public RateLimitedLog(Duration interval) {
    this.recent = Caffeine.newBuilder().expireAfterWrite(interval).maximumSize(1_000).build();
  }

  /**
   * Logs {@code message} and {@code error} at WARNING unless the same source and cause was logged
   * recently.
   */
  public void warn(String source, String message, Throwable error) {
    String key = source + '|' + error.getClass().getName();
    if (recent.asMap().putIfAbsent(key, Boolean.TRUE) == null) {
      LOG.log(Level.WARNING, message + " (repeats of this are not logged for a while)", error);
    }
  }

  /** Logs {@code message} at WARNING unless the same source and cause was logged recently. */
  public void warn(String source, String cause, String message) {
    if (recent.asMap().putIfAbsent(source + '|' + cause, Boolean.TRUE) == null) {
      LOG.log(Level.WARNING, message + " (repeats of this are not logged for a while)");
    }
  }

  /** Rethrows {@code t} when it is a {@link VirtualMachineError}, which no guard may swallow. */
  public static void rethrowIfFatal(Throwable t) {
    if (t instanceof VirtualMachineError e) {
      throw e;
    }
  }
}

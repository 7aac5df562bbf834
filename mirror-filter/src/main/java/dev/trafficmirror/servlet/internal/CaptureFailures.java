package dev.trafficmirror.servlet.internal;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logs failures of capture: the first of each exception class at WARNING with its stack trace, the
 * rest at DEBUG, so that a capture bug under load cannot flood the log. Never logs bodies or header
 * values. Thread-safe.
 */
public final class CaptureFailures {
  private static final System.Logger LOG = System.getLogger("dev.trafficmirror.servlet");
  private static final int MAX_REMEMBERED = 64;
  private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

  private CaptureFailures() {}

  /** Rethrows {@code t} when it is a {@link VirtualMachineError}, which no guard may swallow. */
  public static void rethrowIfFatal(Throwable t) {
    if (t instanceof VirtualMachineError e) {
      throw e;
    }
  }

  /** Logs that capturing failed while doing {@code what}; the request goes on unmirrored. */
  public static void log(String what, Throwable t) {
    String key = what + '|' + t.getClass().getName();
    boolean first = SEEN.size() < MAX_REMEMBERED && SEEN.add(key);
    LOG.log(first ? Level.WARNING : Level.DEBUG,
        () -> "Traffic Mirror could not capture a request (" + what + "); it was served unmirrored"
            + (first ? " (further failures of this kind are logged at DEBUG)" : ""),
        t);
  }
}

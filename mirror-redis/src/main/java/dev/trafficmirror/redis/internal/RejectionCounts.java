package dev.trafficmirror.redis.internal;

import dev.trafficmirror.redis.EntryRejection;
import java.lang.System.Logger.Level;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import redis.clients.jedis.StreamEntryID;

/**
 * Counts the entries a replayer refused, by reason, and logs them: the first of each reason at
 * WARNING, further ones within a minute at DEBUG, never a field value. {@link #record} is called by
 * the replayer's loop thread only; {@link #count} by any thread.
 */
final class RejectionCounts {
  private static final System.Logger LOG = System.getLogger("dev.trafficmirror.redis");
  private static final long QUIET_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final String replayer;

  /** Counts by {@link EntryRejection#ordinal()}. */
  private final LongAdder[] counts = new LongAdder[EntryRejection.values().length];

  private final Map<EntryRejection, Long> loggedAt = new EnumMap<>(EntryRejection.class);

  RejectionCounts(String replayer) {
    this.replayer = replayer;
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  /**
   * Counts one entry refused for {@code reason} and sent to the dead letter stream with {@code
   * error}.
   */
  void record(EntryRejection reason, StreamEntryID id, String error) {
    counts[reason.ordinal()].increment();
    long now = System.nanoTime();
    Long last = loggedAt.get(reason);
    if (last != null && now - last < QUIET_NANOS) {
      LOG.log(Level.DEBUG, "Replayer {0}: entry {1} rejected ({2})", replayer, id, reason.label());
      return;
    }
    loggedAt.put(reason, now);
    LOG.log(
        Level.WARNING,
        "Replayer {0}: entry {1} rejected and sent to the dead letter stream: {2}"
            + " ({3} rejected as {4} so far; further ones are logged at DEBUG for a minute)",
        replayer,
        id,
        error,
        count(reason),
        reason.label());
  }

  /** Returns how many entries were refused for {@code reason}. */
  long count(EntryRejection reason) {
    return counts[reason.ordinal()].sum();
  }
}

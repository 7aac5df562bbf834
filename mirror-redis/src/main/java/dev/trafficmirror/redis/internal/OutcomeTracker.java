package dev.trafficmirror.redis.internal;

import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.OutcomeListener;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Matches the replayer's outcomes to the entries they belong to, by mirror id and target, and hands
 * each entry over once all its outcomes are in. Called on the mirror's threads; thread-safe.
 *
 * <p>The completed queue needs no bound: it never holds more than the entries in flight.
 */
public final class OutcomeTracker implements OutcomeListener {
  private final ConcurrentHashMap<String, ReplayEntry> inFlight = new ConcurrentHashMap<>();
  private final BlockingQueue<ReplayEntry> completed = new LinkedBlockingQueue<>();
  private volatile boolean ignoring;

  /** Creates an empty tracker. */
  public OutcomeTracker() {}

  /**
   * Starts tracking {@code entry} under {@code mirrorId}; returns false when an entry with that
   * mirror id is already in flight here (the caller leaves the second one pending for later).
   */
  public boolean track(String mirrorId, ReplayEntry entry) {
    return inFlight.putIfAbsent(mirrorId, entry) == null;
  }

  /** Stops tracking {@code entry}, for a submission that never happened. */
  public void untrack(String mirrorId, ReplayEntry entry) {
    inFlight.remove(mirrorId, entry);
  }

  @Override
  public void onOutcome(MirrorOutcome outcome) {
    if (ignoring) {
      return;
    }
    String mirrorId = outcome.request().id();
    ReplayEntry entry = inFlight.get(mirrorId);
    if (entry != null && entry.record(outcome) && inFlight.remove(mirrorId, entry)) {
      completed.add(entry);
    }
  }

  /** Adds an entry that completed without being submitted (an unreadable record). */
  public void completeNow(ReplayEntry entry) {
    completed.add(entry);
  }

  /** Returns the next completed entry, waiting up to {@code timeoutNanos}, or null. */
  public @Nullable ReplayEntry pollCompleted(long timeoutNanos) throws InterruptedException {
    return timeoutNanos <= 0
        ? completed.poll()
        : completed.poll(timeoutNanos, TimeUnit.NANOSECONDS);
  }

  /** Returns the next completed entry, or null when there is none now. */
  public @Nullable ReplayEntry pollCompleted() {
    return completed.poll();
  }

  /** Ignores every outcome from now on: the replayer was abandoned and settles nothing. */
  public void ignoreFromNowOn() {
    ignoring = true;
  }
}

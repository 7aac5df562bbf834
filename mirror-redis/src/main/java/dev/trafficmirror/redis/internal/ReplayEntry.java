package dev.trafficmirror.redis.internal;

import dev.trafficmirror.redis.EntryRejection;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.OutcomeKind;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.StreamEntryID;

/**
 * One stream entry held by this replayer, from delivery until it is settled: acknowledged, sent to
 * the dead letter stream, or left pending for a retry. Collects one outcome per target;
 * thread-safe.
 */
public final class ReplayEntry {
  /** How a completed entry is settled. */
  public enum Verdict {
    /** Every target answered or delivered: acknowledge. */
    DONE,
    /** A target failed (or the record is unreadable): count the delivery, retry or dead-letter. */
    FAILED,
    /**
     * A copy was dropped by the replayer's mirror (budget, shutdown): leave pending, retry later.
     */
    DROPPED,
    /** The entry must not be replayed ({@link #rejection()}): dead-letter it at once. */
    REJECTED
  }

  /** How the failure of an unreadable record begins. */
  static final String UNREADABLE = "unreadable record: ";

  private final StreamEntryID id;
  private final Map<byte[], byte[]> fields;
  private final long knownDeliveries;
  private final long heldSinceNanos = System.nanoTime();
  private final Set<String> awaited;
  private @Nullable String failure;
  private boolean dropped;
  private boolean droppedForBudget;
  private boolean alone;
  private @Nullable EntryRejection rejection;

  /**
   * Creates an entry awaiting one outcome from each of {@code targets}.
   *
   * @param knownDeliveries the entry's delivery count when known (1 for a new entry), else 0
   */
  public ReplayEntry(
      StreamEntryID id, Map<byte[], byte[]> fields, long knownDeliveries, Set<String> targets) {
    this.id = id;
    this.fields = fields;
    this.knownDeliveries = knownDeliveries;
    this.awaited = new HashSet<>(targets);
  }

  /** Returns a completed entry that failed before it was submitted: an unreadable record. */
  public static ReplayEntry unreadable(
      StreamEntryID id, Map<byte[], byte[]> fields, long knownDeliveries, String error) {
    ReplayEntry entry = new ReplayEntry(id, fields, knownDeliveries, Set.of());
    entry.failure = UNREADABLE + error;
    return entry;
  }

  /**
   * Returns a completed entry that must not be replayed, for {@code reason}; {@code message}
   * becomes its dead letter error.
   */
  public static ReplayEntry rejected(
      StreamEntryID id,
      Map<byte[], byte[]> fields,
      long knownDeliveries,
      EntryRejection reason,
      String message) {
    ReplayEntry entry = new ReplayEntry(id, fields, knownDeliveries, Set.of());
    entry.rejection = reason;
    entry.failure = "rejected: " + reason.label() + ": " + message;
    return entry;
  }

  /**
   * Marks the entry as submitted while the replayer held no other: its copy was then the only one
   * in the replayer's memory budget, so a budget drop means it can never fit.
   */
  public synchronized void submittedAlone() {
    alone = true;
  }

  /** Returns the stream entry id. */
  public StreamEntryID id() {
    return id;
  }

  /** Returns the entry's fields as read, for the dead letter stream. */
  public Map<byte[], byte[]> fields() {
    return fields;
  }

  /** Returns when this replayer took the entry, in {@link System#nanoTime()}. */
  public long heldSinceNanos() {
    return heldSinceNanos;
  }

  /** Returns the delivery count when known at delivery (1 for a new entry), else 0. */
  public long knownDeliveries() {
    return knownDeliveries;
  }

  /**
   * Records {@code outcome}; returns true when it was the last one awaited. A second outcome for a
   * target already heard from is ignored.
   */
  public synchronized boolean record(MirrorOutcome outcome) {
    if (!awaited.remove(outcome.target())) {
      return false;
    }
    OutcomeKind kind = outcome.kind();
    if (kind == OutcomeKind.SHADOW_ERROR || kind == OutcomeKind.SHADOW_TIMEOUT) {
      if (failure == null) {
        Throwable error = outcome.error();
        failure =
            "target "
                + outcome.target()
                + ": "
                + kind.label()
                + (error == null
                    ? ""
                    : ": " + error.getClass().getName() + ": " + error.getMessage());
      }
    } else if (kind.notSent()) {
      dropped = true;
      droppedForBudget |= kind == OutcomeKind.DROPPED_BUDGET;
    }
    return awaited.isEmpty();
  }

  /** Returns how the entry is settled; meaningful once every outcome is in. */
  public synchronized Verdict verdict() {
    if (rejection == null && droppedForBudget && alone) {
      rejection = EntryRejection.OVER_BUDGET;
      failure =
          "rejected: "
              + EntryRejection.OVER_BUDGET.label()
              + ": dropped for mirror.max-buffered-bytes with nothing else held";
    }
    if (rejection != null) {
      return Verdict.REJECTED;
    }
    if (failure != null) {
      return Verdict.FAILED;
    }
    return dropped ? Verdict.DROPPED : Verdict.DONE;
  }

  /** Returns why the entry must not be replayed, or null; meaningful once every outcome is in. */
  public synchronized @Nullable EntryRejection rejection() {
    return rejection;
  }

  /** Returns the first failure, for the dead letter stream, or null. */
  public synchronized @Nullable String failure() {
    return failure;
  }

  @Override
  public String toString() {
    return "ReplayEntry[" + id + "]";
  }
}

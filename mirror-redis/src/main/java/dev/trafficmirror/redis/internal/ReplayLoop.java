package dev.trafficmirror.redis.internal;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.TargetState;
import dev.trafficmirror.redis.EntryRejection;
import dev.trafficmirror.redis.internal.EntryScreen.Accepted;
import dev.trafficmirror.redis.internal.EntryScreen.Rejected;
import dev.trafficmirror.redis.internal.EntryScreen.Result;
import dev.trafficmirror.redis.internal.EntryScreen.Unreadable;
import dev.trafficmirror.redis.internal.StreamRecord.Replay;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntryBinary;

/**
 * The replayer's one consumer thread: reads new entries, claims idle ones, keeps its own alive,
 * screens each ({@link EntryScreen}), submits what passes to the mirror, and settles each once its
 * outcomes are in (acknowledge, dead-letter, or leave pending for a retry); what the screen refuses
 * is dead-lettered at once, never sent. All Redis traffic of the replayer happens here, so the
 * entries it holds need no lock; only the {@link OutcomeTracker} is shared with the mirror's
 * threads.
 *
 * <p>The number of entries held (submitted or awaiting settlement) never exceeds {@code
 * maxInFlight}: that is the replayer's back-pressure, and the reason the mirror's queues never
 * fill.
 *
 * <p><b>Claims first.</b> Several times per {@code claimIdle} a claim scan ({@code XAUTOCLAIM}) is
 * due. Until it has reached the end of the pending entries, each turn claims first, up to a quarter
 * of {@code maxInFlight} (scanning on while there is room), and new entries are read only into what
 * exceeds that quarter. So a dead replayer's entries are taken over within about {@code claimIdle}
 * however long the backlog of new entries is, and new entries still get three quarters of the
 * capacity.
 */
public final class ReplayLoop implements Runnable {
  private static final System.Logger LOG = System.getLogger("dev.trafficmirror.redis");

  /** The longest a read waits for new entries; bounds how late a stop or a keep-alive can be. */
  public static final int MAX_BLOCK_MILLIS = 500;

  private static final int BATCH = 100;

  /** The most claim calls in one turn; each scans up to ten times its count of pending entries. */
  private static final int MAX_CLAIM_CALLS = 16;

  private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final ConsumerGroup group;
  private final Mirror mirror;
  private final OutcomeTracker tracker;
  private final Set<String> targets;
  private final int maxInFlight;
  private final long claimIdleMillis;
  private final int maxDeliveries;
  private final long maintenanceNanos;
  private final long stuckAfterNanos;
  private final Duration drainTimeout;
  private final String name;
  private final EntryScreen screen;
  private final int claimShare;
  private final LongAdder deadLettered = new LongAdder();
  private final RejectionCounts rejected;

  // Loop thread only (and the closing thread once the loop thread has ended).
  private final HeldEntries held = new HeldEntries();
  private long nextMaintenance = System.nanoTime();
  private long backoffNanos = MIN_BACKOFF_NANOS;
  private boolean groupReady;
  private boolean redisDown;
  private boolean claimDue = true;

  private volatile boolean stopping;
  private volatile boolean abandoned;

  /**
   * Creates the loop; {@link #run()} starts it.
   *
   * @param stuckAfter how long a submitted entry may wait for its outcomes before it is given up
   *     here (left pending for a retry): a guard against an outcome that never comes
   * @param screen decides which entries may be replayed
   */
  public ReplayLoop(
      ConsumerGroup group,
      Mirror mirror,
      OutcomeTracker tracker,
      Set<String> targets,
      int maxInFlight,
      Duration claimIdle,
      int maxDeliveries,
      Duration stuckAfter,
      Duration drainTimeout,
      String name,
      EntryScreen screen) {
    this.group = group;
    this.mirror = mirror;
    this.tracker = tracker;
    this.targets = Set.copyOf(targets);
    this.maxInFlight = maxInFlight;
    this.claimIdleMillis = claimIdle.toMillis();
    this.maxDeliveries = maxDeliveries;
    // Keep-alives run several times per idle period, so a held entry never looks abandoned.
    this.maintenanceNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10), claimIdle.toNanos() / 4);
    this.stuckAfterNanos = stuckAfter.toNanos();
    this.drainTimeout = drainTimeout;
    this.name = name;
    this.screen = screen;
    this.claimShare = Math.max(1, maxInFlight / 4);
    this.rejected = new RejectionCounts(name);
  }

  @Override
  public void run() {
    while (!stopping) {
      step();
    }
    if (!abandoned) {
      drain();
    }
  }

  /** Asks the loop to stop reading, settle what it holds within the drain timeout, and end. */
  public void stop() {
    stopping = true;
  }

  /** Asks the loop to end at once and settle nothing, as if the process had died. */
  public void abandon() {
    abandoned = true;
    tracker.ignoreFromNowOn();
    stopping = true;
  }

  /** Returns how many entries this replayer sent to the dead letter stream, for any reason. */
  public long deadLettered() {
    return deadLettered.sum();
  }

  /** Returns how many entries this replayer refused for {@code reason} and dead-lettered. */
  public long rejected(EntryRejection reason) {
    return rejected.count(reason);
  }

  private void step() {
    try {
      if (!groupReady) {
        group.ensureGroup();
        groupReady = true;
      }
      collect(0);
      settle();
      long now = System.nanoTime();
      if (now - nextMaintenance >= 0) {
        maintain();
        claimDue = true;
        nextMaintenance = now + maintenanceNanos;
      }
      claimFirst();
      // While a claim scan is unfinished, new entries leave the claims' share free.
      int readable = maxInFlight - held.size() - (claimDue ? claimShare : 0);
      if (readable <= 0) {
        collect(nanosUntilMaintenance());
        return;
      }
      int block =
          (int) Math.min(MAX_BLOCK_MILLIS, TimeUnit.NANOSECONDS.toMillis(nanosUntilMaintenance()));
      for (StreamEntryBinary entry : group.readNew(Math.min(readable, BATCH), block)) {
        dispatch(entry, 1);
      }
      redisUp();
    } catch (InterruptedException e) {
      // Nothing here interrupts this thread; if someone does, stop as asked.
      Thread.currentThread().interrupt();
      stopping = true;
    } catch (RuntimeException e) {
      if (ConsumerGroup.isNoGroup(e)) {
        groupReady = false;
      }
      redisDown(e);
      try {
        collect(backoffNanos);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        stopping = true;
      }
      backoffNanos = Math.min(MAX_BACKOFF_NANOS, backoffNanos * 2);
    }
  }

  private long nanosUntilMaintenance() {
    return Math.max(TimeUnit.MILLISECONDS.toNanos(1), nextMaintenance - System.nanoTime());
  }

  /** Gives up entries that are stuck and keeps the other held entries alive. */
  private void maintain() {
    releaseStuck();
    group.keepAlive(held.ids());
  }

  /**
   * While a claim scan is due, claims up to the claims' share of the capacity this turn, scanning
   * on (a bounded number of calls) while the calls find too few: so the scan does not wait for the
   * next turn when there is room.
   */
  private void claimFirst() {
    int claimed = 0;
    for (int calls = 0;
        claimDue && claimed < claimShare && held.size() < maxInFlight && calls < MAX_CLAIM_CALLS;
        calls++) {
      int before = held.size();
      claim(Math.min(maxInFlight - held.size(), claimShare - claimed));
      claimed += held.size() - before;
    }
  }

  /**
   * Claims up to {@code count} idle entries, continuing the scan; the claim is no longer due once
   * it reached the end.
   */
  private void claim(int count) {
    ConsumerGroup.Claimed claimed = group.claimIdle(claimIdleMillis, Math.min(count, BATCH));
    claimDue = !claimed.scanComplete();
    if (claimed.deleted() > 0) {
      LOG.log(
          Level.WARNING,
          "{0} pending entries of the stream were trimmed before they were replayed;"
              + " consider a larger maxlen on the redis-stream target",
          claimed.deleted());
    }
    for (StreamEntryBinary entry : claimed.entries()) {
      dispatch(entry, 0);
    }
  }

  /**
   * Gives up entries whose outcomes are long overdue: they stop being kept alive and are claimed
   * again after the idle time, here or elsewhere. Outcomes arriving later are ignored.
   */
  private void releaseStuck() {
    held.stuck(System.nanoTime(), stuckAfterNanos)
        .forEach(
            (entry, mirrorId) -> {
              tracker.untrack(mirrorId, entry);
              held.release(entry);
              LOG.log(
                  Level.WARNING,
                  "Replayer {0}: entry {1} had no outcome after {2}; left pending for a retry",
                  name,
                  entry.id(),
                  Duration.ofNanos(stuckAfterNanos));
            });
  }

  private void dispatch(StreamEntryBinary streamEntry, long knownDeliveries) {
    StreamEntryID id = streamEntry.getID();
    if (held.contains(id)) {
      return;
    }
    Map<byte[], byte[]> fields = streamEntry.getFields();
    Result screened = screen.screen(fields);
    if (screened instanceof Rejected rejection) {
      held.completedNow(
          ReplayEntry.rejected(
              id, fields, knownDeliveries, rejection.reason(), rejection.message()));
      return;
    }
    if (screened instanceof Unreadable unreadable) {
      held.completedNow(ReplayEntry.unreadable(id, fields, knownDeliveries, unreadable.message()));
      return;
    }
    Replay replay = ((Accepted) screened).replay();
    // Only running targets take the copy (a paused or self-stopped one records no outcome): await
    // those.
    // A target stopping between here and submit leaves the entry stuck until it is retried.
    Set<String> running = new HashSet<>();
    for (String target : targets) {
      if (mirror.targetState(target) == TargetState.RUNNING) {
        running.add(target);
      }
    }
    ReplayEntry entry = new ReplayEntry(id, fields, knownDeliveries, running);
    if (running.isEmpty()) {
      held.completedNow(entry);
      return;
    }
    if (!tracker.track(replay.request().id(), entry)) {
      // Another entry with this mirror id is in flight here: outcomes could not be told apart.
      // Leave this one pending; it is claimed again after the idle time.
      LOG.log(Level.DEBUG, "Entry {0} has the mirror id of an entry in flight; left for later", id);
      return;
    }
    if (mirror.bufferedBytes() == 0) {
      // Only this thread adds to the budget: a budget drop now means the copy can never fit.
      entry.submittedAlone();
    }
    held.submitted(entry, replay.request().id());
    mirror.adapterProtocol().submit(replay.request(), replay.production());
  }

  /**
   * Moves completed entries to the unsettled list, waiting up to {@code timeoutNanos} for the
   * first.
   */
  private void collect(long timeoutNanos) throws InterruptedException {
    ReplayEntry entry = tracker.pollCompleted(timeoutNanos);
    while (entry != null) {
      held.completed(entry);
      entry = tracker.pollCompleted();
    }
  }

  /**
   * Settles what completed: acknowledges, dead-letters or releases; what fails stays for the next
   * turn.
   */
  private void settle() {
    List<ReplayEntry> done = new ArrayList<>();
    for (ReplayEntry entry : held.unsettled()) {
      switch (entry.verdict()) {
        case DONE -> done.add(entry);
        case DROPPED -> held.release(entry);
        case REJECTED -> {
          settleRejected(entry);
          held.release(entry);
        }
        case FAILED -> {
          settleFailed(entry);
          held.release(entry);
        }
      }
    }
    if (!done.isEmpty()) {
      group.ack(done.stream().map(ReplayEntry::id).toList());
      done.forEach(held::release);
    }
  }

  private void settleFailed(ReplayEntry entry) {
    long deliveries =
        entry.knownDeliveries() > 0 ? entry.knownDeliveries() : group.deliveries(entry.id());
    if (deliveries <= 0) {
      return; // No longer pending: the group was recreated or the entry trimmed.
    }
    if (deliveries >= maxDeliveries) {
      String failure = entry.failure();
      String reason =
          failure != null && failure.startsWith(ReplayEntry.UNREADABLE) ? "unreadable" : "failed";
      group.deadLetter(
          entry.id(), entry.fields(), reason, failure == null ? "failed" : failure, deliveries);
      deadLettered.increment();
      LOG.log(
          Level.DEBUG,
          "Entry {0} failed on delivery {1}: sent to the dead letter stream",
          entry.id(),
          deliveries);
    }
    // Otherwise left pending: any replayer claims it again after the idle time.
  }

  /** Dead-letters an entry that must not be replayed, on whichever delivery, and counts it. */
  private void settleRejected(ReplayEntry entry) {
    EntryRejection reason = entry.rejection();
    long deliveries =
        entry.knownDeliveries() > 0 ? entry.knownDeliveries() : group.deliveries(entry.id());
    if (reason == null || deliveries <= 0) {
      return; // No longer pending: the group was recreated or the entry trimmed.
    }
    String failure = entry.failure();
    String error = failure == null ? reason.label() : failure;
    group.deadLetter(entry.id(), entry.fields(), reason.label(), error, deliveries);
    deadLettered.increment();
    rejected.record(reason, entry.id(), error);
  }

  /** Settles what it holds, keeping it alive, until nothing is held or the drain timeout passes. */
  private void drain() {
    long deadline = System.nanoTime() + drainTimeout.toNanos();
    while (!abandoned && !held.isEmpty() && deadline - System.nanoTime() > 0) {
      try {
        settle();
        if (System.nanoTime() - nextMaintenance >= 0) {
          maintain();
          nextMaintenance = System.nanoTime() + maintenanceNanos;
        }
        collect(Math.min(nanosUntilMaintenance(), Math.max(1, deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        redisDown(e);
        try {
          collect(Math.min(backoffNanos, Math.max(1, deadline - System.nanoTime())));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * Settles what completed after the mirror closed, and leaves the group when nothing is pending on
   * this consumer any more. Call on the closing thread after the loop thread has ended.
   */
  public void finish() {
    if (abandoned) {
      return;
    }
    try {
      collect(0);
      settle();
      group.leaveIfIdle();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Replayer "
              + name
              + " could not settle its last entries; they stay pending"
              + " and are claimed by another replayer after the idle time",
          e);
    }
  }

  private void redisUp() {
    backoffNanos = MIN_BACKOFF_NANOS;
    if (redisDown) {
      redisDown = false;
      LOG.log(Level.INFO, "Replayer {0}: Redis is reachable again", name);
    }
  }

  private void redisDown(RuntimeException e) {
    if (!redisDown) {
      redisDown = true;
      LOG.log(
          Level.WARNING,
          "Replayer "
              + name
              + ": Redis command failed; retrying with back-off"
              + " (further failures are logged at DEBUG until it recovers)",
          e);
    } else {
      LOG.log(Level.DEBUG, "Replayer " + name + ": Redis command failed again: " + e);
    }
  }

  @Override
  public String toString() {
    return "ReplayLoop[" + name + ", " + held + "]";
  }
}

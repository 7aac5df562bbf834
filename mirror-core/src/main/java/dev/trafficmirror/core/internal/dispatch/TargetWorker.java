package dev.trafficmirror.core.internal.dispatch;

import dev.trafficmirror.core.TargetConfig;
import dev.trafficmirror.core.Ticker;
import dev.trafficmirror.core.internal.rules.HeaderPolicy;
import dev.trafficmirror.spi.AsyncShadowTarget;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ProductionResponse;
import dev.trafficmirror.spi.ResponseComparator;
import dev.trafficmirror.spi.ShadowTarget;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * One target's bounded queue, its calls in flight and its mirror threads: a slow target fills its
 * own queue and starves no other. Offering never blocks; a full queue is a counted drop.
 * Thread-safe.
 *
 * <p>Calls in flight are bounded by {@code max-in-flight}. An {@linkplain AsyncShadowTarget
 * asynchronous} target holds no thread while its shadow works: the threads start calls and, when
 * answers come back (handed over by whichever thread completed them), compare and report them. A
 * synchronous target runs one call per thread, so its threads bound its calls too.
 *
 * <p>A target whose I/O the engine can {@linkplain TargetDriver drive} (the http target's event
 * loop) is driven by its first thread: it starts calls, turns the client's loop, which reads the
 * answers and completes their stages on it, compares and reports them, and enforces their
 * deadlines, with no hand-off to another thread. It takes the copies production queued every 4 ms
 * (every 20 ms once idle for a second), and turns every millisecond while calls are in flight, so
 * an answer is read at most a millisecond after it arrived: at 2000 copies a second to a shadow
 * answering within a millisecond, that is about 500 wake-ups a second for the whole target, however
 * the copies arrive, instead of one per call, answer and hand-off. The target's other threads only
 * help: they sleep 100 ms at a time, and start queued copies and compare answers read by the
 * driving thread when a backlog of more than 128 copies builds (the driving thread wakes them) or
 * answers wait while it is busy (a slow comparison, a cold JIT at start-up).
 *
 * <p>The production thread never wakes a thread: one idle thread at a time {@linkplain IdlePolling
 * polls} (every 4 ms for an asynchronous target, every millisecond for a blocking one), the others
 * every 20 ms, and the busy one wakes the rest when a backlog builds that it cannot clear alone
 * before it looks again. So a copy waits at most a few milliseconds before its call starts, which
 * is invisible to a mirror, and an idle target costs the machine almost nothing.
 */
public final class TargetWorker {
  /** Backlog past which a busy thread of an asynchronous target wakes the others. */
  private static final int ASYNC_WAKE_BACKLOG = 128;

  /**
   * How often the watching thread of an asynchronous target looks for work. Its only cost is when a
   * call starts and when an answer is compared, never the shadow durations (the client notes
   * those), so it can be slower than a blocking target's and save the machine wake-ups.
   */
  private static final long ASYNC_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(4);

  /**
   * How often the watching thread of a blocking target looks for work; so also the horizon by which
   * {@link #wakesOthersFor} judges whether one thread clears a backlog before it looks again.
   */
  private static final long BLOCKING_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private static final long SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /** How often a driven target's thread turns while calls are in flight: answers are read then. */
  private static final long DRIVE_READ_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /** How often it takes the copies queued meanwhile. */
  private static final long DRIVE_TAKE_NANOS = ASYNC_POLL_NANOS;

  /** Quiet turns without calls after which a driven target's thread looks every 20 ms only. */
  private static final int DRIVE_TURNS_BEFORE_IDLE = 250;

  /** How long the helping threads of a driven target sleep when there is nothing to help with. */
  private static final long HELP_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  final String name;
  final TargetConfig config;
  final ShadowTarget target;
  final @Nullable AsyncShadowTarget asyncTarget;

  /**
   * Turns the target's I/O on this worker's first thread, or null: the target has threads of its
   * own.
   */
  private final @Nullable TargetDriver driver;

  /** How often the driven thread looks for calls past their deadline. */
  private final long sweepNanos;

  final ResponseComparator comparator;
  final HeaderPolicy headerPolicy;
  final MirrorTelemetry telemetry;
  final OutcomeRecorder recorder;
  final RateLimitedLog log;

  /** Pauses the target while it cannot be connected to. */
  final ConnectBackoff backoff;

  /** Times calls, their deadlines and the back-off. */
  final Ticker ticker;

  volatile boolean closing;
  private volatile boolean terminated;

  /** Set when an offer found the queue full, cleared when a thread takes a copy: read lock-free. */
  private volatile boolean full;

  private final int maxInFlight;
  private final ArrayBlockingQueue<ShadowCall> queue;

  /** Calls started and not yet finished, for the deadline sweep and shutdown. */
  private final Set<ShadowCall> inFlightCalls = ConcurrentHashMap.newKeySet();

  private final AtomicInteger inFlight = new AtomicInteger();

  /** Answers of asynchronous calls, handed over by the threads that completed them. */
  private final ConcurrentLinkedQueue<ShadowCall> answered = new ConcurrentLinkedQueue<>();

  /**
   * How long a blocking target's copies take on its thread, lately (see {@link #noteBlockingCopy});
   * starts at the poll interval, so that until copies have been timed a backlog wakes every thread.
   */
  private volatile long recentCopyNanos = BLOCKING_POLL_NANOS;

  private final AtomicBoolean watching = new AtomicBoolean();
  private final List<Thread> threads = new ArrayList<>();

  /** Creates the worker and starts its threads. */
  public TargetWorker(
      TargetConfig config,
      ShadowTarget target,
      ResponseComparator comparator,
      HeaderPolicy headerPolicy,
      MirrorTelemetry telemetry,
      OutcomeRecorder recorder,
      RateLimitedLog log,
      Ticker ticker,
      ThreadFactory threadFactory,
      @Nullable TargetDriver driver) {
    this.name = config.name();
    this.config = config;
    this.target = target;
    this.asyncTarget = target instanceof AsyncShadowTarget a ? a : null;
    this.driver = asyncTarget != null ? driver : null;
    this.sweepNanos = sweepNanos(config.timeout().toNanos());
    this.comparator = comparator;
    this.headerPolicy = headerPolicy;
    this.telemetry = telemetry;
    this.recorder = recorder;
    this.log = log;
    this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
    this.ticker = ticker;
    this.backoff = new ConnectBackoff(name, config.connectBackoff(), ticker);
    this.maxInFlight =
        asyncTarget != null
            ? config.maxInFlight()
            : Math.min(config.threads(), config.maxInFlight());
    NamedThreadFactory factory =
        new NamedThreadFactory("mirror-" + name + "-worker", threadFactory);
    TargetDriver io = this.driver;
    if (io != null) {
      threads.add(factory.newThread(() -> drive(io)));
      for (int i = 1; i < config.threads(); i++) {
        threads.add(factory.newThread(this::help));
      }
    } else {
      for (int i = 0; i < config.threads(); i++) {
        threads.add(factory.newThread(this::work));
      }
    }
    // Start every thread now: creating one on demand would cost the production thread.
    threads.forEach(Thread::start);
  }

  private void work() {
    IdlePolling polling =
        new IdlePolling(asyncTarget != null ? ASYNC_POLL_NANOS : BLOCKING_POLL_NANOS);
    // Whether this thread has just woken up: only then is the backlog looked at, since the queue's
    // size takes the lock that production threads offer under.
    boolean woke = true;
    while (!terminated) {
      ShadowCall done = answered.poll();
      if (done != null) {
        polling.busy();
        guarded(done::finish);
        continue;
      }
      ShadowCall call = takeIfRoom();
      if (call != null) {
        polling.busy();
        if (woke) {
          woke = false;
          if (wakesOthersFor(queue.size())) {
            threads.forEach(LockSupport::unpark);
          }
        }
        if (asyncTarget != null) {
          guarded(call::start);
        } else {
          // Real time, not the ticker's: this judges the machine's speed, not a deadline.
          long started = System.nanoTime();
          guarded(call::start);
          noteBlockingCopy(System.nanoTime() - started);
        }
      } else if (drained()) {
        return;
      } else {
        Thread.interrupted();
        idle(polling);
        woke = true;
      }
    }
  }

  /**
   * The driving (first) thread of a driven target: a turn starts the queued copies there is room
   * for (every 4 ms), turns the client's I/O (which completes answers on this thread), compares and
   * reports them, and enforces deadlines; then waits a millisecond while calls are in flight, until
   * the next take while none is.
   */
  private void drive(TargetDriver io) {
    Turns turns = new Turns(io, ticker.read());
    while (!terminated && turns.turn()) {
      // Each turn is a call of its own, so the JIT compiles it as a method: a loop entered once
      // would run interpreted for the first minute.
    }
    // Drained at closing (or terminated): the helping threads need not sleep out their pause.
    wakeHelpers();
  }

  /** The state of a driven target's thread between its turns. Thread-confined. */
  private final class Turns {
    private final TargetDriver io;
    private long nextSweep;
    private long nextTake;
    private int quietTurns;

    Turns(TargetDriver io, long now) {
      this.io = io;
      this.nextSweep = now + sweepNanos;
      this.nextTake = now;
    }

    /**
     * One turn and the pause after it; returns false once the worker has drained at closing. Queued
     * copies are taken every {@code DRIVE_TAKE_NANOS} only, whatever the rate and however the
     * copies arrive, and answers are read a millisecond after: two wake-ups per take, each serving
     * every copy queued meanwhile.
     */
    boolean turn() {
      Thread.interrupted();
      long now = ticker.read();
      boolean took = false;
      if (now - nextTake >= 0) {
        nextTake = now + DRIVE_TAKE_NANOS;
        if (threads.size() > 1 && wakesOthersFor(queue.size())) {
          // Falling behind (a cold JIT, slow comparisons): the other threads help.
          wakeHelpers();
        }
        took = startQueued();
      }
      io.drive();
      boolean answeredAny = finishAnswered();
      if (now - nextSweep >= 0) {
        nextSweep = now + sweepNanos;
        guarded(() -> enforceDeadlines(ticker.read()));
      }
      if (drained()) {
        return false;
      }
      int calls = inFlight.get();
      quietTurns = took || answeredAny || calls > 0 ? 0 : quietTurns + 1;
      long pause;
      if (calls > 0) {
        pause = DRIVE_READ_NANOS;
      } else if (quietTurns < DRIVE_TURNS_BEFORE_IDLE) {
        pause = Math.max(0, nextTake - ticker.read());
      } else {
        pause = SLEEP_NANOS;
        nextTake = now;
      }
      if (pause > 0) {
        LockSupport.parkNanos(TargetWorker.this, pause);
      }
      return true;
    }
  }

  /**
   * Returns whether {@code backlog} queued copies need the target's other threads: the one rule by
   * which a busy thread wakes them and a driven target's helping threads start copies. An
   * asynchronous target's threads only start calls, so they are needed past a backlog of 128. A
   * blocking target's thread runs each call to its end, so the others are needed unless this one
   * will have run the whole backlog before the watching thread next looks (a millisecond), judged
   * by how long its recent copies took: a fast target (a no-op, an in-memory queue) is then served
   * by one thread, without waking four of them every millisecond to share a few dozen copies, while
   * a slow one gets every thread at once.
   */
  boolean wakesOthersFor(int backlog) {
    if (asyncTarget != null) {
      return backlog > ASYNC_WAKE_BACKLOG;
    }
    return backlog > 0 && (long) backlog * recentCopyNanos > BLOCKING_POLL_NANOS;
  }

  /**
   * Notes how long a blocking target's copy took on its thread, call and comparison together, in a
   * moving average of about the last eight copies. Racy by design: a lost update only skews a hint.
   */
  private void noteBlockingCopy(long nanos) {
    long recent = recentCopyNanos;
    recentCopyNanos = recent + (Math.max(0, nanos) - recent) / 8;
  }

  /** Starts the queued copies there is room for in flight; returns whether it started any. */
  private boolean startQueued() {
    boolean any = false;
    for (ShadowCall call; (call = takeIfRoom()) != null; ) {
      any = true;
      guarded(call::start);
    }
    return any;
  }

  /** Compares and reports the answers handed over so far; returns whether there were any. */
  private boolean finishAnswered() {
    boolean any = false;
    for (ShadowCall done; (done = answered.poll()) != null; ) {
      any = true;
      guarded(done::finish);
    }
    return any;
  }

  /** Whether the worker is closing with nothing queued, in flight or answered left: threads end. */
  private boolean drained() {
    return closing && queue.isEmpty() && inFlight.get() == 0 && answered.isEmpty();
  }

  private void wakeHelpers() {
    for (int i = 1; i < threads.size(); i++) {
      LockSupport.unpark(threads.get(i));
    }
  }

  /**
   * A helping thread of a driven target: compares and reports the answers the driving thread has
   * read but not yet taken, and starts queued copies while a backlog lasts (the driving thread
   * writes them on its next turn); sleeps 100 ms when there is nothing to help with.
   */
  private void help() {
    while (!terminated) {
      Thread.interrupted();
      boolean helped = finishAnswered();
      if (wakesOthersFor(queue.size())) {
        helped |= startQueued();
      }
      if (drained()) {
        return;
      }
      if (!helped) {
        LockSupport.parkNanos(this, HELP_SLEEP_NANOS);
      }
    }
  }

  /**
   * How often deadlines are looked for: a fiftieth of the timeout, between 1 ms and 100 ms, so a
   * deadline is enforced at most 2 % (and 100 ms) late.
   */
  public static long sweepNanos(long timeoutNanos) {
    return Math.max(
        TimeUnit.MILLISECONDS.toNanos(1),
        Math.min(TimeUnit.MILLISECONDS.toNanos(100), timeoutNanos / 50));
  }

  /** Returns whether this target's thread enforces its deadlines itself (a driven target). */
  public boolean enforcesOwnDeadlines() {
    return driver != null;
  }

  /** Takes a queued copy when a slot in flight is free, holding the slot; null otherwise. */
  private @Nullable ShadowCall takeIfRoom() {
    for (int n = inFlight.get(); ; n = inFlight.get()) {
      if (n >= maxInFlight) {
        return null;
      }
      if (inFlight.compareAndSet(n, n + 1)) {
        break;
      }
    }
    ShadowCall call = queue.poll();
    if (call == null) {
      inFlight.decrementAndGet();
      return null;
    }
    if (full) {
      full = false;
    }
    return call;
  }

  /** One idle thread at a time polls often; the others sleep longer, until woken for a backlog. */
  private void idle(IdlePolling polling) {
    if (watching.compareAndSet(false, true)) {
      try {
        polling.idle(this);
      } finally {
        watching.set(false);
      }
    } else {
      LockSupport.parkNanos(this, SLEEP_NANOS);
    }
  }

  private void guarded(Runnable step) {
    try {
      step.run();
    } catch (Throwable t) {
      // Each step records its outcome itself; this only keeps the thread alive whatever happens.
      RateLimitedLog.rethrowIfFatal(t);
      log.warn("worker:" + name, "Unexpected failure in a mirror thread of target " + name, t);
    }
  }

  /** Returns the target's name. */
  public String name() {
    return name;
  }

  /** Returns the target's configuration. */
  public TargetConfig config() {
    return config;
  }

  /**
   * Queues a copy for this target; never blocks. When the queue is full (or the worker closed) the
   * drop is recorded and the copy's share of the lease released here.
   */
  public void offer(MirroredRequest request, ProductionResponse production, CopyLease lease) {
    ShadowCall call = new ShadowCall(this, request, production, lease);
    if (closing) {
      call.notSent(OutcomeKind.DROPPED_SHUTDOWN);
    } else if (!queue.offer(call)) {
      full = true;
      call.notSent(OutcomeKind.DROPPED_QUEUE_FULL);
    } else if (terminated && queue.remove(call)) {
      // Raced with the final drain at shutdown: this thread took the copy back, so it records it.
      call.notSent(OutcomeKind.DROPPED_SHUTDOWN);
    }
  }

  /**
   * Returns false from the moment an offer found the queue full until a thread takes a copy from
   * it, and while the target is paused because it could not be connected to. Lock-free, for the
   * production thread's decision; approximate by design.
   */
  public boolean hasRoom() {
    return !full && backoff.refusal() == null;
  }

  /** Returns why copies are not sent to this target now (it could not be connected to), or null. */
  public @Nullable ConnectException refusal() {
    return backoff.refusal();
  }

  /** Returns the copies waiting for a slot in flight. */
  public int queueDepth() {
    return queue.size();
  }

  void started(ShadowCall call) {
    inFlightCalls.add(call);
  }

  /** Hands over the answer of an asynchronous call; called on whichever thread completed it. */
  void answered(ShadowCall call) {
    answered.offer(call);
  }

  /** Frees the slot of a call that has ended; each taken call calls this exactly once. */
  void ended(ShadowCall call) {
    inFlightCalls.remove(call);
    inFlight.decrementAndGet();
  }

  /** Stops taking copies; queued ones and calls in flight still run. */
  public void stopIntake() {
    closing = true;
    threads.forEach(LockSupport::unpark);
  }

  /**
   * Waits until the queue is drained and every call has ended, or {@code deadlineNanos}
   * (System.nanoTime) passes.
   */
  public boolean awaitDrained(long deadlineNanos) throws InterruptedException {
    for (Thread thread : threads) {
      long left = deadlineNanos - System.nanoTime();
      if (left > 0) {
        TimeUnit.NANOSECONDS.timedJoin(thread, left);
      }
      if (thread.isAlive()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Abandons what is left: queued copies and calls in flight are recorded as {@code
   * DROPPED_SHUTDOWN}; asynchronous calls are cancelled and synchronous ones interrupted. Returns
   * how many copies this recorded.
   */
  public int abandon() {
    closing = true;
    int n = 0;
    for (ShadowCall call; (call = queue.poll()) != null; n++) {
      call.notSent(OutcomeKind.DROPPED_SHUTDOWN);
    }
    for (ShadowCall call : inFlightCalls) {
      if (call.abandon()) {
        n++;
      }
    }
    threads.forEach(LockSupport::unpark);
    return n;
  }

  /**
   * Ends the threads for good once they have had their grace, and settles what they left: answers
   * nobody took, and copies queued by a submit that raced with close. Returns how many copies this
   * recorded.
   */
  public int terminate() {
    terminated = true;
    closing = true;
    threads.forEach(Thread::interrupt);
    int n = 0;
    for (ShadowCall call; (call = queue.poll()) != null; n++) {
      call.notSent(OutcomeKind.DROPPED_SHUTDOWN);
    }
    finishAnswered();
    return n;
  }

  /**
   * Decides {@code SHADOW_TIMEOUT} for the calls running past their deadline at {@code nowNanos}
   * (on the worker's ticker) and cancels or interrupts them; the mirror's timer calls it every few
   * milliseconds, so that no call pays for a timer task of its own.
   */
  public void enforceDeadlines(long nowNanos) {
    if (inFlight.get() == 0) {
      return;
    }
    for (ShadowCall call : inFlightCalls) {
      call.enforceDeadline(nowNanos);
    }
  }
}

package dev.trafficmirror.core.internal;

import dev.trafficmirror.core.TargetConfig;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ProductionResponse;
import dev.trafficmirror.spi.ResponseComparator;
import dev.trafficmirror.spi.ShadowTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * One target's bounded queue and workers: a slow target fills its own queue and starves no other.
 * Offering never blocks; a full queue is a counted drop. Thread-safe.
 *
 * <p>The production thread never wakes a worker: idle workers {@linkplain IdlePolling poll} the
 * queue, so a copy waits at most 20 ms before its call starts, which is invisible to a mirror.
 */
public final class TargetWorker {
  final String name;
  final TargetConfig config;
  final ShadowTarget target;
  final ResponseComparator comparator;
  final HeaderPolicy headerPolicy;
  final MirrorTelemetry telemetry;
  final OutcomeRecorder recorder;
  final RateLimitedLog log;
  /** The call each worker thread is running, by the thread's index; null between calls. */
  private final AtomicReferenceArray<ShadowCall> running;
  volatile boolean closing;
  private volatile boolean terminated;
  /** Set when an offer found the queue full, cleared when a worker takes a copy: read lock-free. */
  private volatile boolean full;
  /** Pauses the target while it cannot be connected to. */
  final ConnectBackoff backoff;
  private final ArrayBlockingQueue<ShadowCall> queue;
  private final List<Thread> threads = new ArrayList<>();

  /** Creates the worker and starts its threads. */
  public TargetWorker(
      TargetConfig config,
      ShadowTarget target,
      ResponseComparator comparator,
      HeaderPolicy headerPolicy,
      MirrorTelemetry telemetry,
      OutcomeRecorder recorder,
      RateLimitedLog log) {
    this.name = config.name();
    this.config = config;
    this.target = target;
    this.comparator = comparator;
    this.headerPolicy = headerPolicy;
    this.telemetry = telemetry;
    this.recorder = recorder;
    this.log = log;
    this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
    this.backoff = new ConnectBackoff(name, config.connectBackoff());
    NamedThreadFactory factory = new NamedThreadFactory("mirror-" + name + "-worker");
    this.running = new AtomicReferenceArray<>(config.threads());
    for (int i = 0; i < config.threads(); i++) {
      int slot = i;
      threads.add(factory.newThread(() -> work(slot)));
    }
    // Start every thread now: creating one on demand would cost the production thread.
    threads.forEach(Thread::start);
  }

  private void work(int slot) {
    IdlePolling polling = new IdlePolling();
    while (!terminated) {
      ShadowCall call = queue.poll();
      if (call != null) {
        if (full) {
          full = false;
        }
        polling.busy();
        running.set(slot, call);
        try {
          call.run();
        } catch (RuntimeException e) {
          // run() records every outcome itself; this only keeps the worker alive whatever happens.
          log.warn("worker:" + name, "Unexpected failure in a mirror worker of target " + name, e);
        } finally {
          running.set(slot, null);
        }
      } else if (closing) {
        return;
      } else {
        Thread.interrupted();
        polling.idle(this);
      }
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
   * Returns false from the moment an offer found the queue full until a worker takes a copy from
   * it, and while the target is paused because it could not be connected to. Lock-free, for the
   * production thread's decision; approximate by design.
   */
  public boolean hasRoom() {
    return !full && backoff.refusal() == null;
  }

  /** Returns why copies are not sent to this target now (it could not be connected to), or null. */
  public java.net.@Nullable ConnectException refusal() {
    return backoff.refusal();
  }

  /** Returns the copies waiting for a worker. */
  public int queueDepth() {
    return queue.size();
  }

  /** Stops taking copies; queued ones still run. */
  public void stopIntake() {
    closing = true;
    threads.forEach(LockSupport::unpark);
  }

  /** Waits until the queue is drained and calls have ended, or {@code deadlineNanos} (System.nanoTime) passes. */
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
   * Abandons what is left: queued copies are recorded as {@code DROPPED_SHUTDOWN} and running calls
   * are interrupted. Returns how many queued copies were abandoned.
   */
  public int abandonQueued() {
    terminated = true;
    closing = true;
    int n = 0;
    for (ShadowCall call; (call = queue.poll()) != null; n++) {
      call.notSent(OutcomeKind.DROPPED_SHUTDOWN);
    }
    threads.forEach(Thread::interrupt);
    return n;
  }

  /**
   * Decides {@code SHADOW_TIMEOUT} for the calls running past their deadline at {@code nowNanos}
   * ({@link System#nanoTime}) and interrupts them; the mirror's timer calls it every few
   * milliseconds, so that no call pays for a timer task of its own.
   */
  public void enforceDeadlines(long nowNanos) {
    for (int i = 0; i < running.length(); i++) {
      ShadowCall call = running.get(i);
      if (call != null) {
        call.enforceDeadline(nowNanos);
      }
    }
  }

  /** Records {@code DROPPED_SHUTDOWN} for calls that outlived their interruption; returns how many. */
  public int abandonRunning() {
    int n = 0;
    for (int i = 0; i < running.length(); i++) {
      ShadowCall call = running.get(i);
      if (call != null && call.abandonRunning()) {
        n++;
      }
    }
    return n;
  }
}

package dev.trafficmirror.core.internal;

import dev.trafficmirror.core.TargetConfig;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ProductionResponse;
import dev.trafficmirror.spi.ResponseComparator;
import dev.trafficmirror.spi.ShadowTarget;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One target's bounded queue and workers: a slow target fills its own queue and starves no other.
 * Offering never blocks; a full queue is a counted drop. Thread-safe.
 */
public final class TargetWorker {
  final String name;
  final TargetConfig config;
  final ShadowTarget target;
  final ResponseComparator comparator;
  final HeaderPolicy headerPolicy;
  final MirrorTelemetry telemetry;
  final OutcomeRecorder recorder;
  final ScheduledExecutorService timer;
  final RateLimitedLog log;
  final Set<ShadowCall> inFlight = ConcurrentHashMap.newKeySet();
  volatile boolean closing;
  private final ThreadPoolExecutor executor;

  /** Creates the worker and starts its threads. */
  public TargetWorker(
      TargetConfig config,
      ShadowTarget target,
      ResponseComparator comparator,
      HeaderPolicy headerPolicy,
      MirrorTelemetry telemetry,
      OutcomeRecorder recorder,
      ScheduledExecutorService timer,
      RateLimitedLog log) {
    this.name = config.name();
    this.config = config;
    this.target = target;
    this.comparator = comparator;
    this.headerPolicy = headerPolicy;
    this.telemetry = telemetry;
    this.recorder = recorder;
    this.timer = timer;
    this.log = log;
    RejectedExecutionHandler onRejected =
        (runnable, pool) ->
            ((ShadowCall) runnable).notSent(pool.isShutdown() ? OutcomeKind.DROPPED_SHUTDOWN : OutcomeKind.DROPPED_QUEUE_FULL);
    this.executor =
        new ThreadPoolExecutor(
            config.threads(), config.threads(), 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(config.queueCapacity()),
            new NamedThreadFactory("mirror-" + name + "-worker"), onRejected);
    // Start every thread now: creating one on demand would cost the production thread.
    executor.prestartAllCoreThreads();
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
    executor.execute(new ShadowCall(this, request, production, lease));
  }

  /** Records {@code kind} for a copy that this target will never see. */
  public void notSent(MirroredRequest request, ProductionResponse production, CopyLease lease, OutcomeKind kind) {
    new ShadowCall(this, request, production, lease).notSent(kind);
  }

  /** Returns the copies waiting for a worker. */
  public int queueDepth() {
    return executor.getQueue().size();
  }

  /** Stops taking copies; queued ones still run. */
  public void stopIntake() {
    closing = true;
    executor.shutdown();
  }

  /** Waits until the queue is drained and calls have ended, or {@code deadlineNanos} (System.nanoTime) passes. */
  public boolean awaitDrained(long deadlineNanos) throws InterruptedException {
    return executor.awaitTermination(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  /**
   * Abandons what is left: queued copies are recorded as {@code DROPPED_SHUTDOWN} and running calls
   * are interrupted. Returns how many queued copies were abandoned.
   */
  public int abandonQueued() {
    List<Runnable> queued = executor.shutdownNow();
    for (Runnable runnable : queued) {
      ((ShadowCall) runnable).notSent(OutcomeKind.DROPPED_SHUTDOWN);
    }
    return queued.size();
  }

  /** Records {@code DROPPED_SHUTDOWN} for calls that outlived their interruption; returns how many. */
  public int abandonRunning() {
    int n = 0;
    for (ShadowCall call : inFlight) {
      call.abandonRunning();
      n++;
    }
    return n;
  }
}

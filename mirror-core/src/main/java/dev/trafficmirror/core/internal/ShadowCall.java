package dev.trafficmirror.core.internal;

import dev.trafficmirror.spi.Comparison;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ProductionResponse;
import dev.trafficmirror.spi.ShadowResponse;
import io.opentelemetry.api.trace.Span;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One copy on its way to one target. Exactly one outcome is recorded for it, by whichever comes
 * first: the call's end on the worker, the deadline found passed by the timer's sweep, a rejection
 * on the production thread, or abandonment at shutdown.
 */
final class ShadowCall implements Runnable {
  private final TargetWorker worker;
  private final MirroredRequest request;
  private final ProductionResponse production;
  private final CopyLease lease;
  private final AtomicBoolean decided = new AtomicBoolean();
  private final AtomicBoolean released = new AtomicBoolean();
  /** The thread running this call; guarded by {@code this}. */
  private @Nullable Thread runner;
  private volatile @Nullable Span span;
  private volatile long startNanos;
  /** When the call's deadline passes (System.nanoTime), valid while {@code armed}. */
  private volatile long deadlineNanos;
  private volatile boolean armed;

  ShadowCall(TargetWorker worker, MirroredRequest request, ProductionResponse production, CopyLease lease) {
    this.worker = worker;
    this.request = request;
    this.production = production;
    this.lease = lease;
  }

  @Override
  public void run() {
    synchronized (this) {
      runner = Thread.currentThread();
    }
    try {
      if (decided.get()) {
        return;
      }
      java.net.ConnectException refused = worker.backoff.refusal();
      if (refused != null) {
        // The target could not be connected to a moment ago: not called until its pause ends.
        if (decided.compareAndSet(false, true)) {
          worker.recorder.recordNotSent(MirrorOutcome.builder(worker.name, OutcomeKind.SHADOW_ERROR, request)
              .production(production).error(refused).build());
        }
        return;
      }
      Duration timeout = worker.config.timeout();
      startNanos = System.nanoTime();
      ShadowResponse response;
      try {
        Span started = worker.telemetry.startShadowSpan(worker.name, request);
        span = started;
        Headers.Builder headers = worker.headerPolicy.builder(request.headers(), request.id(), worker.config.headers());
        MirroredRequest shadowRequest =
            request.toBuilder().headers(worker.telemetry.propagate(started, headers).build()).build();
        deadlineNanos = startNanos + timeout.toNanos();
        armed = true;
        response = worker.target.send(shadowRequest, production, timeout);
        if (response == null) {
          throw new NullPointerException("ShadowTarget.send returned null");
        }
      } catch (Throwable t) {
        RateLimitedLog.rethrowIfFatal(t);
        worker.backoff.failed(t);
        if (decided.compareAndSet(false, true)) {
          record(kindOf(t), null, null, t);
        }
        return;
      }
      worker.backoff.answered();
      // Claim the outcome before comparing, so a slow comparison is not mistaken for a late shadow.
      if (decided.compareAndSet(false, true)) {
        compareAndRecord(response);
      }
    } finally {
      armed = false;
      synchronized (this) {
        // The deadline interrupts only while holding this lock with runner set, so clearing the flag
        // here leaves the thread clean for its next call.
        runner = null;
        Thread.interrupted();
      }
      if (decided.compareAndSet(false, true)) {
        // Only a fatal error gets here without an outcome; count it all the same.
        record(OutcomeKind.SHADOW_ERROR, null, null, null);
      }
      releaseLease();
    }
  }

  private OutcomeKind kindOf(Throwable t) {
    if (t instanceof InterruptedException && worker.closing) {
      return OutcomeKind.DROPPED_SHUTDOWN;
    }
    if (t instanceof TimeoutException || t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
      return OutcomeKind.SHADOW_TIMEOUT;
    }
    if (!(t instanceof Exception)) {
      worker.log.warn("target:" + worker.name, "Shadow target " + worker.name + " threw an Error; recorded", t);
    }
    return OutcomeKind.SHADOW_ERROR;
  }

  private void compareAndRecord(ShadowResponse response) {
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    if (response.isDelivery()) {
      record(OutcomeKind.DELIVERED, response, null, null, took);
      return;
    }
    Comparison comparison;
    try {
      comparison = worker.comparator.compare(request, production, response);
      if (comparison == null) {
        throw new NullPointerException("ResponseComparator.compare returned null");
      }
    } catch (Throwable t) {
      RateLimitedLog.rethrowIfFatal(t);
      worker.log.warn("comparator:" + worker.name, "Comparator of target " + worker.name + " threw; recorded", t);
      record(OutcomeKind.COMPARISON_ERROR, response, null, t, took);
      return;
    }
    record(comparison.matches() ? OutcomeKind.MATCH : OutcomeKind.MISMATCH, response, comparison, null, took);
  }

  /** Fires the deadline when it has passed at {@code nowNanos}; called by the timer's sweep. */
  void enforceDeadline(long nowNanos) {
    if (armed && nowNanos - deadlineNanos >= 0) {
      onDeadline();
    }
  }

  /** Runs on the timer when the deadline passes; the span and listeners follow on the reporter. */
  private void onDeadline() {
    if (!decided.compareAndSet(false, true)) {
      return;
    }
    synchronized (this) {
      Thread thread = runner;
      if (thread != null) {
        thread.interrupt();
      }
    }
    MirrorOutcome outcome =
        MirrorOutcome.builder(worker.name, OutcomeKind.SHADOW_TIMEOUT, request)
            .production(production)
            .shadowDuration(Duration.ofNanos(System.nanoTime() - startNanos))
            .error(new TimeoutException("no answer within " + worker.config.timeout()))
            .build();
    Span started = span;
    if (started != null) {
      worker.recorder.recordSentLater(outcome, started);
    } else {
      worker.recorder.recordNotSent(outcome);
    }
  }

  private void record(OutcomeKind kind, @Nullable ShadowResponse response, @Nullable Comparison comparison, @Nullable Throwable error) {
    record(kind, response, comparison, error, Duration.ofNanos(System.nanoTime() - startNanos));
  }

  /** Records the outcome; the caller has claimed it (won the {@code decided} race). */
  private void record(
      OutcomeKind kind, @Nullable ShadowResponse response, @Nullable Comparison comparison, @Nullable Throwable error, Duration took) {
    MirrorOutcome outcome =
        MirrorOutcome.builder(worker.name, kind, request)
            .production(production)
            .shadow(response)
            .comparison(comparison)
            .shadowDuration(took)
            .error(error)
            .build();
    Span started = span;
    if (started != null) {
      worker.recorder.recordSent(outcome, started);
    } else {
      worker.recorder.recordNotSent(outcome);
    }
  }

  /** Records {@code kind} for a copy that never started; called where it was rejected or abandoned. */
  void notSent(OutcomeKind kind) {
    if (decided.compareAndSet(false, true)) {
      worker.recorder.recordNotSent(
          MirrorOutcome.builder(worker.name, kind, request).production(production).build());
    }
    releaseLease();
  }

  /**
   * Records a shutdown for a call still running after the drain deadline (a target ignoring
   * interrupts); returns whether this recorded the outcome.
   */
  boolean abandonRunning() {
    if (span == null) {
      boolean first = !decided.get();
      notSent(OutcomeKind.DROPPED_SHUTDOWN);
      return first;
    }
    if (decided.compareAndSet(false, true)) {
      record(OutcomeKind.DROPPED_SHUTDOWN, null, null, null);
      return true;
    }
    return false;
  }

  private void releaseLease() {
    if (released.compareAndSet(false, true)) {
      lease.release();
    }
  }
}

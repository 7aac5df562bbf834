package dev.trafficmirror.core.internal.dispatch;

import dev.trafficmirror.spi.AsyncShadowTarget;
import dev.trafficmirror.spi.Comparison;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ProductionResponse;
import dev.trafficmirror.spi.ShadowResponse;
import io.opentelemetry.api.trace.Span;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * One copy on its way to one target. Exactly one outcome is recorded for it, by whichever comes
 * first: the answer (compared on a mirror thread), the deadline found passed by the timer's sweep,
 * a rejection on the production thread, or abandonment at shutdown. Its slot in flight is freed
 * once, when the call has ended (answered, failed, or cancelled at its deadline).
 */
final class ShadowCall {
  private static final VarHandle DECIDED = flag("decided");
  private static final VarHandle RELEASED = flag("released");
  private static final VarHandle ANSWERED_ONCE = flag("answeredOnce");

  private final TargetWorker worker;
  private final MirroredRequest request;
  private final ProductionResponse production;
  private final CopyLease lease;

  // Flags set once each, by compare-and-set through the handles at the top: fields rather than
  // AtomicBooleans, since a ShadowCall is made on the production thread for every copy.

  /** Whether the copy's outcome has been claimed. */
  private volatile boolean decided;

  /** Whether the copy's share of the lease has been released. */
  @SuppressWarnings("UnusedVariable") // Used through RELEASED only.
  private volatile boolean released;

  /** Whether the call's end has been noted. */
  @SuppressWarnings("UnusedVariable") // Used through ANSWERED_ONCE only.
  private volatile boolean answeredOnce;

  /** The thread running a synchronous call; guarded by {@code this}. */
  private @Nullable Thread runner;

  /** The pending answer of an asynchronous call, cancelled at the deadline. */
  private volatile @Nullable CompletableFuture<ShadowResponse> pending;

  private volatile @Nullable Span span;
  private volatile long startNanos;

  /** When the call's deadline passes (on the worker's ticker), valid while {@code armed}. */
  private volatile long deadlineNanos;

  private volatile boolean armed;

  /** Set once by {@link #onAnswer} before the call is handed to {@link #finish}. */
  private @Nullable ShadowResponse answer;

  private @Nullable Throwable failure;
  private long endNanos;

  ShadowCall(
      TargetWorker worker,
      MirroredRequest request,
      ProductionResponse production,
      CopyLease lease) {
    this.worker = worker;
    this.request = request;
    this.production = production;
    this.lease = lease;
  }

  /**
   * Starts the call on a mirror thread that has taken a slot in flight for it. A synchronous target
   * runs here to its end; an asynchronous one returns at once and is finished later.
   */
  void start() {
    if (decided) {
      // Abandoned at shutdown while queued.
      endWithoutCall();
      return;
    }
    ConnectException refused = worker.backoff.refusal();
    if (refused != null) {
      // The target could not be connected to a moment ago: not called until its pause ends.
      if (DECIDED.compareAndSet(this, false, true)) {
        worker.recorder.recordNotSent(
            MirrorOutcome.builder(worker.name, OutcomeKind.DROPPED_TARGET_PAUSED, request)
                .production(production)
                .error(refused)
                .build());
      }
      endWithoutCall();
      return;
    }
    Duration timeout = worker.config.timeout();
    startNanos = worker.ticker.read();
    worker.started(this);
    AsyncShadowTarget async = worker.asyncTarget;
    MirroredRequest shadowRequest;
    try {
      Span started = worker.telemetry.startShadowSpan(worker.name, request);
      span = started;
      Headers.Builder headers =
          worker.headerPolicy.builder(request.headers(), request.id(), worker.config.headers());
      shadowRequest =
          request.toBuilder().headers(worker.telemetry.propagate(started, headers).build()).build();
    } catch (Throwable t) {
      // The copy gets its outcome and frees its slot first, even when the machine is in trouble.
      onAnswer(null, t);
      finish();
      RateLimitedLog.rethrowIfFatal(t);
      return;
    }
    deadlineNanos = startNanos + timeout.toNanos();
    armed = true;
    if (async != null) {
      sendAsync(async, shadowRequest, timeout);
    } else {
      sendBlocking(shadowRequest, timeout);
    }
  }

  private void sendAsync(AsyncShadowTarget async, MirroredRequest shadowRequest, Duration timeout) {
    CompletableFuture<ShadowResponse> future;
    try {
      CompletionStage<ShadowResponse> stage = async.sendAsync(shadowRequest, production, timeout);
      if (stage == null) {
        throw new NullPointerException("AsyncShadowTarget.sendAsync returned null");
      }
      future = stage.toCompletableFuture();
    } catch (Throwable t) {
      // The copy gets its outcome and frees its slot first, even when the machine is in trouble.
      onAnswer(null, t);
      finish();
      RateLimitedLog.rethrowIfFatal(t);
      return;
    }
    pending = future;
    // Runs on the thread that completes the stage (or here, when it is complete already): it only
    // notes the answer and hands the call to the target's mirror threads.
    // handOver never throws, so the stage whenComplete returns carries nothing worth keeping.
    var unused = future.whenComplete(this::handOver);
    if (!armed) {
      return;
    }
    if (decided) {
      // The deadline or shutdown decided while the call was being started: cancel it now.
      future.cancel(true);
    }
  }

  private void handOver(@Nullable ShadowResponse response, @Nullable Throwable error) {
    if (onAnswer(response, error)) {
      worker.answered(this);
    }
  }

  private void sendBlocking(MirroredRequest shadowRequest, Duration timeout) {
    synchronized (this) {
      runner = Thread.currentThread();
    }
    ShadowResponse response = null;
    Throwable error = null;
    try {
      response = worker.target.send(shadowRequest, production, timeout);
    } catch (Throwable t) {
      error = t;
    } finally {
      synchronized (this) {
        // The deadline interrupts only while holding this lock with runner set, so clearing the
        // flag
        // here leaves the thread clean for its next call.
        runner = null;
        Thread.interrupted();
      }
    }
    if (onAnswer(response, error)) {
      finish();
    }
    if (error != null) {
      // Recorded above as SHADOW_ERROR; only a VirtualMachineError ends the thread, afterwards.
      RateLimitedLog.rethrowIfFatal(error);
    }
  }

  /** Notes the call's end, once; returns whether this was the first. Any thread. */
  private boolean onAnswer(@Nullable ShadowResponse response, @Nullable Throwable error) {
    if (!ANSWERED_ONCE.compareAndSet(this, false, true)) {
      return false;
    }
    armed = false;
    endNanos = worker.ticker.read();
    answer = response;
    failure =
        error != null
            ? unwrap(error)
            : response == null ? new NullPointerException("the shadow target answered null") : null;
    return true;
  }

  /** Records the answer (unless the deadline or shutdown decided first) and frees the slot. */
  void finish() {
    try {
      Throwable error = failure;
      ShadowResponse response = answer;
      if (error != null) {
        if (!(error instanceof CancellationException)) {
          worker.backoff.failed(error);
        }
        if (DECIDED.compareAndSet(this, false, true)) {
          record(kindOf(error), null, null, error, took());
        }
      } else if (response != null) {
        worker.backoff.answered();
        // Claim the outcome before comparing, so a slow comparison is not mistaken for a late
        // shadow.
        if (DECIDED.compareAndSet(this, false, true)) {
          compareAndRecord(response);
        }
      }
    } finally {
      if (DECIDED.compareAndSet(this, false, true)) {
        // Only a fatal error gets here without an outcome; count it all the same.
        record(OutcomeKind.SHADOW_ERROR, null, null, null, took());
      }
      answer = null;
      worker.ended(this);
      releaseLease();
    }
  }

  private Duration took() {
    return Duration.ofNanos(endNanos - startNanos);
  }

  private static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private OutcomeKind kindOf(Throwable t) {
    if ((t instanceof InterruptedException || t instanceof CancellationException)
        && worker.closing) {
      return OutcomeKind.DROPPED_SHUTDOWN;
    }
    if (t instanceof TimeoutException
        || t instanceof HttpTimeoutException
        || t instanceof SocketTimeoutException) {
      return OutcomeKind.SHADOW_TIMEOUT;
    }
    if (!(t instanceof Exception)) {
      worker.log.warn(
          "target:" + worker.name, "Shadow target " + worker.name + " threw an Error; recorded", t);
    }
    return OutcomeKind.SHADOW_ERROR;
  }

  private void compareAndRecord(ShadowResponse response) {
    Duration took = took();
    if (response.isDelivery()) {
      record(OutcomeKind.DELIVERED, response, null, null, took);
      return;
    }
    // The shadow's body counts against the budget while it is compared, like the copy's own bytes.
    long held = response.body().size();
    if (!lease.tryHold(held)) {
      record(
          OutcomeKind.UNCOMPARED,
          response,
          Comparison.of(
              List.of(),
              0,
              "not compared: the shadow's body did not fit in mirror.max-buffered-bytes",
              "budget"),
          null,
          took);
      return;
    }
    try {
      compare(response, took);
    } finally {
      lease.letGo(held);
    }
  }

  private void compare(ShadowResponse response, Duration took) {
    Comparison comparison;
    try {
      comparison = worker.comparator.compare(request, production, response);
      if (comparison == null) {
        throw new NullPointerException("ResponseComparator.compare returned null");
      }
    } catch (Throwable t) {
      // A comparison too deep for the stack is the comparator's failure, not the machine's; any
      // other VirtualMachineError still ends the thread, but only after the copy got its outcome.
      worker.log.warn(
          "comparator:" + worker.name,
          "Comparator of target " + worker.name + " threw; recorded",
          t);
      record(OutcomeKind.COMPARISON_ERROR, response, null, t, took);
      if (!(t instanceof StackOverflowError)) {
        RateLimitedLog.rethrowIfFatal(t);
      }
      return;
    }
    record(judged(comparison), response, comparison, null, took);
  }

  /** A difference is a mismatch; else a part that could not be judged is no agreement either. */
  static OutcomeKind judged(Comparison comparison) {
    return !comparison.matches()
        ? OutcomeKind.MISMATCH
        : comparison.uncompared() != null ? OutcomeKind.UNCOMPARED : OutcomeKind.MATCH;
  }

  /** Fires the deadline when it has passed at {@code nowNanos}; called by the timer's sweep. */
  void enforceDeadline(long nowNanos) {
    if (armed && nowNanos - deadlineNanos >= 0) {
      onDeadline();
    }
  }

  /** Runs on the timer when the deadline passes; the span and listeners follow on the reporter. */
  private void onDeadline() {
    if (!DECIDED.compareAndSet(this, false, true)) {
      return;
    }
    MirrorOutcome outcome =
        MirrorOutcome.builder(worker.name, OutcomeKind.SHADOW_TIMEOUT, request)
            .production(production)
            .shadowDuration(Duration.ofNanos(worker.ticker.read() - startNanos))
            .error(new TimeoutException("no answer within " + worker.config.timeout()))
            .build();
    recordDecidedOffWorker(outcome);
    stop();
  }

  /** Cancels an asynchronous call or interrupts a synchronous one. */
  private void stop() {
    CompletableFuture<ShadowResponse> future = pending;
    if (future != null) {
      // Completes the future with a CancellationException: the call ends and its slot is freed now.
      future.cancel(true);
      return;
    }
    synchronized (this) {
      Thread thread = runner;
      if (thread != null) {
        thread.interrupt();
      }
    }
  }

  private void recordDecidedOffWorker(MirrorOutcome outcome) {
    Span started = span;
    if (started != null) {
      worker.recorder.recordSentLater(outcome, started);
    } else {
      worker.recorder.recordNotSent(outcome);
    }
  }

  /** Records the outcome; the caller has claimed it (won the {@code decided} race). */
  private void record(
      OutcomeKind kind,
      @Nullable ShadowResponse response,
      @Nullable Comparison comparison,
      @Nullable Throwable error,
      Duration took) {
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

  /**
   * Records {@code kind} for a copy that never started; called where it was rejected or abandoned.
   */
  void notSent(OutcomeKind kind) {
    if (DECIDED.compareAndSet(this, false, true)) {
      worker.recorder.recordNotSent(
          MirrorOutcome.builder(worker.name, kind, request).production(production).build());
    }
    releaseLease();
  }

  /** Frees the slot of a call taken from the queue but never sent. */
  private void endWithoutCall() {
    worker.ended(this);
    releaseLease();
  }

  /**
   * Records {@code DROPPED_SHUTDOWN} for a call still in flight at the drain deadline and cancels
   * or interrupts it; returns whether this recorded the outcome.
   */
  boolean abandon() {
    if (!DECIDED.compareAndSet(this, false, true)) {
      return false;
    }
    MirrorOutcome outcome =
        MirrorOutcome.builder(worker.name, OutcomeKind.DROPPED_SHUTDOWN, request)
            .production(production)
            .shadowDuration(Duration.ofNanos(worker.ticker.read() - startNanos))
            .build();
    recordDecidedOffWorker(outcome);
    stop();
    return true;
  }

  private void releaseLease() {
    if (RELEASED.compareAndSet(this, false, true)) {
      lease.release();
    }
  }

  private static VarHandle flag(String name) {
    try {
      return MethodHandles.lookup().findVarHandle(ShadowCall.class, name, boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}

package dev.trafficmirror.core.internal.dispatch;

import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.OutcomeListener;
import dev.trafficmirror.spi.ProductionResponse;
import io.opentelemetry.api.trace.Span;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where every outcome goes: the counters, the metrics, the span, and the listeners, each listener
 * guarded. Outcomes decided on a production thread (drops and skips) are counted there and handed
 * to one reporter thread for the span and the listeners, so production never runs user code.
 * Thread-safe.
 */
public final class OutcomeRecorder {
  private static final System.Logger LOG = System.getLogger("dev.trafficmirror");
  private static final int REPORTER_QUEUE = 4096;

  private final MirrorTelemetry telemetry;
  private final OutcomeCounters counters;
  private final List<OutcomeListener> listeners;
  private final RateLimitedLog log;
  private final Reporter reporter;
  private final LongAdder reporterOverflow = new LongAdder();

  /**
   * Creates a recorder; {@code listeners} are called in order for every outcome, on the reporter
   * thread {@code threads} makes for outcomes decided off the workers.
   */
  public OutcomeRecorder(
      MirrorTelemetry telemetry,
      OutcomeCounters counters,
      List<OutcomeListener> listeners,
      RateLimitedLog log,
      ThreadFactory threads) {
    this.telemetry = telemetry;
    this.counters = counters;
    this.listeners = List.copyOf(listeners);
    this.log = log;
    this.reporter = new Reporter(REPORTER_QUEUE, log, threads);
  }

  /**
   * Records an outcome whose copy never reached a worker. Counts it on the calling thread; the span
   * and the listeners follow on the reporter thread. Never throws.
   */
  public void recordNotSent(MirrorOutcome outcome) {
    counters.increment(outcome.target(), outcome.kind());
    guarded("metrics", () -> telemetry.recordMetrics(outcome));
    MirrorOutcome report = withoutBodies(outcome);
    boolean queued =
        reporter.offer(
            () -> {
              guarded("tracing", () -> telemetry.recordNotSentSpan(report));
              notifyListeners(report);
            });
    if (!queued) {
      // Counted above; only the span and the listeners miss it. Say so, rarely.
      reporterOverflow.increment();
      log.warn(
          "reporter",
          "overflow",
          "Outcome reporter queue full or closed: listeners and spans miss some dropped copies (counters do not)");
    }
  }

  /** Records the outcome of a shadow call on the calling mirror thread, ending its span. */
  public void recordSent(MirrorOutcome outcome, Span span) {
    counters.increment(outcome.target(), outcome.kind());
    guarded("metrics", () -> telemetry.recordMetrics(outcome));
    guarded("tracing", () -> telemetry.endSpan(span, outcome));
    notifyListeners(outcome);
  }

  /**
   * Records the outcome of a shadow call decided off its worker (by the deadline timer): counts it
   * now; the span's end and the listeners follow on the reporter thread, so that user code never
   * delays the timer that enforces every target's deadlines.
   */
  public void recordSentLater(MirrorOutcome outcome, Span span) {
    counters.increment(outcome.target(), outcome.kind());
    guarded("metrics", () -> telemetry.recordMetrics(outcome));
    boolean queued =
        reporter.offer(
            () -> {
              guarded("tracing", () -> telemetry.endSpan(span, outcome));
              notifyListeners(outcome);
            });
    if (!queued) {
      guarded("tracing", () -> telemetry.endSpan(span, outcome));
      reporterOverflow.increment();
      log.warn(
          "reporter",
          "overflow",
          "Outcome reporter queue full or closed: listeners miss some timed-out calls (counters do not)");
    }
  }

  /**
   * Returns the outcome without its bodies: a dropped copy's bodies must not outlive it in the
   * reporter's queue, beyond the byte budget.
   */
  static MirrorOutcome withoutBodies(MirrorOutcome outcome) {
    ProductionResponse production = outcome.production();
    if (production != null && !production.body().isEmpty()) {
      production = production.toBuilder().body(Body.empty()).bodyComplete(false).build();
    } else if (outcome.request().body().isEmpty()) {
      return outcome;
    }
    return MirrorOutcome.builder(
            outcome.target(),
            outcome.kind(),
            outcome.request().toBuilder().body(Body.empty()).build())
        .production(production)
        .shadow(outcome.shadow())
        .shadowDuration(outcome.shadowDuration())
        .error(outcome.error())
        .comparison(outcome.comparison())
        .finishedAt(outcome.finishedAt())
        .build();
  }

  /** Runs OpenTelemetry code (the application's SDK) so that its failures never escape. */
  private void guarded(String what, Runnable action) {
    try {
      action.run();
    } catch (Throwable t) {
      RateLimitedLog.rethrowIfFatal(t);
      log.warn(
          "telemetry:" + what,
          "OpenTelemetry " + what + " failed; the outcome is still counted",
          t);
    }
  }

  private void notifyListeners(MirrorOutcome outcome) {
    for (OutcomeListener listener : listeners) {
      try {
        listener.onOutcome(outcome);
      } catch (Throwable t) {
        RateLimitedLog.rethrowIfFatal(t);
        log.warn(
            "listener:" + listener.getClass().getName(),
            "Outcome listener " + listener.getClass().getName() + " threw; ignored",
            t);
      }
    }
  }

  /** Returns how many outcomes the reporter could not take (their counts are still recorded). */
  public long reporterOverflow() {
    return reporterOverflow.sum();
  }

  /** Lets the reporter finish what it holds, up to {@code timeout}. */
  public void close(Duration timeout) {
    int left = reporter.close(timeout);
    if (left > 0) {
      LOG.log(
          Level.WARNING, "Mirror closed with {0} outcome reports not delivered to listeners", left);
    }
  }
}

package dev.trafficmirror.core;

import dev.trafficmirror.core.capture.CaptureGuard;
import dev.trafficmirror.core.internal.dispatch.CopyLease;
import dev.trafficmirror.core.internal.dispatch.ExperimentControl;
import dev.trafficmirror.core.internal.dispatch.MemoryBudget;
import dev.trafficmirror.core.internal.dispatch.MirrorTelemetry;
import dev.trafficmirror.core.internal.dispatch.OutcomeRecorder;
import dev.trafficmirror.core.internal.dispatch.RateLimitedLog;
import dev.trafficmirror.core.internal.dispatch.TargetWorker;
import dev.trafficmirror.core.internal.rules.MirrorRules;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ProductionResponse;
import java.net.ConnectException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * What an adapter (the servlet filter, the JAX-RS feature, a future Spring WebFlux or Vert.x one)
 * talks to: whether a request is mirrored, a new request's identity, and the hand-over of a copy or
 * the reason it is skipped. Obtained with {@link Mirror#adapterProtocol()}; most adapters use it
 * through {@link dev.trafficmirror.core.capture.CaptureSession}. See {@code docs/adapters.md}.
 *
 * <p>On a production thread an adapter calls {@link #shouldMirror} (cheap, allocation-free), then,
 * for a mirrored request, {@link #newRequest} when capture starts and {@link #submit} (or {@link
 * #skip}) when production has completed. None of these blocks or throws into production.
 *
 * <p>Thread-safe.
 */
public final class AdapterProtocol {
  /** Rough size of a copy besides its bodies: headers, objects, the queue entry. */
  private static final long COPY_OVERHEAD_BYTES = 1024;

  private final MirrorConfig config;
  private final MirrorRules rules;
  private final MemoryBudget budget;
  private final List<TargetWorker> workers;
  private final OutcomeRecorder recorder;
  private final ExperimentControl experiments;
  private final RateLimitedLog log;
  private final BooleanSupplier closed;
  private final Clock clock;
  private final CaptureGuard guard = new CaptureGuard();

  AdapterProtocol(
      MirrorConfig config,
      MirrorRules rules,
      MemoryBudget budget,
      List<TargetWorker> workers,
      OutcomeRecorder recorder,
      ExperimentControl experiments,
      RateLimitedLog log,
      BooleanSupplier closed,
      Clock clock) {
    this.config = config;
    this.rules = rules;
    this.budget = budget;
    this.workers = workers;
    this.recorder = recorder;
    this.experiments = experiments;
    this.log = log;
    this.closed = closed;
    this.clock = clock;
  }

  /** Returns {@code mirror.max-body-bytes}: the largest request body a copy holds. */
  public int maxBodyBytes() {
    return config.maxBodyBytes();
  }

  /** Returns {@code mirror.max-response-bytes}: the largest production body a copy holds. */
  public int maxResponseBytes() {
    return config.maxResponseBytes();
  }

  /** Returns the guard through which adapters log capture failures (one per mirror). */
  public CaptureGuard guard() {
    return guard;
  }

  /**
   * Returns whether a request is mirrored: mirroring enabled, the method listed, no loop marker
   * ({@code X-Mirror-Id}, or a Host ending in {@code -shadow}), the normalised path included and
   * not excluded, and sampled. Allocates nothing for a request that is not mirrored (and whose path
   * needs no normalisation), and never throws for valid arguments.
   *
   * <p>The path rules match the path normalised: unreserved characters percent-decoded, {@code ;}
   * parameters stripped, {@code //} collapsed and dot segments removed. A sampled request whose
   * path cannot be normalised (an encoded {@code /} or NUL, a malformed percent-encoding, {@code
   * ..} above the root) is not mirrored: it returns false and records {@code SKIPPED_BAD_PATH} for
   * each target the copy would have gone to.
   *
   * <p>While no target has room — its queue is full (from an offer that found it full until a
   * worker takes a copy), or it is paused because it could not be connected to (see {@code
   * docs/operations.md}) — capturing a sampled request would only cost production for a copy that
   * cannot be sent: it returns false and records, for each target the copy would have gone to,
   * {@code DROPPED_QUEUE_FULL}, or {@code DROPPED_TARGET_PAUSED} with the connection failure.
   * Targets that are paused or stopped by their limits ({@link Mirror#targetState}) take no copy
   * and record no outcome; when none is running it returns false and records nothing.
   *
   * @param method the request method, for example {@code POST}
   * @param path the request path as received (not decoded) without query, for example {@code
   *     /predict}
   * @param headers the request's header accessor
   */
  public boolean shouldMirror(String method, String path, HeaderLookup headers) {
    if (!config.enabled() || closed.getAsBoolean()) {
      return false;
    }
    MirrorRules.Decision decision = rules.decide(method, path, headers);
    if (decision == MirrorRules.Decision.BAD_PATH) {
      recordUnsent(method, path, headers, OutcomeKind.SKIPPED_BAD_PATH);
      return false;
    }
    if (decision != MirrorRules.Decision.MIRROR) {
      return false;
    }
    boolean anyRunning = false;
    for (TargetWorker worker : workers) {
      if (experiments.admits(worker.name())) {
        anyRunning = true;
        if (worker.hasRoom()) {
          return true;
        }
      }
    }
    if (anyRunning) {
      recordUnsent(method, path, headers, null);
    }
    return false;
  }

  /**
   * Records, without capturing it, a sampled request that is not sent: with {@code kind}, or (when
   * null) as dropped because no target had room.
   */
  private void recordUnsent(
      String method, String path, HeaderLookup headers, @Nullable OutcomeKind kind) {
    try {
      MirroredRequest.Builder request = MirroredRequest.builder(method, path);
      String keyName = rules.sampleKey();
      String keyValue = keyName == null ? null : headers.get(keyName);
      if (keyName != null && keyValue != null) {
        request.headers(Headers.builder().add(keyName, keyValue).build());
      }
      MirroredRequest shed = request.build();
      for (TargetWorker worker : select(shed, null)) {
        ConnectException refused = kind != null ? null : worker.refusal();
        OutcomeKind recorded =
            kind != null
                ? kind
                : refused != null
                    ? OutcomeKind.DROPPED_TARGET_PAUSED
                    : OutcomeKind.DROPPED_QUEUE_FULL;
        recorder.recordNotSent(
            MirrorOutcome.builder(worker.name(), recorded, shed).error(refused).build());
      }
    } catch (Throwable t) {
      RateLimitedLog.rethrowIfFatal(t);
      log.warn("shed", "Recording a copy that was not sent failed", t);
    }
  }

  /**
   * Starts a mirrored request's capture: returns a builder holding a new mirror id, the time, and
   * the current span's context, and marks the current production span (when one is recording) with
   * {@code mirror.sampled} and {@code mirror.id}. Call it on the production thread. Never throws
   * for valid arguments, even when the application's tracing fails.
   */
  public MirroredRequest.Builder newRequest(String method, String path) {
    String id = MirroredRequest.newId();
    String traceparent = null;
    try {
      MirrorTelemetry.tagProductionSpan(id);
      traceparent = MirrorTelemetry.currentTraceparent();
    } catch (Throwable t) {
      // The application's tracing failed: the copy goes on without a link.
      RateLimitedLog.rethrowIfFatal(t);
      log.warn(
          "telemetry:tag", "Tagging the production span failed; the copy is not linked to it", t);
    }
    return MirroredRequest.builder(method, path)
        .id(id)
        .receivedAt(clock.instant())
        .traceparent(traceparent);
  }

  /**
   * Hands over a request and production's response to every target; see {@link
   * #submit(MirroredRequest, ProductionResponse, Set)}.
   */
  public void submit(MirroredRequest request, ProductionResponse production) {
    submit(request, production, null);
  }

  /**
   * Hands over a request and production's response, once production has completed, to the named
   * targets ({@code null}: every target), each still applying its own sample rate. Queues one copy
   * per selected target; never blocks and never throws. A copy that cannot be queued is counted
   * ({@code DROPPED_QUEUE_FULL}, {@code DROPPED_BUDGET}, {@code DROPPED_SHUTDOWN}). Names that are
   * not configured targets are ignored (and logged).
   */
  public void submit(
      MirroredRequest request, ProductionResponse production, @Nullable Set<String> targets) {
    try {
      List<TargetWorker> selected = select(request, targets);
      if (selected.isEmpty()) {
        return;
      }
      long bytes = request.body().size() + (long) production.body().size() + COPY_OVERHEAD_BYTES;
      OutcomeKind refused =
          closed.getAsBoolean()
              ? OutcomeKind.DROPPED_SHUTDOWN
              : budget.tryReserve(bytes) ? null : OutcomeKind.DROPPED_BUDGET;
      if (refused != null) {
        for (TargetWorker worker : selected) {
          recorder.recordNotSent(
              MirrorOutcome.builder(worker.name(), refused, request)
                  .production(production)
                  .build());
        }
        return;
      }
      CopyLease lease = new CopyLease(budget, bytes, selected.size());
      for (TargetWorker worker : selected) {
        worker.offer(request, production, lease);
      }
    } catch (Throwable t) {
      RateLimitedLog.rethrowIfFatal(t);
      log.warn(
          "submit",
          "AdapterProtocol.submit failed; the copy is lost (production is unaffected)",
          t);
    }
  }

  /**
   * Records for every target that a mirrored request will not be sent; see {@link
   * #skip(MirroredRequest, OutcomeKind, Set)}.
   */
  public void skip(MirroredRequest request, OutcomeKind reason) {
    skip(request, reason, null);
  }

  /**
   * Records that a mirrored request will not be sent, for example because its body was over {@code
   * mirror.max-body-bytes}; one outcome per target {@link #submit} would have sent the copy to
   * ({@code targets} null: every target). Never blocks or throws.
   *
   * @param reason one of the {@code SKIPPED_*} kinds
   */
  public void skip(MirroredRequest request, OutcomeKind reason, @Nullable Set<String> targets) {
    try {
      if (reason.category() != OutcomeKind.Category.SKIPPED) {
        throw new IllegalArgumentException("not a SKIPPED_ kind: " + reason);
      }
      for (TargetWorker worker : select(request, targets)) {
        recorder.recordNotSent(MirrorOutcome.builder(worker.name(), reason, request).build());
      }
    } catch (Throwable t) {
      RateLimitedLog.rethrowIfFatal(t);
      log.warn("skip", "AdapterProtocol.skip failed", t);
    }
  }

  private List<TargetWorker> select(MirroredRequest request, @Nullable Set<String> only) {
    if (only != null && !config.targets().keySet().containsAll(only)) {
      log.warn(
          "targets",
          "unknown",
          "AdapterProtocol.submit/skip named targets that are not configured: "
              + only
              + " (configured: "
              + config.targets().keySet()
              + "); they are ignored");
    }
    String keyName = rules.sampleKey();
    String keyValue = keyName == null ? null : request.headers().first(keyName);
    List<TargetWorker> selected = new ArrayList<>(workers.size());
    for (TargetWorker worker : workers) {
      if ((only == null || only.contains(worker.name()))
          && experiments.admits(worker.name())
          && rules.selectsForTarget(
              worker.config().sampleRate(), worker.name(), keyValue, request.id())) {
        selected.add(worker);
      }
    }
    return selected;
  }
}

package dev.trafficmirror.core.internal.dispatch;

import dev.trafficmirror.core.SensitiveData;
import dev.trafficmirror.core.TargetConfig;
import dev.trafficmirror.core.Ticker;
import dev.trafficmirror.core.internal.rules.HeaderPolicy;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeListener;
import dev.trafficmirror.spi.ProductionResponse;
import dev.trafficmirror.spi.ResponseComparator;
import dev.trafficmirror.spi.ShadowTarget;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One target's worker with the engine's parts it reports through (no-op telemetry, the default
 * header policy, the system ticker, daemon threads), for the tests of its threads.
 */
final class WorkerUnderTest implements AutoCloseable {
  final TargetWorker worker;
  private final OutcomeRecorder recorder;

  /**
   * Starts the worker of {@code config}'s target; every outcome goes to {@code listener}, and a
   * non-null {@code driver} turns the target's I/O on the first thread.
   */
  WorkerUnderTest(
      TargetConfig config,
      ShadowTarget target,
      ResponseComparator comparator,
      OutcomeListener listener,
      @Nullable TargetDriver driver) {
    RateLimitedLog log = new RateLimitedLog(Duration.ofMinutes(1));
    Map<String, @Nullable URI> uris = new HashMap<>();
    uris.put(config.name(), null);
    MirrorTelemetry telemetry = new MirrorTelemetry(OpenTelemetry.noop(), uris);
    recorder =
        new OutcomeRecorder(
            telemetry,
            new OutcomeCounters(List.of(config.name())),
            List.of(listener),
            log,
            NamedThreadFactory.daemon());
    worker =
        new TargetWorker(
            config,
            target,
            comparator,
            new HeaderPolicy(SensitiveData.defaults(), false),
            telemetry,
            recorder,
            log,
            Ticker.system(),
            NamedThreadFactory.daemon(),
            driver);
  }

  /**
   * Offers {@code copies} small POSTs, each with its bytes reserved in {@code budget}; a test that
   * awaits {@code budget.used() == 0} knows every copy let go of its lease.
   */
  void offer(MemoryBudget budget, int copies) {
    for (int i = 0; i < copies; i++) {
      MirroredRequest request =
          MirroredRequest.builder("POST", "/predict")
              .body(Body.of("{\"x\":" + i + "}", StandardCharsets.UTF_8))
              .build();
      long bytes = request.body().size();
      if (!budget.tryReserve(bytes)) {
        throw new IllegalStateException("the test's budget is too small");
      }
      worker.offer(
          request, ProductionResponse.builder(200).build(), new CopyLease(budget, bytes, 1));
    }
  }

  /** Stops the worker, abandoning what is left, and lets the reporter finish. */
  @Override
  public void close() {
    worker.stopIntake();
    worker.abandon();
    worker.terminate();
    recorder.close(Duration.ofSeconds(1));
  }
}

package dev.trafficmirror.benchmarks;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.MirrorConfig;
import dev.trafficmirror.core.TargetConfig;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.ProductionResponse;
import dev.trafficmirror.spi.ShadowResponse;
import dev.trafficmirror.spi.ShadowTarget;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code AdapterProtocol.submit} on the request thread. A bare loop would outrun any worker and
 * measure only the drop path, so each operation first does {@code work} tokens of simulated request
 * work ({@link Blackhole#consumeCPU}); the cost of submit is {@code submit - baseline} at the same
 * {@code work}. The target delivers at once, so the copy's whole life is on the worker.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SubmitBenchmark {
  @Param({"1024"})
  public int bodyBytes;

  /** About 20 us of work at ~4 ns a token: a fast production handler. */
  @Param({"5000"})
  public long work;

  private Mirror mirror;
  private MirroredRequest request;
  private ProductionResponse production;

  @Setup
  public void setUp() {
    mirror =
        Mirror.builder()
            .config(
                MirrorConfig.builder()
                    .methods(List.of("POST"))
                    .target(
                        TargetConfig.builder("v2")
                            .threads(1)
                            .queueCapacity(1024)
                            .timeout(Duration.ofSeconds(1))
                            .build())
                    .build())
            .target(
                "v2",
                new ShadowTarget() {
                  @Override
                  public ShadowResponse send(MirroredRequest r, Duration t) {
                    return ShadowResponse.delivered();
                  }
                })
            .openTelemetry(OpenTelemetry.noop())
            .build();
    Headers json =
        Headers.builder()
            .add("Content-Type", "application/json")
            .add("Accept", "application/json")
            .build();
    request =
        MirroredRequest.builder("POST", "/predict")
            .headers(json)
            .body(Body.of(new byte[bodyBytes]))
            .build();
    production =
        ProductionResponse.builder(200)
            .headers(json)
            .body(
                Body.of(
                    "{\"prediction\":\"setosa\",\"scores\":[0.97,0.02,0.01]}",
                    StandardCharsets.UTF_8))
            .duration(Duration.ofMillis(1))
            .build();
  }

  @TearDown
  public void tearDown() {
    mirror.close();
  }

  @Benchmark
  public void baseline() {
    Blackhole.consumeCPU(work);
  }

  @Benchmark
  public void submit() {
    Blackhole.consumeCPU(work);
    mirror.adapterProtocol().submit(request, production);
  }
}

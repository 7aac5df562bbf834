package dev.trafficmirror.benchmarks;

import dev.trafficmirror.core.HeaderLookup;
import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.MirrorConfig;
import dev.trafficmirror.spi.ShadowResponse;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The decision for a request that is not mirrored: the target is no allocation at all. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecisionBenchmark {
  private static final HeaderLookup HEADERS =
      name -> "Host".equals(name) ? "api.example.com" : null;

  private Mirror unsampled;
  private Mirror sampled;

  @Setup
  public void setUp() {
    unsampled = mirror(0.0);
    sampled = mirror(1.0);
  }

  private static Mirror mirror(double rate) {
    return Mirror.builder()
        .config(
            MirrorConfig.builder()
                .methods(List.of("POST"))
                .include(List.of("/predict/**"))
                .exclude(List.of("/predict/admin/**"))
                .sampleRate(rate)
                .build())
        .target("v2", (request, timeout) -> ShadowResponse.delivered())
        .openTelemetry(OpenTelemetry.noop())
        .build();
  }

  @TearDown
  public void tearDown() {
    unsampled.close();
    sampled.close();
  }

  /** A matching request lost to sampling (rate 0): every check runs, then the dice. */
  @Benchmark
  public boolean unsampledByRate() {
    return unsampled.adapterProtocol().shouldMirror("POST", "/predict/iris", HEADERS);
  }

  /** A method not listed: the cheapest refusal. */
  @Benchmark
  public boolean unmatchedMethod() {
    return sampled.adapterProtocol().shouldMirror("GET", "/predict/iris", HEADERS);
  }

  /** A path outside the include globs. */
  @Benchmark
  public boolean unmatchedPath() {
    return sampled.adapterProtocol().shouldMirror("POST", "/health", HEADERS);
  }

  /** A request that is mirrored: the decision alone. */
  @Benchmark
  public boolean sampledDecision() {
    return sampled.adapterProtocol().shouldMirror("POST", "/predict/iris", HEADERS);
  }
}

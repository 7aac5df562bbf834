package dev.trafficmirror.benchmarks;

import dev.trafficmirror.core.DefaultResponseComparator;
import dev.trafficmirror.core.Tolerance;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Comparison;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.ProductionResponse;
import dev.trafficmirror.spi.ShadowResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The default comparator on a typical model response (~300 B of JSON) and a large one (~64 KiB).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ComparatorBenchmark {
  private static final Headers JSON =
      Headers.builder().add("Content-Type", "application/json").build();
  private static final MirroredRequest REQUEST =
      MirroredRequest.builder("POST", "/predict").build();

  private DefaultResponseComparator comparator;
  private ProductionResponse smallProduction;
  private ShadowResponse smallShadow;
  private ProductionResponse largeProduction;
  private ShadowResponse largeShadow;

  @Setup
  public void setUp() {
    comparator =
        DefaultResponseComparator.builder()
            .ignore("/request_id")
            .ignore("/items/*/id")
            .tolerance(Tolerance.parse("1e-6,0.5%"))
            .build();
    smallProduction = production(small("p-1", 0.9712, 0.0211));
    smallShadow = shadow(small("s-1", 0.9715, 0.0210));
    largeProduction = production(large(0.5));
    largeShadow = shadow(large(0.5001));
  }

  private static String small(String id, double a, double b) {
    return "{\"request_id\":\""
        + id
        + "\",\"model\":\"iris\",\"version\":\"2024-06-01\",\"prediction\":\"setosa\","
        + "\"scores\":{\"setosa\":"
        + a
        + ",\"versicolor\":"
        + b
        + ",\"virginica\":0.0077},"
        + "\"top_k\":[{\"label\":\"setosa\",\"score\":"
        + a
        + "},{\"label\":\"versicolor\",\"score\":"
        + b
        + "}],"
        + "\"latency_ms\":12,\"cached\":false,\"features\":[5.1,3.5,1.4,0.2],\"explanations\":null}";
  }

  private static String large(double score) {
    StringBuilder s = new StringBuilder("{\"items\":[");
    for (int i = 0; i < 1050; i++) {
      if (i > 0) {
        s.append(',');
      }
      s.append("{\"id\":\"item-")
          .append(i)
          .append("\",\"label\":\"class-")
          .append(i % 7)
          .append("\",\"score\":")
          .append(score + i * 1e-4)
          .append(",\"rank\":")
          .append(i)
          .append('}');
    }
    return s.append("]}").toString();
  }

  private static ProductionResponse production(String body) {
    return ProductionResponse.builder(200)
        .headers(JSON)
        .body(Body.of(body, StandardCharsets.UTF_8))
        .build();
  }

  private static ShadowResponse shadow(String body) {
    return ShadowResponse.of(200, JSON, Body.of(body, StandardCharsets.UTF_8));
  }

  @Benchmark
  public Comparison typicalModelResponse() {
    return comparator.compare(REQUEST, smallProduction, smallShadow);
  }

  @Benchmark
  public Comparison large64KiB() {
    return comparator.compare(REQUEST, largeProduction, largeShadow);
  }
}

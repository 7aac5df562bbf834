package dev.trafficmirror.benchmarks;

import dev.trafficmirror.core.SensitiveData;
import dev.trafficmirror.core.internal.dispatch.MirrorTelemetry;
import dev.trafficmirror.core.internal.rules.HeaderPolicy;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirroredRequest;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The header copies of one mirrored request with ten typical headers: {@code capture} copies them
 * into {@link Headers} as the servlet filter does on the request thread; {@code shadowRequest}
 * makes the shadow call's headers from them as the worker does (header policy, trace context
 * propagation, the request rebuilt with them). Uses mirror-core internals on purpose: it measures
 * exactly the worker's steps.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HeadersBenchmark {
  /** As an HTTP/1.1 client spells them, in the order a container reports them. */
  private static final String[][] REQUEST_HEADERS = {
    {"Host", "api.example.com"},
    {"User-Agent", "python-requests/2.32.3"},
    {"Accept-Encoding", "gzip, deflate"},
    {"Accept", "application/json"},
    {"Connection", "keep-alive"},
    {"Content-Type", "application/json"},
    {"Content-Length", "1024"},
    {"Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.x"},
    {"traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"},
    {"X-Request-Id", "7c9e6679-7425-40de-944b-e07fc1f90ae7"},
  };

  private final HeaderPolicy policy = new HeaderPolicy(SensitiveData.defaults(), false);
  private MirrorTelemetry telemetry;
  private Span span;
  private MirroredRequest request;

  @Setup
  public void setUp() {
    telemetry =
        new MirrorTelemetry(
            OpenTelemetry.propagating(
                ContextPropagators.create(W3CTraceContextPropagator.getInstance())),
            Map.of());
    span =
        Span.wrap(
            SpanContext.create(
                "4bf92f3577b34da6a3ce929d0e0e4736",
                "00f067aa0ba902b7",
                TraceFlags.getSampled(),
                TraceState.getDefault()));
    request = MirroredRequest.builder("POST", "/predict").headers(capture()).build();
  }

  /** The request thread: every name and value copied into immutable headers. */
  @Benchmark
  public Headers capture() {
    Headers.Builder headers = Headers.builder();
    for (String[] header : REQUEST_HEADERS) {
      headers.add(header[0], header[1]);
    }
    return headers.build();
  }

  /** The worker: the shadow call's headers and the request that carries them. */
  @Benchmark
  public MirroredRequest shadowRequest() {
    Headers.Builder headers = policy.builder(request.headers(), request.id(), Map.of());
    return request.toBuilder().headers(telemetry.propagate(span, headers).build()).build();
  }
}

package dev.trafficmirror.core.internal.dispatch;

import dev.trafficmirror.spi.Comparison;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ProductionResponse;
import dev.trafficmirror.spi.ShadowResponse;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * Spans and metrics of a mirror. One CLIENT span per shadow call, in its own trace, linked to the
 * production span; an INTERNAL span for a copy that never reached the shadow; counters and
 * histograms by target and outcome. Thread-safe.
 */
public final class MirrorTelemetry {
  public static final String SCOPE = "dev.trafficmirror";

  public static final AttributeKey<String> TARGET = AttributeKey.stringKey("mirror.target");
  public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("mirror.outcome");
  public static final AttributeKey<String> ID = AttributeKey.stringKey("mirror.id");
  public static final AttributeKey<Boolean> SAMPLED = AttributeKey.booleanKey("mirror.sampled");
  public static final AttributeKey<Long> PRODUCTION_STATUS =
      AttributeKey.longKey("mirror.production.status_code");
  public static final AttributeKey<Double> PRODUCTION_DURATION =
      AttributeKey.doubleKey("mirror.production.duration_ms");
  public static final AttributeKey<Long> SHADOW_STATUS =
      AttributeKey.longKey("mirror.shadow.status_code");
  public static final AttributeKey<Double> SHADOW_DURATION =
      AttributeKey.doubleKey("mirror.shadow.duration_ms");
  public static final AttributeKey<Long> DIFF_COUNT = AttributeKey.longKey("mirror.diff.count");
  public static final AttributeKey<String> DIFF_FIRST_PATH =
      AttributeKey.stringKey("mirror.diff.first_path");
  static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  /**
   * Bucket advice for durations in seconds: 0.5 ms to 10 s (the SDK default suits milliseconds).
   */
  static final List<Double> SECONDS_BUCKETS =
      List.of(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

  private final OpenTelemetry openTelemetry;
  private final Tracer tracer;
  private final Meter meter;
  private final LongCounter outcomes;
  private final DoubleHistogram shadowDuration;
  private final DoubleHistogram productionDuration;
  private final Map<String, Attributes[]> outcomeAttributes = new HashMap<>();
  private final Map<String, Attributes> targetAttributes = new HashMap<>();
  private final Map<String, @Nullable URI> targetUris = new HashMap<>();
  private final List<AutoCloseable> gauges = new ArrayList<>();

  /** Creates the instruments; {@code targetUris} gives each target's base URI when it has one. */
  public MirrorTelemetry(OpenTelemetry openTelemetry, Map<String, @Nullable URI> targetUris) {
    this.openTelemetry = openTelemetry;
    this.tracer = openTelemetry.getTracer(SCOPE);
    this.meter = openTelemetry.getMeter(SCOPE);
    this.outcomes =
        meter
            .counterBuilder("mirror.outcomes")
            .setDescription(
                "Mirrored requests by target and outcome; they add up to the requests sampled.")
            .setUnit("{request}")
            .build();
    this.shadowDuration =
        meter
            .histogramBuilder("mirror.shadow.duration")
            .setDescription("Duration of shadow calls.")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(SECONDS_BUCKETS)
            .build();
    this.productionDuration =
        meter
            .histogramBuilder("mirror.production.duration")
            .setDescription("Duration of production requests that were mirrored.")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(SECONDS_BUCKETS)
            .build();
    OutcomeKind[] kinds = OutcomeKind.values();
    targetUris.forEach(
        (target, uri) -> {
          Attributes[] byKind = new Attributes[kinds.length];
          for (OutcomeKind kind : kinds) {
            byKind[kind.ordinal()] = Attributes.of(TARGET, target, OUTCOME, kind.label());
          }
          outcomeAttributes.put(target, byKind);
          targetAttributes.put(target, Attributes.of(TARGET, target));
          this.targetUris.put(target, uri);
        });
  }

  /** Marks the current production span, if one is recording, as mirrored under {@code mirrorId}. */
  public static void tagProductionSpan(String mirrorId) {
    Span span = Span.current();
    if (span.isRecording()) {
      span.setAttribute(SAMPLED, true);
      span.setAttribute(ID, mirrorId);
    }
  }

  /** Returns the current span's context as a {@code traceparent} value, or null. */
  public static @Nullable String currentTraceparent() {
    return TraceContexts.toTraceparent(Span.current().getSpanContext());
  }

  /** Starts the CLIENT span of one shadow call. */
  public Span startShadowSpan(String target, MirroredRequest request) {
    SpanBuilder builder =
        tracer
            .spanBuilder(request.method() + " mirror " + target)
            .setNoParent()
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute(TARGET, target)
            .setAttribute(ID, request.id())
            .setAttribute(HTTP_METHOD, request.method())
            .setAttribute(URL_PATH, request.path());
    URI uri = targetUris.get(target);
    if (uri != null && uri.getHost() != null) {
      builder.setAttribute(SERVER_ADDRESS, uri.getHost());
      builder.setAttribute(SERVER_PORT, (long) effectivePort(uri));
    }
    link(builder, request);
    return builder.startSpan();
  }

  /**
   * Makes {@code headers} carry the shadow call's own trace context instead of the client's: the
   * client's {@code traceparent} and {@code tracestate} are removed and the application's
   * propagators inject {@code span}'s context, so an instrumented shadow continues the mirror's
   * trace (linked to production), not production's own. Returns {@code headers}.
   */
  public Headers.Builder propagate(Span span, Headers.Builder headers) {
    headers.remove("traceparent").remove("tracestate");
    openTelemetry
        .getPropagators()
        .getTextMapPropagator()
        .inject(
            Context.root().with(span),
            headers,
            (carrier, key, value) -> {
              if (carrier != null) {
                carrier.set(key, value);
              }
            });
    return headers;
  }

  /** Records a copy that never reached the shadow as an INTERNAL span, linked to production. */
  public void recordNotSentSpan(MirrorOutcome outcome) {
    SpanBuilder builder =
        tracer
            .spanBuilder(outcome.request().method() + " mirror " + outcome.target())
            .setNoParent()
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute(TARGET, outcome.target())
            .setAttribute(ID, outcome.request().id())
            .setAttribute(HTTP_METHOD, outcome.request().method())
            .setAttribute(URL_PATH, outcome.request().path());
    link(builder, outcome.request());
    endSpan(builder.startSpan(), outcome);
  }

  private static void link(SpanBuilder builder, MirroredRequest request) {
    SpanContext production = TraceContexts.fromTraceparent(request.traceparent());
    if (production.isValid()) {
      builder.addLink(production);
    }
  }

  /** Adds the outcome's attributes to {@code span} and ends it. */
  public void endSpan(Span span, MirrorOutcome outcome) {
    span.setAttribute(OUTCOME, outcome.kind().label());
    ProductionResponse production = outcome.production();
    if (production != null) {
      span.setAttribute(PRODUCTION_STATUS, (long) production.status());
      span.setAttribute(PRODUCTION_DURATION, millis(production.duration()));
    }
    ShadowResponse shadow = outcome.shadow();
    if (shadow != null && !shadow.isDelivery()) {
      span.setAttribute(SHADOW_STATUS, (long) shadow.status());
      span.setAttribute(HTTP_STATUS, (long) shadow.status());
    }
    Duration shadowTook = outcome.shadowDuration();
    if (shadowTook != null) {
      span.setAttribute(SHADOW_DURATION, millis(shadowTook));
    }
    Comparison comparison = outcome.comparison();
    if (comparison != null) {
      span.setAttribute(DIFF_COUNT, (long) comparison.differenceCount());
      String first = comparison.firstPath();
      if (first != null) {
        span.setAttribute(DIFF_FIRST_PATH, first);
      }
    }
    OutcomeKind kind = outcome.kind();
    if (kind == OutcomeKind.SHADOW_ERROR || kind == OutcomeKind.SHADOW_TIMEOUT) {
      Throwable error = outcome.error();
      span.setAttribute(ERROR_TYPE, error != null ? error.getClass().getName() : kind.label());
      span.setStatus(StatusCode.ERROR, kind.label());
    }
    span.end();
  }

  /** Counts the outcome and records its durations. */
  public void recordMetrics(MirrorOutcome outcome) {
    Attributes[] byKind = outcomeAttributes.get(outcome.target());
    Attributes attributes =
        byKind != null
            ? byKind[outcome.kind().ordinal()]
            : Attributes.of(TARGET, outcome.target(), OUTCOME, outcome.kind().label());
    outcomes.add(1, attributes);
    Duration shadowTook = outcome.shadowDuration();
    if (shadowTook != null) {
      shadowDuration.record(seconds(shadowTook), attributes);
    }
    ProductionResponse production = outcome.production();
    if (production != null && !outcome.kind().notSent()) {
      productionDuration.record(seconds(production.duration()), attributes);
    }
  }

  /**
   * Registers the queue-depth gauge per target, the budget gauges, and the counters of outcomes
   * that listeners or the log missed; closed by {@link #close()}.
   */
  public void registerGauges(
      Map<String, ToLongFunction<String>> queueDepthByTarget,
      MemoryBudget budget,
      LongSupplier reporterOverflow,
      LongSupplier logLinesLost) {
    ObservableLongGauge depth =
        meter
            .gaugeBuilder("mirror.queue.depth")
            .setDescription("Copies waiting for a worker, by target.")
            .setUnit("{request}")
            .ofLongs()
            .buildWithCallback(
                m ->
                    queueDepthByTarget.forEach(
                        (target, f) ->
                            m.record(
                                f.applyAsLong(target),
                                targetAttributes.getOrDefault(target, Attributes.empty()))));
    ObservableLongGauge used =
        meter
            .gaugeBuilder("mirror.budget.used")
            .setDescription(
                "Bytes of copies held now, queued and in flight (limit: mirror.max-buffered-bytes).")
            .setUnit("By")
            .ofLongs()
            .buildWithCallback(m -> m.record(budget.used()));
    ObservableLongGauge limit =
        meter
            .gaugeBuilder("mirror.budget.limit")
            .setDescription("mirror.max-buffered-bytes.")
            .setUnit("By")
            .ofLongs()
            .buildWithCallback(m -> m.record(budget.limit()));
    gauges.add(depth);
    gauges.add(used);
    gauges.add(limit);
    gauges.add(
        meter
            .counterBuilder("mirror.reporter.overflow")
            .setDescription(
                "Outcomes whose span and listener calls were skipped because the reporter was full (counts are exact regardless).")
            .setUnit("{outcome}")
            .buildWithCallback(m -> m.record(reporterOverflow.getAsLong())));
    gauges.add(
        meter
            .counterBuilder("mirror.log.lost")
            .setDescription(
                "Outcomes the JSON Lines log could not write (queue full or I/O error).")
            .setUnit("{outcome}")
            .buildWithCallback(m -> m.record(logLinesLost.getAsLong())));
  }

  /** Unregisters the gauges. */
  public void close() {
    for (AutoCloseable gauge : gauges) {
      try {
        gauge.close();
      } catch (Exception e) {
        // Closing a gauge callback cannot meaningfully fail; nothing to report.
      }
    }
  }

  private static int effectivePort(URI uri) {
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static double millis(Duration d) {
    return d.toNanos() / 1e6;
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}

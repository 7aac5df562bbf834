package dev.trafficmirror.core.status;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.trafficmirror.core.LatencySummary;
import dev.trafficmirror.core.MinuteStatistics;
import dev.trafficmirror.core.MirrorStatistics;
import dev.trafficmirror.core.MismatchRecord;
import dev.trafficmirror.core.PathDifference;
import dev.trafficmirror.core.RouteStatistics;
import dev.trafficmirror.core.TargetStatistics;
import dev.trafficmirror.spi.Difference;
import dev.trafficmirror.spi.OutcomeKind;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes {@link MirrorStatistics} as the status page's JSON view. Unless bodies are shown ({@code
 * mirror.status.show-bodies}), whole-body previews of differences (path {@code body}) read {@value
 * StatusHtml#HIDDEN_BODY}.
 */
final class StatusJson {
  private static final JsonFactory JSON = new JsonFactory();

  private StatusJson() {}

  /**
   * Writes {@code stats} with bodies hidden, as {@link #write(MirrorStatistics, Instant,
   * OutputStream, boolean)}.
   */
  static void write(MirrorStatistics stats, Instant now, OutputStream out) throws IOException {
    write(stats, now, out, false);
  }

  /**
   * Writes {@code stats} to {@code out} as one JSON object (UTF-8), with whole-body previews when
   * {@code showBodies}; does not close {@code out}.
   */
  static void write(MirrorStatistics stats, Instant now, OutputStream out, boolean showBodies)
      throws IOException {
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.writeStartObject();
      g.writeStringField("since", stats.since().toString());
      g.writeStringField("generated", now.toString());
      g.writeNumberField("reporter_overflow", stats.reporterOverflow());
      g.writeNumberField("log_lines_lost", stats.logLinesLost());
      boolean calibrated = stats.targets().stream().anyMatch(TargetStatistics::baseline);
      g.writeArrayFieldStart("targets");
      for (TargetStatistics t : stats.targets()) {
        writeTarget(g, t, calibrated, showBodies);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("recent_mismatches");
      for (MismatchRecord m : stats.recentMismatches()) {
        writeMismatch(g, m, showBodies);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  private static void writeTarget(
      JsonGenerator g, TargetStatistics t, boolean calibrated, boolean showBodies)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("name", t.target());
    g.writeNumberField("sampled", t.sampled());
    g.writeNumberField("sent", t.sent());
    g.writeNumberField("dropped", t.dropped());
    g.writeNumberField("skipped", t.skipped());
    g.writeBooleanField("baseline", t.baseline());
    g.writeStringField("state", t.state().label());
    writeCounts(g, t.counts());
    writeRate(g, "agreement_rate", t.agreementRate());
    writeRate(g, "agreement_rate_excluding_noise", t.agreementRateExcludingNoise());
    writeRate(g, "shadow_error_rate", t.shadowErrorRate());
    writeRate(g, "production_error_rate", t.productionErrorRate());
    writeLatency(g, "production_latency_ms", t.production());
    writeLatency(g, "shadow_latency_ms", t.shadow());
    g.writeArrayFieldStart("routes");
    for (RouteStatistics r : t.routes()) {
      g.writeStartObject();
      g.writeStringField("route", r.route());
      g.writeNumberField("sampled", r.sampled());
      writeCounts(g, r.counts());
      writeRate(g, "agreement_rate", r.agreementRate());
      writeLatency(g, "production_latency_ms", r.production());
      writeLatency(g, "shadow_latency_ms", r.shadow());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("differences_by_path");
    for (PathDifference d : t.differencesByPath()) {
      writePathDifference(g, d, showBodies);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("per_minute");
    for (MinuteStatistics m : t.perMinute()) {
      writeMinute(g, m, calibrated);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void writePathDifference(JsonGenerator g, PathDifference d, boolean showBodies)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("route", d.route());
    g.writeStringField("path", d.path());
    g.writeNumberField("count", d.count());
    g.writeNumberField("rate", d.rate());
    Boolean noise = d.noise();
    if (noise != null) {
      g.writeBooleanField("noise", noise);
    }
    g.writeArrayFieldStart("examples");
    for (PathDifference.Example e : d.examples()) {
      g.writeStartObject();
      g.writeStringField("production", StatusHtml.shown(d.path(), e.production(), showBodies));
      g.writeStringField("shadow", StatusHtml.shown(d.path(), e.shadow(), showBodies));
      g.writeEndObject();
    }
    g.writeEndArray();
    PathDifference.Drift drift = d.drift();
    if (drift != null) {
      g.writeObjectFieldStart("drift");
      g.writeNumberField("count", drift.count());
      g.writeNumberField("p50", drift.p50());
      g.writeNumberField("p90", drift.p90());
      g.writeNumberField("p99", drift.p99());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void writeMinute(JsonGenerator g, MinuteStatistics m, boolean calibrated)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("minute", m.minute().toString());
    g.writeNumberField("sampled", m.sampled());
    g.writeNumberField("compared", m.compared());
    writeRate(g, "agreement_rate", m.agreementRate());
    if (calibrated) {
      writeRate(g, "agreement_rate_excluding_noise", m.agreementRateExcludingNoise());
    }
    g.writeNumberField("shadow_errors", m.shadowErrors());
    writeMillis(g, "production_p99_ms", m.productionP99());
    writeMillis(g, "shadow_p99_ms", m.shadowP99());
    g.writeEndObject();
  }

  private static void writeCounts(JsonGenerator g, Map<OutcomeKind, Long> counts)
      throws IOException {
    g.writeObjectFieldStart("counts");
    for (OutcomeKind kind : OutcomeKind.values()) {
      g.writeNumberField(kind.label(), counts.getOrDefault(kind, 0L));
    }
    g.writeEndObject();
  }

  private static void writeRate(JsonGenerator g, String field, double rate) throws IOException {
    if (Double.isNaN(rate)) {
      g.writeNullField(field);
    } else {
      g.writeNumberField(field, rate);
    }
  }

  private static void writeLatency(JsonGenerator g, String field, LatencySummary s)
      throws IOException {
    g.writeObjectFieldStart(field);
    g.writeNumberField("count", s.count());
    writeMillis(g, "p50", s.p50());
    writeMillis(g, "p90", s.p90());
    writeMillis(g, "p99", s.p99());
    g.writeEndObject();
  }

  private static void writeMillis(JsonGenerator g, String field, @Nullable Duration d)
      throws IOException {
    if (d == null) {
      g.writeNullField(field);
    } else {
      g.writeNumberField(field, Math.round(d.toNanos() / 1e3) / 1e3);
    }
  }

  private static void writeMismatch(JsonGenerator g, MismatchRecord m, boolean showBodies)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("mirror_id", m.mirrorId());
    g.writeStringField("target", m.target());
    g.writeStringField("time", m.time().toString());
    g.writeStringField("method", m.method());
    g.writeStringField("route", m.route());
    g.writeStringField("path", m.pathAndQuery());
    g.writeNumberField("production_status", m.productionStatus());
    g.writeNumberField("shadow_status", m.shadowStatus());
    g.writeNumberField("difference_count", m.comparison().differenceCount());
    if (m.comparison().note() != null) {
      g.writeStringField("note", m.comparison().note());
    }
    if (m.comparison().uncompared() != null) {
      g.writeStringField("uncompared", m.comparison().uncompared());
    }
    g.writeArrayFieldStart("differences");
    for (Difference d : m.comparison().differences()) {
      g.writeStartObject();
      g.writeStringField("path", d.path());
      g.writeStringField("production", StatusHtml.shown(d.path(), d.production(), showBodies));
      g.writeStringField("shadow", StatusHtml.shown(d.path(), d.shadow(), showBodies));
      g.writeEndObject();
    }
    g.writeEndArray();
    if (m.curl() != null) {
      g.writeStringField("curl", m.curl());
    }
    g.writeEndObject();
  }
}

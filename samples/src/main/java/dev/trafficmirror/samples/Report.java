package dev.trafficmirror.samples;

import dev.trafficmirror.core.LatencySummary;
import dev.trafficmirror.core.MirrorStatistics;
import dev.trafficmirror.core.MismatchRecord;
import dev.trafficmirror.core.TargetStatistics;
import dev.trafficmirror.spi.Difference;
import dev.trafficmirror.spi.OutcomeKind;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/** Prints the demo's report, read off the library's own statistics. */
public final class Report {
  private Report() {}

  /** Prints the report of {@code result} to {@code out}. */
  public static void print(Demo.Result result, PrintStream out) {
    MirrorStatistics stats = result.statistics();
    TargetStatistics v2 = Demo.v2(stats);
    out.println();
    out.println("Report (from the library's statistics)");
    row(out, "requests sent to production", String.valueOf(result.sent()));
    row(out, "mirrored to v2 (shadow called)", v2.sent() + " of " + v2.sampled() + " sampled");
    row(out, "dropped / skipped", v2.dropped() + " / " + v2.skipped() + reasons(v2));
    row(out, "agreement within tolerance", String.format(Locale.ROOT, "%.1f%% (%d match, %d mismatch; scores within %s)",
        v2.agreementRate() * 100, v2.count(OutcomeKind.MATCH), v2.count(OutcomeKind.MISMATCH), Demo.SCORE_TOLERANCE));
    row(out, "shadow errors / timeouts", v2.count(OutcomeKind.SHADOW_ERROR) + " / " + v2.count(OutcomeKind.SHADOW_TIMEOUT));
    out.println();
    out.println(String.format(Locale.ROOT, "  %-22s %10s %10s %10s", "latency", "p50", "p90", "p99"));
    latency(out, "production (v1)", v2.production());
    latency(out, "shadow (v2)", v2.shadow());
    out.println();
    List<MismatchRecord> mismatches = stats.recentMismatches();
    out.println("  mismatching cases (" + Math.min(8, mismatches.size()) + " of " + v2.count(OutcomeKind.MISMATCH) + " shown):");
    for (MismatchRecord m : mismatches.subList(0, Math.min(8, mismatches.size()))) {
      StringJoiner diffs = new StringJoiner("; ");
      for (Difference d : m.comparison().differences()) {
        diffs.add(d.path() + " " + oneLine(d.production()) + " vs " + oneLine(d.shadow()));
      }
      out.println("    " + m.method() + " " + m.pathAndQuery() + " [" + m.mirrorId() + "] " + diffs);
    }
    if (!mismatches.isEmpty() && mismatches.get(0).curl() != null) {
      out.println("  replay the first one against the shadow:");
      out.println("    " + mismatches.get(0).curl());
    }
    out.println();
    out.println("  status page: " + result.statusPage());
  }

  private static String oneLine(@org.jspecify.annotations.Nullable String value) {
    return value == null ? "(absent)" : value.replaceAll("\\s+", " ");
  }

  private static String reasons(TargetStatistics t) {
    StringJoiner reasons = new StringJoiner(", ", " (", ")").setEmptyValue("");
    for (OutcomeKind kind : OutcomeKind.values()) {
      if (kind.notSent() && t.count(kind) > 0) {
        reasons.add(kind.label() + " " + t.count(kind));
      }
    }
    return reasons.toString();
  }

  private static void row(PrintStream out, String label, String value) {
    out.println(String.format(Locale.ROOT, "  %-32s %s", label, value));
  }

  private static void latency(PrintStream out, String label, LatencySummary s) {
    out.println(String.format(Locale.ROOT, "  %-22s %10s %10s %10s", label, ms(s.p50()), ms(s.p90()), ms(s.p99())));
  }

  private static String ms(Duration d) {
    return d == null ? "-" : String.format(Locale.ROOT, "%.2f ms", d.toNanos() / 1e6);
  }
}

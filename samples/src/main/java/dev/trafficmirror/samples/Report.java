package dev.trafficmirror.samples;

import dev.trafficmirror.core.LatencySummary;
import dev.trafficmirror.core.MirrorStatistics;
import dev.trafficmirror.core.MismatchRecord;
import dev.trafficmirror.core.PathDifference;
import dev.trafficmirror.core.TargetStatistics;
import dev.trafficmirror.spi.Difference;
import dev.trafficmirror.spi.OutcomeKind;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Prints the demo's report, read off the library's own statistics: differences by path first (real
 * ones, then noise), then agreement, latency and a mismatch to replay. Fits on one screen.
 */
public final class Report {
  private static final int EXAMPLES = 3;

  private Report() {}

  /** Prints the report of {@code result} to {@code out}. */
  public static void print(Demo.Result result, PrintStream out) {
    MirrorStatistics stats = result.statistics();
    TargetStatistics v2 = Demo.v2(stats);
    TargetStatistics baseline = Demo.baseline(stats);
    List<PathDifference> real =
        v2.differencesByPath().stream().filter(d -> !Boolean.TRUE.equals(d.noise())).toList();
    List<PathDifference> noise =
        v2.differencesByPath().stream().filter(d -> Boolean.TRUE.equals(d.noise())).toList();
    out.println();
    out.println("Report (from the library's statistics)");
    out.println();
    out.println(
        "  v2 differs from production at (share of compared copies; score drift |v1 - v2| beyond tolerance):");
    out.println(
        String.format(
            Locale.ROOT,
            "    %-24s %7s %6s   %s",
            "path",
            "rate",
            "count",
            "drift p50 / p90 / p99"));
    for (PathDifference d : real) {
      out.println(
          String.format(
              Locale.ROOT,
              "    %-24s %6.1f%% %6d   %s",
              d.path(),
              100 * d.rate(),
              d.count(),
              drift(d)));
    }
    out.println(
        "  noise (the baseline, v1 itself, differs there as often; not counted against v2):");
    for (PathDifference d : noise) {
      out.println(
          String.format(Locale.ROOT, "    %-24s %6.1f%% %6d", d.path(), 100 * d.rate(), d.count()));
    }
    out.println();
    row(out, "requests sent to production", String.valueOf(result.sent()));
    row(
        out,
        "mirrored to v2 / baseline",
        v2.sent()
            + " / "
            + baseline.sent()
            + " (dropped "
            + (v2.dropped() + baseline.dropped())
            + ", skipped "
            + (v2.skipped() + baseline.skipped())
            + ")");
    row(
        out,
        "v2 agreement excluding noise",
        String.format(
            Locale.ROOT,
            "%.1f%% (raw %.1f%%: %d match, %d mismatch; scores within %s)",
            100 * v2.agreementRateExcludingNoise(),
            100 * v2.agreementRate(),
            v2.count(OutcomeKind.MATCH),
            v2.count(OutcomeKind.MISMATCH),
            Demo.SCORE_TOLERANCE));
    row(
        out,
        "v2 shadow errors / timeouts",
        v2.count(OutcomeKind.SHADOW_ERROR) + " / " + v2.count(OutcomeKind.SHADOW_TIMEOUT));
    out.println();
    out.println(
        String.format(Locale.ROOT, "  %-22s %10s %10s %10s", "latency", "p50", "p90", "p99"));
    latency(out, "production (v1)", v2.production());
    latency(out, "baseline (v1)", baseline.shadow());
    latency(out, "candidate (v2)", v2.shadow());
    out.println();
    Set<String> realPaths = real.stream().map(PathDifference::path).collect(Collectors.toSet());
    List<MismatchRecord> examples =
        stats.recentMismatches().stream()
            .filter(m -> m.target().equals(Demo.CANDIDATE))
            .filter(
                m ->
                    m.comparison().differences().stream()
                        .anyMatch(d -> realPaths.contains(d.path())))
            .limit(EXAMPLES)
            .toList();
    out.println("  latest real mismatches of v2 (noise left out):");
    for (MismatchRecord m : examples) {
      StringJoiner diffs = new StringJoiner("; ");
      for (Difference d : m.comparison().differences()) {
        if (realPaths.contains(d.path())) {
          diffs.add(d.path() + " " + oneLine(d.production()) + " vs " + oneLine(d.shadow()));
        }
      }
      out.println("    [" + m.mirrorId() + "] " + diffs);
    }
    if (!examples.isEmpty() && examples.get(0).curl() != null) {
      out.println("  replay the first one against v2:");
      out.println("    " + examples.get(0).curl());
    }
    out.println();
    out.println("  status page: " + result.statusPage() + "  (add --serve to keep it running)");
  }

  private static String drift(PathDifference d) {
    PathDifference.Drift drift = d.drift();
    return drift == null
        ? ""
        : String.format(Locale.ROOT, "%.3f / %.3f / %.3f", drift.p50(), drift.p90(), drift.p99());
  }

  private static String oneLine(@Nullable String value) {
    String text = value == null ? "(absent)" : value.replaceAll("\\s+", " ");
    return text.length() > 60 ? text.substring(0, 59) + "…" : text;
  }

  private static void row(PrintStream out, String label, String value) {
    out.println(String.format(Locale.ROOT, "  %-30s %s", label, value));
  }

  private static void latency(PrintStream out, String label, LatencySummary s) {
    out.println(
        String.format(
            Locale.ROOT, "  %-22s %10s %10s %10s", label, ms(s.p50()), ms(s.p90()), ms(s.p99())));
  }

  private static String ms(@Nullable Duration d) {
    return d == null ? "-" : String.format(Locale.ROOT, "%.2f ms", d.toNanos() / 1e6);
  }
}

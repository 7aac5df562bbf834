package dev.trafficmirror.core.status;

import dev.trafficmirror.core.LatencySummary;
import dev.trafficmirror.core.MirrorStatistics;
import dev.trafficmirror.core.MismatchRecord;
import dev.trafficmirror.core.RouteStatistics;
import dev.trafficmirror.core.TargetState;
import dev.trafficmirror.core.TargetStatistics;
import dev.trafficmirror.spi.Difference;
import dev.trafficmirror.spi.OutcomeKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Renders {@link MirrorStatistics} as a self-contained HTML page: no external assets (works
 * offline), an inline SVG latency chart, auto-refreshing. Every value is escaped: paths, routes and
 * differences come from clients. Unless bodies are shown ({@code mirror.status.show-bodies}),
 * whole-body previews of differences (path {@code body}) read {@value #HIDDEN_BODY}.
 */
final class StatusHtml {
  /** What a whole-body preview reads when bodies are not shown. */
  static final String HIDDEN_BODY = "<body hidden: mirror.status.show-bodies=false>";

  private static final String CSS =
      """
      body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1d2330;background:#f7f8fa}
      h1{font-size:20px;margin:0 0 4px} h2{font-size:17px;margin:28px 0 8px} h3{font-size:14px;margin:16px 0 6px}
      .muted{color:#667085} .cards{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0}
      .card{background:#fff;border:1px solid #e4e7ec;border-radius:8px;padding:10px 14px;min-width:110px}
      .card b{display:block;font-size:20px} .good{color:#067647} .bad{color:#b42318}
      table{border-collapse:collapse;background:#fff;border:1px solid #e4e7ec;margin:6px 0}
      th,td{padding:4px 10px;border-bottom:1px solid #eef0f3;text-align:left;vertical-align:top}
      td.n{text-align:right;font-variant-numeric:tabular-nums} pre{white-space:pre-wrap;word-break:break-all;
      background:#101828;color:#f2f4f7;padding:8px;border-radius:6px;font-size:12px;margin:4px 0}
      section.target{background:#fff;border:1px solid #e4e7ec;border-radius:10px;padding:4px 16px 14px;margin:16px 0}
      .legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}
      """;

  private StatusHtml() {}

  /**
   * Returns the page with bodies hidden, as {@link #render(MirrorStatistics, Instant, int,
   * boolean)}.
   */
  static String render(MirrorStatistics stats, Instant now, int refreshSeconds) {
    return render(stats, now, refreshSeconds, false);
  }

  /**
   * Returns the page; {@code refreshSeconds} of 0 turns auto-refresh off, and {@code showBodies}
   * shows whole-body previews of differences.
   */
  static String render(
      MirrorStatistics stats, Instant now, int refreshSeconds, boolean showBodies) {
    StringBuilder h = new StringBuilder(8192);
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
    if (refreshSeconds > 0) {
      h.append("<meta http-equiv=\"refresh\" content=\"").append(refreshSeconds).append("\">");
    }
    h.append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
        .append("<title>Traffic Mirror status</title><style>")
        .append(CSS)
        .append("</style></head><body>")
        .append("<h1>Traffic Mirror</h1><div class=\"muted\">since ")
        .append(esc(stats.since().toString()))
        .append(" &middot; generated ")
        .append(esc(now.toString()))
        .append(refreshSeconds > 0 ? " &middot; refreshes every " + refreshSeconds + " s" : "")
        .append(" &middot; <a href=\"?format=json\">JSON</a></div>");
    if (stats.reporterOverflow() > 0 || stats.logLinesLost() > 0) {
      h.append("<p class=\"bad\">Reporter overflow: ")
          .append(stats.reporterOverflow())
          .append(" &middot; log lines lost: ")
          .append(stats.logLinesLost())
          .append("</p>");
    }
    for (TargetStatistics t : stats.targets()) {
      target(h, t, showBodies);
    }
    mismatches(h, stats, showBodies);
    return h.append("</body></html>").toString();
  }

  private static void target(StringBuilder h, TargetStatistics t, boolean showBodies) {
    h.append("<section class=\"target\"><h2>Target ")
        .append(esc(t.target()))
        .append(
            t.baseline()
                ? " <span class=\"muted\">(baseline: production's own version)</span>"
                : "")
        .append("</h2><div class=\"cards\">");
    card(
        h,
        "state",
        t.state().label().replace('_', ' '),
        t.state() == TargetState.RUNNING ? "" : "bad");
    card(h, "sampled", String.valueOf(t.sampled()), "");
    card(h, "mirrored", String.valueOf(t.sent()), "");
    card(
        h,
        "agreement",
        percent(t.agreementRate()),
        t.agreementRate() >= 0.99 ? "good" : Double.isNaN(t.agreementRate()) ? "" : "bad");
    if (!Double.isNaN(t.agreementRateExcludingNoise())) {
      card(
          h,
          "agreement excluding noise",
          percent(t.agreementRateExcludingNoise()),
          t.agreementRateExcludingNoise() >= 0.99 ? "good" : "bad");
    }
    card(h, "shadow errors", percent(t.shadowErrorRate()), t.shadowErrorRate() > 0 ? "bad" : "");
    card(h, "production errors", percent(t.productionErrorRate()), "");
    card(h, "dropped", String.valueOf(t.dropped()), t.dropped() > 0 ? "bad" : "");
    card(h, "skipped", String.valueOf(t.skipped()), "");
    h.append("</div>");
    InsightHtml.differences(h, t, showBodies);
    InsightHtml.lastHour(h, t);
    h.append("<h3>Latency, production vs shadow</h3>");
    chart(h, t.production(), t.shadow());
    h.append("<h3>Outcomes</h3><table><tr><th>outcome</th><th>count</th></tr>");
    for (OutcomeKind kind : OutcomeKind.values()) {
      long n = t.count(kind);
      h.append("<tr><td>")
          .append(kind.label())
          .append("</td><td class=\"n\">")
          .append(n)
          .append("</td></tr>");
    }
    h.append("</table>");
    if (!t.routes().isEmpty()) {
      h.append("<h3>Routes</h3><table><tr><th>route</th><th>sampled</th><th>agreement</th>")
          .append("<th>production p50 / p99</th><th>shadow p50 / p99</th></tr>");
      for (RouteStatistics r : t.routes()) {
        h.append("<tr><td>")
            .append(esc(r.route()))
            .append("</td><td class=\"n\">")
            .append(r.sampled())
            .append("</td><td class=\"n\">")
            .append(percent(r.agreementRate()))
            .append("</td><td class=\"n\">")
            .append(ms(r.production().p50()))
            .append(" / ")
            .append(ms(r.production().p99()))
            .append("</td><td class=\"n\">")
            .append(ms(r.shadow().p50()))
            .append(" / ")
            .append(ms(r.shadow().p99()))
            .append("</td></tr>");
      }
      h.append("</table>");
    }
    h.append("</section>");
  }

  private static void card(StringBuilder h, String label, String value, String cls) {
    h.append("<div class=\"card\"><b class=\"")
        .append(cls)
        .append("\">")
        .append(esc(value))
        .append("</b>")
        .append("<span class=\"muted\">")
        .append(label)
        .append("</span></div>");
  }

  /** Grouped bars: p50, p90, p99 of production (blue) and shadow (orange), on one scale. */
  static void chart(StringBuilder h, LatencySummary production, LatencySummary shadow) {
    double[][] values = {
      {millis(production.p50()), millis(shadow.p50())},
      {millis(production.p90()), millis(shadow.p90())},
      {millis(production.p99()), millis(shadow.p99())}
    };
    String[][] labels = {
      {ms(production.p50()), ms(shadow.p50())},
      {ms(production.p90()), ms(shadow.p90())},
      {ms(production.p99()), ms(shadow.p99())}
    };
    double max = 0;
    for (double[] pair : values) {
      for (double v : pair) {
        max = Math.max(max, v);
      }
    }
    int width = 420;
    int height = 170;
    int base = 140;
    int barHeight = 110;
    h.append("<svg role=\"img\" aria-label=\"latency percentiles\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append(
            "\" xmlns=\"http://www.w3.org/2000/svg\" style=\"background:#fff;border:1px solid #e4e7ec;border-radius:6px\">");
    String[] names = {"p50", "p90", "p99"};
    String[] colors = {"#2e90fa", "#f79009"};
    for (int g = 0; g < 3; g++) {
      int x0 = 40 + g * 130;
      for (int s = 0; s < 2; s++) {
        double v = values[g][s];
        int bar = max == 0 ? 0 : (int) Math.round(v / max * barHeight);
        int x = x0 + s * 42;
        h.append("<rect x=\"")
            .append(x)
            .append("\" y=\"")
            .append(base - bar)
            .append("\" width=\"36\" height=\"")
            .append(bar)
            .append("\" fill=\"")
            .append(colors[s])
            .append("\"/>")
            .append("<text x=\"")
            .append(x + 18)
            .append("\" y=\"")
            .append(base - bar - 4)
            .append("\" font-size=\"11\" text-anchor=\"middle\">")
            .append(labels[g][s])
            .append("</text>");
      }
      h.append("<text x=\"")
          .append(x0 + 39)
          .append("\" y=\"")
          .append(base + 16)
          .append("\" font-size=\"12\" text-anchor=\"middle\">")
          .append(names[g])
          .append("</text>");
    }
    h.append("<line x1=\"30\" y1=\"")
        .append(base)
        .append("\" x2=\"")
        .append(width - 10)
        .append("\" y2=\"")
        .append(base)
        .append(
            "\" stroke=\"#98a2b3\"/></svg><div class=\"legend muted\"><span style=\"background:#2e90fa\"></span>production (")
        .append(production.count())
        .append(")<span style=\"background:#f79009\"></span>shadow (")
        .append(shadow.count())
        .append(")</div>");
  }

  private static void mismatches(StringBuilder h, MirrorStatistics stats, boolean showBodies) {
    h.append("<h2>Recent mismatches</h2>");
    if (stats.recentMismatches().isEmpty()) {
      h.append("<p class=\"muted\">None.</p>");
      return;
    }
    for (MismatchRecord m : stats.recentMismatches()) {
      h.append("<section class=\"target\"><h3>")
          .append(esc(m.method()))
          .append(' ')
          .append(esc(m.pathAndQuery()))
          .append(" &rarr; ")
          .append(esc(m.target()))
          .append("</h3><div class=\"muted\">")
          .append(esc(m.time().toString()))
          .append(" &middot; mirror id ")
          .append(esc(m.mirrorId()))
          .append(" &middot; status ")
          .append(m.productionStatus())
          .append(" vs ")
          .append(m.shadowStatus())
          .append(" &middot; ")
          .append(m.comparison().differenceCount())
          .append(" difference(s)");
      if (m.comparison().matches() && m.comparison().uncompared() != null) {
        h.append(" &middot; uncompared: ").append(esc(m.comparison().uncompared()));
      }
      h.append("</div>");
      if (m.comparison().note() != null) {
        h.append("<p class=\"muted\">").append(esc(m.comparison().note())).append("</p>");
      }
      h.append("<table><tr><th>path</th><th>production</th><th>shadow</th></tr>");
      for (Difference d : m.comparison().differences()) {
        h.append("<tr><td>")
            .append(esc(d.path()))
            .append("</td><td>")
            .append(esc(shown(d.path(), d.production(), showBodies)))
            .append("</td><td>")
            .append(esc(shown(d.path(), d.shadow(), showBodies)))
            .append("</td></tr>");
      }
      h.append("</table>");
      if (m.curl() != null) {
        h.append("<pre>").append(esc(m.curl())).append("</pre>");
      }
      h.append("</section>");
    }
  }

  private static double millis(@Nullable Duration d) {
    return d == null ? 0 : d.toNanos() / 1e6;
  }

  private static String percent(double rate) {
    return Double.isNaN(rate) ? "–" : String.format(Locale.ROOT, "%.1f%%", rate * 100);
  }

  private static String ms(@Nullable Duration d) {
    if (d == null) {
      return "–";
    }
    double v = d.toNanos() / 1e6;
    return v < 10
        ? String.format(Locale.ROOT, "%.2f ms", v)
        : String.format(Locale.ROOT, "%.0f ms", v);
  }

  /**
   * Returns {@code value}, a side of a difference at {@code path}, as shown: {@link #HIDDEN_BODY}
   * for a present whole-body preview ({@code body}, or the root JSON Pointer) when bodies are not
   * shown.
   */
  static @Nullable String shown(String path, @Nullable String value, boolean showBodies) {
    return showBodies || value == null || !(path.equals("body") || path.isEmpty())
        ? value
        : HIDDEN_BODY;
  }

  /**
   * Escapes text for HTML element content and double-quoted attributes; null becomes an
   * <i>absent</i> mark.
   */
  static String esc(@Nullable String s) {
    if (s == null) {
      return "<i>absent</i>";
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}

package dev.trafficmirror.core.status;

import dev.trafficmirror.core.MinuteStatistics;
import dev.trafficmirror.core.PathDifference;
import dev.trafficmirror.core.TargetStatistics;
import java.util.List;
import java.util.Locale;

/**
 * The status page's parts for one target that answer "what differs, is it noise, is it getting
 * better": the differences-by-path table, sorted by rate with a bar per row, and an inline SVG
 * chart of the last hour. No external assets; every client-derived value escaped.
 */
final class InsightHtml {
  /** Rows shown per target; the JSON has them all. */
  static final int MAX_ROWS = 50;

  private InsightHtml() {}

  static void differences(StringBuilder h, TargetStatistics t, boolean showBodies) {
    h.append("<h3>Differences by path</h3>");
    List<PathDifference> rows = t.differencesByPath();
    if (rows.isEmpty()) {
      h.append("<p class=\"muted\">None.</p>");
      return;
    }
    boolean calibrated = rows.get(0).noise() != null;
    h.append("<table><tr><th>route</th><th>path</th><th>rate</th><th></th><th>count</th>")
        .append(calibrated ? "<th>noise</th>" : "")
        .append(
            "<th>|production &minus; shadow| p50 / p90 / p99</th><th>latest example (production &rarr; shadow)</th></tr>");
    for (PathDifference d : rows.subList(0, Math.min(MAX_ROWS, rows.size()))) {
      boolean noise = Boolean.TRUE.equals(d.noise());
      int bar = (int) Math.round(Math.min(1, d.rate()) * 120);
      h.append("<tr")
          .append(noise ? " class=\"muted\"" : "")
          .append("><td>")
          .append(StatusHtml.esc(d.route()))
          .append("</td><td><code>")
          .append(StatusHtml.esc(d.path()))
          .append("</code></td><td class=\"n\">")
          .append(percent(d.rate()))
          .append("</td><td><svg width=\"122\" height=\"10\"><rect width=\"")
          .append(bar)
          .append("\" height=\"10\" fill=\"")
          .append(noise ? "#98a2b3" : "#d92d20")
          .append("\"/></svg></td><td class=\"n\">")
          .append(d.count())
          .append("</td>");
      if (calibrated) {
        h.append("<td>").append(noise ? "noise" : "<b class=\"bad\">real</b>").append("</td>");
      }
      PathDifference.Drift drift = d.drift();
      h.append("<td class=\"n\">")
          .append(
              drift == null
                  ? ""
                  : number(drift.p50()) + " / " + number(drift.p90()) + " / " + number(drift.p99()))
          .append("</td><td>");
      if (!d.examples().isEmpty()) {
        PathDifference.Example e = d.examples().get(d.examples().size() - 1);
        h.append(StatusHtml.esc(StatusHtml.shown(d.path(), e.production(), showBodies)))
            .append(" &rarr; ")
            .append(StatusHtml.esc(StatusHtml.shown(d.path(), e.shadow(), showBodies)));
      }
      h.append("</td></tr>");
    }
    h.append("</table>");
    if (rows.size() > MAX_ROWS) {
      h.append("<p class=\"muted\">")
          .append(rows.size() - MAX_ROWS)
          .append(" more rows in the JSON view.</p>");
    }
  }

  /** Agreement (raw, and excluding noise when calibrated) per minute as lines, sampled as bars. */
  static void lastHour(StringBuilder h, TargetStatistics t) {
    List<MinuteStatistics> minutes = t.perMinute();
    h.append("<h3>Last hour, per minute</h3>");
    if (minutes.isEmpty()) {
      h.append("<p class=\"muted\">No outcomes yet.</p>");
      return;
    }
    int width = 620;
    int top = 10;
    int plot = 100;
    long first = minutes.get(0).minute().getEpochSecond() / 60;
    long maxSampled = 1;
    for (MinuteStatistics m : minutes) {
      maxSampled = Math.max(maxSampled, m.sampled());
    }
    h.append("<svg role=\"img\" aria-label=\"per-minute agreement\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(top + plot + 24)
        .append("\" xmlns=\"http://www.w3.org/2000/svg\" ")
        .append("style=\"background:#fff;border:1px solid #e4e7ec;border-radius:6px\">");
    StringBuilder raw = new StringBuilder();
    StringBuilder clean = new StringBuilder();
    boolean calibrated = !Double.isNaN(t.agreementRateExcludingNoise());
    for (MinuteStatistics m : minutes) {
      int x = 40 + (int) ((m.minute().getEpochSecond() / 60 - first) * 9);
      int bar = (int) Math.round((double) m.sampled() / maxSampled * plot * 0.4);
      h.append("<rect x=\"")
          .append(x - 3)
          .append("\" y=\"")
          .append(top + plot - bar)
          .append("\" width=\"6\" height=\"")
          .append(bar)
          .append("\" fill=\"#d0d5dd\"><title>")
          .append(m.minute())
          .append(": ")
          .append(m.sampled())
          .append(" sampled, ")
          .append(m.shadowErrors())
          .append(" shadow errors</title></rect>");
      point(raw, x, m.agreementRate(), top, plot);
      point(clean, x, m.agreementRateExcludingNoise(), top, plot);
    }
    line(h, raw, "#2e90fa");
    if (calibrated) {
      line(h, clean, "#067647");
    }
    h.append("<text x=\"4\" y=\"")
        .append(top + 8)
        .append("\" font-size=\"10\">100%</text><text x=\"4\" y=\"")
        .append(top + plot)
        .append("\" font-size=\"10\">0%</text><text x=\"40\" y=\"")
        .append(top + plot + 18)
        .append("\" font-size=\"11\">")
        .append(StatusHtml.esc(minutes.get(0).minute().toString()))
        .append(
            "</text></svg><div class=\"legend muted\"><span style=\"background:#2e90fa\"></span>agreement")
        .append(
            calibrated ? "<span style=\"background:#067647\"></span>agreement excluding noise" : "")
        .append("<span style=\"background:#d0d5dd\"></span>sampled</div>");
  }

  private static void point(StringBuilder points, int x, double rate, int top, int plot) {
    if (!Double.isNaN(rate)) {
      points.append(x).append(',').append(top + (int) Math.round((1 - rate) * plot)).append(' ');
    }
  }

  private static void line(StringBuilder h, StringBuilder points, String color) {
    if (points.length() > 0) {
      h.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"")
          .append(color)
          .append("\" points=\"")
          .append(points.toString().strip())
          .append("\"/>");
    }
  }

  private static String percent(double rate) {
    return String.format(Locale.ROOT, "%.1f%%", rate * 100);
  }

  private static String number(double v) {
    return String.format(Locale.ROOT, "%.3g", v);
  }
}

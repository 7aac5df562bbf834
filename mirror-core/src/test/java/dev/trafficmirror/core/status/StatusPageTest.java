package dev.trafficmirror.core.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.trafficmirror.core.LatencySummary;
import dev.trafficmirror.core.MinuteStatistics;
import dev.trafficmirror.core.MirrorStatistics;
import dev.trafficmirror.core.MismatchRecord;
import dev.trafficmirror.core.PathDifference;
import dev.trafficmirror.core.RouteStatistics;
import dev.trafficmirror.core.TargetState;
import dev.trafficmirror.core.TargetStatistics;
import dev.trafficmirror.spi.Comparison;
import dev.trafficmirror.spi.Difference;
import dev.trafficmirror.spi.OutcomeKind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusPageTest {
  private static final String HOSTILE = "/<script>alert('x')</script>&\"";

  private static MirrorStatistics stats() {
    LatencySummary prod =
        new LatencySummary(10, Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(9));
    LatencySummary shadow =
        new LatencySummary(9, Duration.ofMillis(4), Duration.ofMillis(8), Duration.ofMillis(30));
    Map<OutcomeKind, Long> counts =
        Map.of(OutcomeKind.MATCH, 7L, OutcomeKind.MISMATCH, 2L, OutcomeKind.DROPPED_QUEUE_FULL, 1L);
    List<PathDifference> differences =
        List.of(
            new PathDifference(
                "POST " + HOSTILE,
                HOSTILE,
                2,
                0.25,
                false,
                List.of(new PathDifference.Example("<img src=x onerror=alert(2)>", null)),
                new PathDifference.Drift(2, 0.1, 0.2, 0.3)),
            new PathDifference("POST " + HOSTILE, "/request_id", 9, 1.0, true, List.of(), null));
    List<MinuteStatistics> minutes =
        List.of(
            new MinuteStatistics(
                Instant.parse("2026-01-01T00:00:00Z"),
                10,
                9,
                7,
                8,
                0,
                Duration.ofMillis(9),
                Duration.ofMillis(30)));
    TargetStatistics v2 =
        new TargetStatistics(
            "v2",
            counts,
            prod,
            shadow,
            0,
            List.of(new RouteStatistics("POST " + HOSTILE, counts, prod, shadow)),
            false,
            TargetState.PAUSED,
            differences,
            8 / 9.0,
            minutes);
    MismatchRecord mismatch =
        new MismatchRecord(
            "abc123",
            "v2",
            Instant.parse("2026-01-01T00:00:00Z"),
            "POST",
            "POST " + HOSTILE,
            HOSTILE + "?q=<b>",
            200,
            200,
            Comparison.of(
                List.of(Difference.of("/class", "\"setosa\"", "<img src=x onerror=alert(1)>")), 1),
            "curl -sS -X POST 'http://s" + HOSTILE + "'");
    return new MirrorStatistics(
        Instant.parse("2026-01-01T00:00:00Z"), List.of(v2), List.of(mismatch), 0, 0);
  }

  @Test
  void html_escapesEveryClientValue_andDrawsTheChart() {
    String html = StatusHtml.render(stats(), Instant.parse("2026-01-01T00:01:00Z"), 5);

    assertThat(html)
        .doesNotContain("<script>")
        .doesNotContain("<img")
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;")
        .contains("&lt;img src=x onerror=alert(1)&gt;")
        .contains("<meta http-equiv=\"refresh\" content=\"5\">")
        .contains("<svg")
        .contains("77.8%")
        .contains(">sampled<")
        .contains("Differences by path")
        .contains("&lt;img src=x onerror=alert(2)&gt;")
        .contains(">real<")
        .contains(">noise<")
        .contains("0.100 / 0.200 / 0.300")
        .contains(">paused<")
        .contains("88.9%")
        .contains("<polyline")
        .doesNotContain("https://");
    assertThat(html.indexOf("<svg")).isPositive();
    // No external assets: the only URLs are the curl line's and the SVG namespace.
    assertThat(html.replace("http://www.w3.org/2000/svg", "").replace("http://s/", ""))
        .doesNotContain("src=\"http");
  }

  @Test
  void json_isValidAndCarriesTheNumbers() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StatusJson.write(stats(), Instant.parse("2026-01-01T00:01:00Z"), out);
    String json = out.toString(StandardCharsets.UTF_8);

    try (JsonParser p = new JsonFactory().createParser(json)) {
      while (p.nextToken() != null) {
        // Valid to the end.
      }
    }
    assertThat(json)
        .contains(
            "\"name\":\"v2\",\"sampled\":10,\"sent\":9,\"dropped\":1,\"skipped\":0,\"baseline\":false,\"state\":\"paused\"")
        .contains("\"match\":7,\"mismatch\":2")
        .contains("\"agreement_rate\":0.7777777777777778")
        .contains("\"agreement_rate_excluding_noise\":0.8888888888888888")
        .contains("\"state\":\"paused\"")
        .contains(
            "\"differences_by_path\":[{\"route\":\"POST "
                + HOSTILE.replace("\"", "\\\"")
                + "\",\"path\":")
        .contains("\"path\":\"/request_id\",\"count\":9,\"rate\":1.0,\"noise\":true")
        .contains("\"drift\":{\"count\":2,\"p50\":0.1,\"p90\":0.2,\"p99\":0.3}")
        .contains(
            "\"per_minute\":[{\"minute\":\"2026-01-01T00:00:00Z\",\"sampled\":10,\"compared\":9")
        .contains("\"production_latency_ms\":{\"count\":10,\"p50\":2.0,\"p90\":5.0,\"p99\":9.0}")
        .contains(
            "\"differences\":[{\"path\":\"/class\",\"production\":\"\\\"setosa\\\"\",\"shadow\":\"<img src=x onerror=alert(1)>\"}]");
  }

  /**
   * Statistics whose mismatch and path differences carry whole-body previews (path {@code body}).
   */
  private static MirrorStatistics withBodyPreviews() {
    LatencySummary none = new LatencySummary(0, null, null, null);
    TargetStatistics v2 =
        new TargetStatistics(
            "v2",
            Map.of(OutcomeKind.MISMATCH, 1L),
            none,
            none,
            0,
            List.of(),
            false,
            TargetState.RUNNING,
            List.of(
                new PathDifference(
                    "POST /x",
                    "body",
                    1,
                    1.0,
                    null,
                    List.of(
                        new PathDifference.Example("secret-production-body", "secret-shadow-body")),
                    null)),
            Double.NaN,
            List.of());
    MismatchRecord mismatch =
        new MismatchRecord(
            "abc123",
            "v2",
            Instant.parse("2026-01-01T00:00:00Z"),
            "POST",
            "POST /x",
            "/x",
            200,
            200,
            Comparison.of(
                List.of(
                    Difference.of("body", "secret-production-body", "secret-shadow-body"),
                    Difference.of("", "[1]", "{\"whole\":\"document\"}"),
                    Difference.of("/label", "\"cat\"", "\"dog\"")),
                3),
            "curl -sS -X POST 'http://s/x'");
    return new MirrorStatistics(
        Instant.parse("2026-01-01T00:00:00Z"), List.of(v2), List.of(mismatch), 0, 0);
  }

  @Test
  void bodyPreviews_areHiddenUnlessShown_inHtmlAndJson() throws Exception {
    Instant now = Instant.parse("2026-01-01T00:01:00Z");
    for (String hidden :
        List.of(StatusHtml.render(withBodyPreviews(), now, 0), json(withBodyPreviews(), false))) {
      assertThat(hidden)
          .doesNotContain("secret-production-body")
          .doesNotContain("secret-shadow-body")
          .doesNotContain("whole")
          .contains("body hidden: mirror.status.show-bodies=false")
          .contains("cat")
          .contains("dog");
    }
    for (String shown :
        List.of(
            StatusHtml.render(withBodyPreviews(), now, 0, true), json(withBodyPreviews(), true))) {
      assertThat(shown)
          .contains("secret-production-body")
          .contains("secret-shadow-body")
          .contains("whole")
          .doesNotContain("body hidden");
    }
  }

  @Test
  void statusPage_html_refreshOutsideZeroToOneHour_isRejected() {
    Instant now = Instant.parse("2026-01-01T00:01:00Z");
    assertThat(StatusPage.html(stats(), now, StatusPage.MAX_REFRESH_SECONDS, false))
        .contains("content=\"3600\"");
    assertThat(StatusPage.html(stats(), now, 0, false)).doesNotContain("http-equiv=\"refresh\"");
    for (int refresh : new int[] {-1, StatusPage.MAX_REFRESH_SECONDS + 1}) {
      assertThatThrownBy(() -> StatusPage.html(stats(), now, refresh, false))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("refreshSeconds=" + refresh);
    }
  }

  @Test
  void statusPage_writeJson_showsBodiesOnlyWhenAsked_andLeavesTheStreamOpen() throws Exception {
    Instant now = Instant.parse("2026-01-01T00:01:00Z");
    ByteArrayOutputStream hidden = new ByteArrayOutputStream();
    StatusPage.writeJson(withBodyPreviews(), now, false, hidden);
    hidden.write('\n');
    assertThat(hidden.toString(StandardCharsets.UTF_8))
        .contains(StatusPage.HIDDEN_BODY)
        .doesNotContain("secret-production-body")
        .endsWith("}\n");
    ByteArrayOutputStream shown = new ByteArrayOutputStream();
    StatusPage.writeJson(withBodyPreviews(), now, true, shown);
    assertThat(shown.toString(StandardCharsets.UTF_8))
        .contains("secret-production-body")
        .contains("\"generated\":\"2026-01-01T00:01:00Z\"");
  }

  private static String json(MirrorStatistics stats, boolean showBodies) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StatusJson.write(stats, Instant.parse("2026-01-01T00:01:00Z"), out, showBodies);
    return out.toString(StandardCharsets.UTF_8);
  }
}

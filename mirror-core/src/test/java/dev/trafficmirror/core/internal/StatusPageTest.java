package dev.trafficmirror.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.trafficmirror.core.LatencySummary;
import dev.trafficmirror.core.MirrorStatistics;
import dev.trafficmirror.core.MismatchRecord;
import dev.trafficmirror.core.RouteStatistics;
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
    LatencySummary prod = new LatencySummary(10, Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(9));
    LatencySummary shadow = new LatencySummary(9, Duration.ofMillis(4), Duration.ofMillis(8), Duration.ofMillis(30));
    Map<OutcomeKind, Long> counts = Map.of(OutcomeKind.MATCH, 7L, OutcomeKind.MISMATCH, 2L, OutcomeKind.DROPPED_QUEUE_FULL, 1L);
    TargetStatistics v2 = new TargetStatistics("v2", counts, prod, shadow, 0,
        List.of(new RouteStatistics("POST " + HOSTILE, counts, prod, shadow)));
    MismatchRecord mismatch = new MismatchRecord("abc123", "v2", Instant.parse("2026-01-01T00:00:00Z"), "POST",
        "POST " + HOSTILE, HOSTILE + "?q=<b>", 200, 200,
        Comparison.of(List.of(Difference.of("/class", "\"setosa\"", "<img src=x onerror=alert(1)>")), 1),
        "curl -sS -X POST 'http://s" + HOSTILE + "'");
    return new MirrorStatistics(Instant.parse("2026-01-01T00:00:00Z"), List.of(v2), List.of(mismatch), 0, 0);
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
        .doesNotContain("https://");
    assertThat(html.indexOf("<svg")).isPositive();
    // No external assets: the only URLs are the curl line's and the SVG namespace.
    assertThat(html.replace("http://www.w3.org/2000/svg", "").replace("http://s/", "")).doesNotContain("src=\"http");
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
        .contains("\"name\":\"v2\",\"baseline\":false,\"state\":\"running\",\"sampled\":10,\"sent\":9,\"dropped\":1,\"skipped\":0")
        .contains("\"match\":7,\"mismatch\":2")
        .contains("\"agreement_rate\":0.7777777777777778")
        .contains("\"production_latency_ms\":{\"count\":10,\"p50\":2.0,\"p90\":5.0,\"p99\":9.0}")
        .contains("\"differences\":[{\"path\":\"/class\",\"production\":\"\\\"setosa\\\"\",\"shadow\":\"<img src=x onerror=alert(1)>\"}]");
  }
}

package dev.trafficmirror.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.core.TargetStatistics;
import dev.trafficmirror.spi.OutcomeKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Runs the demo with one pass over the data set and checks its report against an independent count.
 */
class DemoIT {

  /**
   * Counts, without the library, the requests on which v1 and v2 agree within the demo's tolerance.
   */
  private static int expectedMatches(Demo.Result result) throws Exception {
    BigDecimal tolerance = new BigDecimal(Demo.SCORE_TOLERANCE);
    int matches = 0;
    for (String body : result.bodies()) {
      double[] features =
          PredictServlet.features(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
      if (features.length != 4) {
        continue; // v1 refuses (400), v2 crashes (500): a mismatch
      }
      IrisModel.Prediction v1 = IrisModel.V1.predict(features);
      IrisModel.Prediction v2 = IrisModel.V2.predict(features);
      boolean agree = v1.label().equals(v2.label());
      for (int i = 0; i < 3 && agree; i++) {
        BigDecimal difference =
            new BigDecimal(String.valueOf(v1.scores()[i]))
                .subtract(new BigDecimal(String.valueOf(v2.scores()[i])))
                .abs();
        agree = difference.compareTo(tolerance) <= 0;
      }
      matches += agree ? 1 : 0;
    }
    return matches;
  }

  @Test
  void demo_reportsWhatTheModelsGiveOnTheDataSet() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (Demo.Services services = Demo.Services.start(0)) {
      Demo.Result result =
          Demo.run(services, 1, new PrintStream(printed, true, StandardCharsets.UTF_8), false);
      Report.print(result, new PrintStream(printed, true, StandardCharsets.UTF_8));

      TargetStatistics v2 = Demo.v2(result.statistics());
      TargetStatistics baseline = Demo.baseline(result.statistics());
      assertThat(result.sent()).isEqualTo(156);
      assertThat(v2.sampled()).isEqualTo(result.sent());
      assertThat(v2.sent()).isEqualTo(result.sent());
      assertThat(baseline.sampled()).isEqualTo(result.sent());
      assertThat(v2.dropped() + v2.skipped() + baseline.dropped() + baseline.skipped()).isZero();
      // Every answer carries a fresh /request_id: nothing matches raw, and the baseline shows it is
      // noise.
      assertThat(v2.count(OutcomeKind.MATCH)).isZero();
      assertThat(v2.count(OutcomeKind.MISMATCH)).isEqualTo(result.sent());
      int expected = expectedMatches(result);
      assertThat(v2.agreementRateExcludingNoise()).isEqualTo((double) expected / result.sent());
      assertThat(baseline.baseline()).isTrue();
      assertThat(v2.differencesByPath())
          .filteredOn(d -> d.path().equals("/request_id"))
          .singleElement()
          .satisfies(d -> assertThat(d.noise()).isTrue());
      assertThat(v2.differencesByPath())
          .filteredOn(d -> d.path().equals("status"))
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.noise()).isFalse();
                assertThat(d.count())
                    .isEqualTo(6); // the malformed requests: v1 refuses (400), v2 crashes (500)
              });
      assertThat(v2.differencesByPath())
          .filteredOn(d -> d.path().startsWith("/scores/"))
          .allSatisfy(
              d ->
                  assertThat(d.drift().p50())
                      .isGreaterThan(Double.parseDouble(Demo.SCORE_TOLERANCE)));
      assertThat(result.statuses()).containsOnly(200, 400);

      HttpResponse<String> page =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(result.statusPage()).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body())
          .contains("Target v2")
          .contains("Differences by path")
          .contains("(baseline")
          .contains("<svg");
      HttpResponse<String> json =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(result.statusPage() + "?format=json")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(json.body())
          .contains(
              "\"name\":\"v2\",\"sampled\":156,\"sent\":156,\"dropped\":0,\"skipped\":0,\"baseline\":false,\"state\":\"running\"")
          .contains("\"differences_by_path\":[")
          .contains("\"path\":\"/request_id\"");
    }
    String report = printed.toString(StandardCharsets.UTF_8);
    assertThat(report)
        .containsPattern("requests sent to production +156")
        .contains("v2 differs from production at")
        .containsPattern("noise \\(the baseline[^\\n]*\\n +/request_id")
        .contains("v2 agreement excluding noise")
        .contains("status page: http://127.0.0.1:");
    assertThat(report.lines().count()).as("the demo's output fits on one screen").isLessThan(50);
  }
}

package dev.trafficmirror.core.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.core.SensitiveData;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Comparison;
import dev.trafficmirror.spi.Difference;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ProductionResponse;
import dev.trafficmirror.spi.ShadowResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactionTest {
  private final Redaction pointers =
      new Redaction(
          SensitiveData.builder()
              .jsonPointers(List.of("/password", "/users/*/email", "/a~1b"))
              .build());
  private final Redaction plain = new Redaction(SensitiveData.defaults());

  private static String text(Body body) {
    return body.toString(StandardCharsets.UTF_8);
  }

  private static Body json(String text) {
    return Body.of(text, StandardCharsets.UTF_8);
  }

  @Test
  void body_valuesAtPointers_redacted_restKept() {
    Body body =
        json(
            "{\"user\":\"ada\",\"password\":{\"old\":\"p1\",\"new\":[\"p2\"]},"
                + "\"users\":[{\"email\":\"a@x\",\"id\":1},{\"id\":2,\"email\":null}],\"a/b\":\"s\",\"n\":1.50}");
    assertThat(text(pointers.body(body)))
        .isEqualTo(
            "{\"user\":\"ada\",\"password\":\"REDACTED\","
                + "\"users\":[{\"email\":\"REDACTED\",\"id\":1},{\"id\":2,\"email\":\"REDACTED\"}],\"a/b\":\"REDACTED\",\"n\":1.50}");
  }

  @Test
  void body_notJsonOrNoPointers_unchanged() {
    Body text = json("password=p1");
    assertThat(pointers.body(text)).isSameAs(text);
    Body object = json("{\"password\":\"p1\"}");
    assertThat(plain.body(object)).isSameAs(object);
  }

  @Test
  void body_cutShort_keepsWhatWasRead_hidesTheRest() {
    String redacted =
        text(pointers.body(json("{\"user\":\"ada\",\"password\":\"p1\",\"note\":\"pass")));
    assertThat(redacted)
        .startsWith("{\"user\":\"ada\",\"password\":\"REDACTED\"")
        .endsWith("…REDACTED")
        .doesNotContain("p1")
        .doesNotContain("pass\"");
    assertThat(text(pointers.body(json("[1,2,{\"password\":"))))
        .doesNotContain("password\":\"")
        .endsWith("…REDACTED");
  }

  @Test
  void formRequestBody_redactedLikeAQuery_evenWithoutPointers() {
    MirroredRequest form =
        MirroredRequest.builder("POST", "/login")
            .headers(
                Headers.builder()
                    .add("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                    .build())
            .body(json("user=ada&password=p%C3%A41&remember=on"))
            .build();
    assertThat(text(plain.request(form, true).body()))
        .isEqualTo("user=ada&password=REDACTED&remember=on");
    assertThat(plain.request(form, false).body()).isSameAs(form.body());
  }

  @Test
  void comparison_sensitiveHeaderAndPointerDifferences_redacted_othersKept() {
    Comparison comparison =
        Comparison.of(
            List.of(
                Difference.of("status", "200", "500"),
                Difference.of("header:set-cookie", "s=secret", null),
                Difference.of("header:Content-Type", "application/json", "text/plain"),
                Difference.of("/password", "\"p1\"", "\"p2\""),
                Difference.of("/users/3/email/domain", "\"x\"", "\"y\""),
                Difference.of("/users", "[{\"email\":\"a@x\"}]", "[]"),
                Difference.of("", "{\"password\":\"p1\"}", "[]"),
                Difference.of("/users/3/id", "1", "2")),
            9,
            "a note");

    Comparison redacted = pointers.comparison(comparison);

    assertThat(redacted.differenceCount()).isEqualTo(9);
    assertThat(redacted.note()).isEqualTo("a note");
    assertThat(redacted.differences())
        .containsExactly(
            Difference.of("status", "200", "500"),
            Difference.of("header:set-cookie", "REDACTED", null),
            Difference.of("header:Content-Type", "application/json", "text/plain"),
            Difference.of("/password", "REDACTED", "REDACTED"),
            Difference.of("/users/3/email/domain", "REDACTED", "REDACTED"),
            Difference.of("/users", "REDACTED", "REDACTED"),
            Difference.of("", "REDACTED", "REDACTED"),
            Difference.of("/users/3/id", "1", "2"));
    Comparison odd =
        Comparison.of(
            List.of(Difference.of("/a~2", "p1", "p2"), Difference.of("custom", "c", "d")), 2);
    assertThat(pointers.comparison(odd).differences())
        .containsExactly(
            Difference.of("/a~2", "REDACTED", "REDACTED"), Difference.of("custom", "c", "d"));
    Comparison bytes = Comparison.of(List.of(Difference.of("body", "password=p1", "x")), 1);
    assertThat(pointers.comparison(bytes).differences().get(0).production()).isEqualTo("REDACTED");
    assertThat(plain.comparison(bytes)).isSameAs(bytes);
  }

  @Test
  void outcome_requestResponsesAndComparison_redacted() {
    MirroredRequest request =
        MirroredRequest.builder("POST", "/login")
            .rawQuery("next=/&token=t1")
            .headers(
                Headers.builder().add("Authorization", "Bearer b1").add("Accept", "*/*").build())
            .body(json("{\"password\":\"p1\"}"))
            .build();
    ProductionResponse production =
        ProductionResponse.builder(200)
            .headers(Headers.builder().add("Set-Cookie", "s=c1").build())
            .body(json("{\"password\":\"p2\"}"))
            .build();
    ShadowResponse shadow =
        ShadowResponse.of(
            200,
            Headers.builder().add("Set-Cookie", "s=c2").build(),
            json("{\"password\":\"p3\"}"));
    MirrorOutcome outcome =
        MirrorOutcome.builder("v2", OutcomeKind.MISMATCH, request)
            .production(production)
            .shadow(shadow)
            .comparison(Comparison.of(List.of(Difference.of("/password", "\"p2\"", "\"p3\"")), 1))
            .build();

    MirrorOutcome shown = pointers.outcome(outcome, true);

    assertThat(shown.request().id()).isEqualTo(request.id());
    assertThat(shown.request().rawQuery()).isEqualTo("next=/&token=REDACTED");
    assertThat(shown.request().headers().first("Authorization")).isEqualTo("REDACTED");
    assertThat(shown.request().headers().first("Accept")).isEqualTo("*/*");
    assertThat(text(shown.request().body())).isEqualTo("{\"password\":\"REDACTED\"}");
    assertThat(shown.production().headers().first("Set-Cookie")).isEqualTo("REDACTED");
    assertThat(text(shown.production().body())).isEqualTo("{\"password\":\"REDACTED\"}");
    assertThat(shown.shadow().headers().first("Set-Cookie")).isEqualTo("REDACTED");
    assertThat(text(shown.shadow().body())).isEqualTo("{\"password\":\"REDACTED\"}");
    assertThat(shown.comparison().differences().get(0).shadow()).isEqualTo("REDACTED");
    assertThat(shown.finishedAt()).isEqualTo(outcome.finishedAt());
    assertThat(text(pointers.outcome(outcome, false).request().body())).contains("p1");
    assertThat(pointers.pathAndQuery("/p", "a=1&secret=s")).isEqualTo("/p?a=1&secret=REDACTED");
    assertThat(pointers.pathAndQuery("/p", null)).isEqualTo("/p");
  }
}

package dev.trafficmirror.core.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirroredRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CurlCommandTest {

  @Test
  void of_quotesRedactsAndKeepsBody() {
    MirroredRequest request = MirroredRequest.builder("POST", "/predict")
        .rawQuery("q=it's")
        .headers(Headers.builder()
            .add("Content-Type", "application/json")
            .add("Authorization", "Bearer secret")
            .add("Cookie", "s=1")
            .add("Host", "prod")
            .add("Content-Length", "20")
            .add("Connection", "keep-alive, X-Hop")
            .add("X-Hop", "1")
            .add("TE", "trailers")
            .add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
            .build())
        .body(Body.of("{\"name\":\"O'Brien\"}", StandardCharsets.UTF_8))
        .build();

    String curl = CurlCommand.of(request, "http://shadow:8080/", Map.of("X-Api-Key", "shadow-secret"));

    assertThat(curl).isEqualTo("curl -sS -X POST 'http://shadow:8080/predict?q=it'\\''s'"
        + " -H 'Content-Type: application/json' -H 'Authorization: REDACTED' -H 'Cookie: REDACTED'"
        + " -H 'X-Api-Key: REDACTED' -H 'X-Mirror-Id: " + request.id() + "'"
        + " --data-binary '{\"name\":\"O'\\''Brien\"}'");
    assertThat(curl).doesNotContain("secret");
  }

  @Test
  void of_binaryOrLargeBody_isNull() {
    assertThat(CurlCommand.of(MirroredRequest.builder("POST", "/x").body(Body.of(new byte[] {0, (byte) 0xff})).build(), "http://s", Map.of()))
        .isNull();
    assertThat(CurlCommand.of(MirroredRequest.builder("POST", "/x").body(Body.of("a".repeat(9000), StandardCharsets.UTF_8)).build(), "http://s", Map.of()))
        .isNull();
    MirroredRequest get = MirroredRequest.builder("GET", "/x").build();
    assertThat(CurlCommand.of(get, "http://s", Map.of())).isEqualTo("curl -sS -X GET 'http://s/x' -H 'X-Mirror-Id: " + get.id() + "'");
  }

  @Test
  void of_withoutBody_leavesEveryBodyOut_andSaysSo() {
    MirroredRequest post = MirroredRequest.builder("POST", "/x").body(Body.of("{\"ssn\":\"123\"}", StandardCharsets.UTF_8)).build();
    assertThat(CurlCommand.of(post, "http://s", Map.of(), false)).isEqualTo("curl -sS -X POST 'http://s/x' -H 'X-Mirror-Id: "
        + post.id() + "' # body of 13 bytes not shown (mirror.status.show-bodies=false)");
    MirroredRequest binary = MirroredRequest.builder("POST", "/x").body(Body.of(new byte[] {0, (byte) 0xff})).build();
    assertThat(CurlCommand.of(binary, "http://s", Map.of(), false)).endsWith("# body of 2 bytes not shown (mirror.status.show-bodies=false)");
    MirroredRequest get = MirroredRequest.builder("GET", "/x").build();
    assertThat(CurlCommand.of(get, "http://s", Map.of(), false)).isEqualTo(CurlCommand.of(get, "http://s", Map.of()));
  }
}

package dev.trafficmirror.core.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.core.SensitiveData;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirroredRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurlCommandTest {

  @Test
  void of_quotesRedactsAndKeepsBody() {
    MirroredRequest request =
        MirroredRequest.builder("POST", "/predict")
            .rawQuery("q=it's")
            .headers(
                Headers.builder()
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

    String curl =
        CurlCommand.of(request, "http://shadow:8080/", Map.of("X-Api-Key", "shadow-secret"));

    assertThat(curl)
        .isEqualTo(
            "curl -sS -X 'POST' 'http://shadow:8080/predict?q=it'\\''s'"
                + " -H 'Content-Type: application/json' -H 'Authorization: REDACTED' -H 'Cookie: REDACTED'"
                + " -H 'X-Api-Key: REDACTED' -H 'X-Mirror-Id: "
                + request.id()
                + "'"
                + " --data-binary '{\"name\":\"O'\\''Brien\"}'");
    assertThat(curl).doesNotContain("secret");
  }

  @Test
  void of_binaryOrLargeBody_isNull() {
    assertThat(
            CurlCommand.of(
                MirroredRequest.builder("POST", "/x")
                    .body(Body.of(new byte[] {0, (byte) 0xff}))
                    .build(),
                "http://s",
                Map.of()))
        .isNull();
    assertThat(
            CurlCommand.of(
                MirroredRequest.builder("POST", "/x")
                    .body(Body.of("a".repeat(9000), StandardCharsets.UTF_8))
                    .build(),
                "http://s",
                Map.of()))
        .isNull();
    MirroredRequest get = MirroredRequest.builder("GET", "/x").build();
    assertThat(CurlCommand.of(get, "http://s", Map.of()))
        .isEqualTo("curl -sS -X 'GET' 'http://s/x' -H 'X-Mirror-Id: " + get.id() + "'");
  }

  @Test
  void of_sensitiveQueryValuesAndConfiguredHeaders_redacted() {
    SensitiveData policy = SensitiveData.builder().headers(List.of("X-Tenant-Secret")).build();
    MirroredRequest request =
        MirroredRequest.builder("GET", "/p")
            .rawQuery("a=1&token=tok-secret&b=2")
            .headers(
                Headers.builder()
                    .add("X-Tenant-Secret", "tenant-secret")
                    .add("X-Auth-Token", "auth-secret")
                    .build())
            .build();

    String curl = CurlCommand.of(request, "http://s", Map.of(), policy, true);

    assertThat(curl)
        .isEqualTo(
            "curl -sS -X 'GET' 'http://s/p?a=1&token=REDACTED&b=2'"
                + " -H 'X-Tenant-Secret: REDACTED' -H 'X-Auth-Token: REDACTED' -H 'X-Mirror-Id: "
                + request.id()
                + "'");
  }

  /** A POSIX shell reads the line back as exactly the parts written, whatever they hold. */
  @Test
  void of_hostileMethodHeaderAndBody_neverLeaveTheirQuotes(@TempDir Path dir) throws Exception {
    Path marker = dir.resolve("injected");
    String injection = "touch " + marker;
    String method = "GET`" + injection + "`|" + injection + ";$(" + injection + ") x\n'\nY";
    String header = "v'; " + injection + "; echo '`$(x)`";
    String body = "{\"a\":\"'$(" + injection + ")'\"}\n" + "'";
    MirroredRequest request =
        MirroredRequest.builder(method, "/p'$(" + injection + ")")
            .rawQuery("q='`" + injection + "`")
            .headers(Headers.builder().add("X-Note", header).build())
            .body(Body.of(body, StandardCharsets.UTF_8))
            .build();

    String curl = CurlCommand.of(request, "http://s", Map.of());

    assertThat(curl).startsWith("curl ");
    List<String> words = shellWords("printf '%s\\0' " + curl.substring("curl ".length()));
    assertThat(words)
        .containsExactly(
            "-sS",
            "-X",
            method,
            "http://s/p'$(" + injection + ")?q='`" + injection + "`",
            "-H",
            "X-Note: " + header,
            "-H",
            "X-Mirror-Id: " + request.id(),
            "--data-binary",
            body);
    assertThat(Files.exists(marker)).isFalse();
  }

  private static List<String> shellWords(String line) throws IOException, InterruptedException {
    Process sh = new ProcessBuilder("sh", "-c", line).redirectErrorStream(false).start();
    byte[] out = sh.getInputStream().readAllBytes();
    assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(sh.exitValue()).isZero();
    String text = new String(out, StandardCharsets.UTF_8);
    return new ArrayList<>(Arrays.asList(text.substring(0, text.length() - 1).split("\0", -1)));
  }

  @Test
  void of_withoutBody_leavesEveryBodyOut_andSaysSo() {
    MirroredRequest post =
        MirroredRequest.builder("POST", "/x")
            .body(Body.of("{\"ssn\":\"123\"}", StandardCharsets.UTF_8))
            .build();
    assertThat(CurlCommand.of(post, "http://s", Map.of(), SensitiveData.defaults(), false))
        .isEqualTo(
            "curl -sS -X 'POST' 'http://s/x' -H 'X-Mirror-Id: "
                + post.id()
                + "' # body of 13 bytes not shown (mirror.status.show-bodies=false)");
    MirroredRequest binary =
        MirroredRequest.builder("POST", "/x").body(Body.of(new byte[] {0, (byte) 0xff})).build();
    assertThat(CurlCommand.of(binary, "http://s", Map.of(), SensitiveData.defaults(), false))
        .endsWith("# body of 2 bytes not shown (mirror.status.show-bodies=false)");
    MirroredRequest get = MirroredRequest.builder("GET", "/x").build();
    assertThat(CurlCommand.of(get, "http://s", Map.of(), SensitiveData.defaults(), false))
        .isEqualTo(CurlCommand.of(get, "http://s", Map.of()));
  }
}

package dev.trafficmirror.core.internal.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.trafficmirror.core.SensitiveData;
import dev.trafficmirror.core.internal.dispatch.NamedThreadFactory;
import dev.trafficmirror.core.internal.dispatch.RateLimitedLog;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Comparison;
import dev.trafficmirror.spi.Difference;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ProductionResponse;
import dev.trafficmirror.spi.ShadowResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutcomeLogTest {
  @TempDir Path dir;

  private static MirrorOutcome mismatch(String id) {
    MirroredRequest request =
        MirroredRequest.builder("POST", "/predict/42")
            .id(id)
            .rawQuery("v=1")
            .headers(
                Headers.builder()
                    .add("Content-Type", "application/json")
                    .add("Authorization", "Bearer secret")
                    .build())
            .body(Body.of("{\"x\":1}", StandardCharsets.UTF_8))
            .build();
    return MirrorOutcome.builder("v2", OutcomeKind.MISMATCH, request)
        .production(
            ProductionResponse.builder(200)
                .body(Body.of("{\"s\":0.9}", StandardCharsets.UTF_8))
                .duration(Duration.ofMillis(4))
                .build())
        .shadow(ShadowResponse.of(200, Headers.empty(), Body.of(new byte[] {(byte) 0xff, 0})))
        .shadowDuration(Duration.ofMillis(7))
        .comparison(Comparison.of(List.of(Difference.of("/s", "0.9", "0.1")), 1))
        .build();
  }

  private static void assertValidJson(String line) throws IOException {
    try (JsonParser p = new JsonFactory().createParser(line)) {
      while (p.nextToken() != null) {
        // Parsing to the end proves the line is one valid JSON value.
      }
    }
  }

  @Test
  void writesOneJsonLinePerOutcome_withoutBodiesOrCredentials() throws IOException {
    Path file = dir.resolve("logs/outcomes.jsonl");
    OutcomeLog log =
        new OutcomeLog(
            file,
            1 << 20,
            3,
            false,
            new Redaction(SensitiveData.defaults()),
            new RateLimitedLog(Duration.ofMinutes(1)),
            NamedThreadFactory.daemon());
    log.onOutcome(mismatch("id-1"));
    log.onOutcome(mismatch("id-2"));
    log.close(Duration.ofSeconds(5));

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    for (String line : lines) {
      assertValidJson(line);
    }
    assertThat(lines.get(0))
        .startsWith("{\"time\":\"")
        .contains(
            "\"mirror_id\":\"id-1\",\"target\":\"v2\",\"method\":\"POST\",\"route\":\"POST /predict/{id}\",\"path\":\"/predict/42\",\"query\":\"v=1\",\"outcome\":\"mismatch\"")
        .contains("\"production\":{\"status\":200,\"duration_ms\":4.0}")
        .contains("\"shadow\":{\"status\":200,\"duration_ms\":7.0}")
        .contains(
            "\"difference_count\":1,\"differences\":[{\"path\":\"/s\",\"production\":\"0.9\",\"shadow\":\"0.1\"}]")
        .doesNotContain("request_body")
        .doesNotContain("secret");
    assertThat(log.written()).isEqualTo(2);
    assertThat(log.lost()).isZero();
  }

  @Test
  void bodies_whenAsked_textAsStringBinaryAsBase64_sensitiveHeadersNever() throws IOException {
    Path file = dir.resolve("o.jsonl");
    OutcomeLog log =
        new OutcomeLog(
            file,
            1 << 20,
            3,
            true,
            new Redaction(SensitiveData.defaults()),
            new RateLimitedLog(Duration.ofMinutes(1)),
            NamedThreadFactory.daemon());
    log.onOutcome(mismatch("id-1"));
    log.close(Duration.ofSeconds(5));

    String line = Files.readString(file);
    assertValidJson(line.trim());
    assertThat(line)
        .contains(
            "\"request_headers\":{\"Content-Type\":[\"application/json\"],\"Authorization\":[\"REDACTED\"]}")
        .contains("\"request_body\":\"{\\\"x\\\":1}\"")
        .contains("\"production_body\":\"{\\\"s\\\":0.9}\"")
        .contains("\"shadow_body_base64\":\"/wA=\"")
        .doesNotContain("secret");
  }

  @Test
  void rotatesBySize_keepingMaxFiles() throws IOException {
    Path file = dir.resolve("o.jsonl");
    OutcomeLog log =
        new OutcomeLog(
            file,
            1024,
            3,
            false,
            new Redaction(SensitiveData.defaults()),
            new RateLimitedLog(Duration.ofMinutes(1)),
            NamedThreadFactory.daemon());
    for (int i = 0; i < 40; i++) {
      log.onOutcome(mismatch("id-" + i));
    }
    log.close(Duration.ofSeconds(5));

    assertThat(file).exists();
    assertThat(dir.resolve("o.jsonl.1")).exists();
    assertThat(dir.resolve("o.jsonl.2")).exists();
    assertThat(dir.resolve("o.jsonl.3")).doesNotExist();
    for (Path p : List.of(file, dir.resolve("o.jsonl.1"), dir.resolve("o.jsonl.2"))) {
      assertThat(Files.size(p)).isLessThanOrEqualTo(1024);
    }
    assertThat(log.written()).isEqualTo(40);
    List<String> newest = Files.readAllLines(file);
    assertThat(newest.get(newest.size() - 1)).contains("\"mirror_id\":\"id-39\"");
  }

  @Test
  void unwritablePath_isCountedNotThrown() throws IOException {
    Path directory = Files.createDirectory(dir.resolve("a-directory"));
    OutcomeLog log =
        new OutcomeLog(
            directory,
            1 << 20,
            3,
            false,
            new Redaction(SensitiveData.defaults()),
            new RateLimitedLog(Duration.ofMinutes(1)),
            NamedThreadFactory.daemon());
    log.onOutcome(mismatch("id-1"));
    log.onOutcome(mismatch("id-2"));
    await().until(() -> log.lost() == 2);
    log.close(Duration.ofSeconds(5));
    assertThat(log.written()).isZero();
    log.onOutcome(mismatch("after-close"));
    assertThat(log.lost()).isEqualTo(3);
  }
}

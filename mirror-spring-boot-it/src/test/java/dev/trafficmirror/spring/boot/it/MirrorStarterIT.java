package dev.trafficmirror.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.status.StatusPage;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ProductionResponse;
import dev.trafficmirror.testing.RecordingOutcomes;
import dev.trafficmirror.testing.RecordingShadowServer;
import dev.trafficmirror.testing.RecordingShadowTarget;
import dev.trafficmirror.testing.TestIds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Spring Boot application whose only code is its controller, with the starter and {@code
 * mirror.*} in its properties (application.properties, a command-line argument, a relaxed
 * camel-case key), on embedded Tomcat at a random port, called over real HTTP.
 */
@SpringBootTest(
    classes = {PredictApp.class, MirrorStarterIT.UserBeans.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    args = "--mirror.drain-timeout=3s")
class MirrorStarterIT {
  private static final RecordingShadowServer SHADOW = start();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Value("${local.server.port}")
  int port;

  @Autowired Mirror mirror;

  @Autowired RecordingOutcomes outcomes;

  @Autowired RecordingShadowTarget recorder;

  /** The application's own beans: a listener and a target, which the starter picks up. */
  @TestConfiguration(proxyBeanMethods = false)
  static class UserBeans {
    @Bean
    RecordingOutcomes outcomes() {
      return new RecordingOutcomes();
    }

    @Bean
    RecordingShadowTarget recorder() {
      return new RecordingShadowTarget();
    }
  }

  private static RecordingShadowServer start() {
    try {
      return RecordingShadowServer.answering();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void shadow(DynamicPropertyRegistry registry) {
    registry.add("mirror.target.v2.url", () -> SHADOW.uri().toString());
  }

  @AfterAll
  static void stopShadow() {
    SHADOW.close();
  }

  @Test
  void propertiesFromEveryPlace_configureTheMirror_andUserBeansArePickedUp() {
    assertThat(mirror.config().targets()).containsOnlyKeys("v2", "recorder");
    assertThat(mirror.config().methods()).containsExactlyInAnyOrder("POST", "GET");
    assertThat(mirror.config().sampleRate()).as("mirror.sampleRate, relaxed").isEqualTo(1.0);
    assertThat(mirror.config().targets().get("v2").queueCapacity())
        .as("YAML-style camel case")
        .isEqualTo(64);
    assertThat(mirror.config().drainTimeout())
        .as("from the command line")
        .isEqualTo(Duration.ofSeconds(3));
    assertThat(mirror.config().exclude()).containsExactly("/actuator/**");
    assertThat(mirror.config().targets().get("v2").headers()).containsEntry("X-Shadow-Key", "k1");
  }

  @Test
  void aRequest_isMirroredToTheRealShadow_andToTheTargetBean() throws Exception {
    String id = TestIds.next();
    HttpResponse<String> response = post(id, "application/json", "{\"x\":1}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"label\":\"cat\",\"bytes\":7}");
    RecordingShadowServer.Received copy = SHADOW.await(id);
    assertThat(copy.method()).isEqualTo("POST");
    assertThat(copy.path()).isEqualTo("/predict");
    assertThat(new String(copy.body(), StandardCharsets.UTF_8)).isEqualTo("{\"x\":1}");
    assertThat(copy.header("X-Shadow-Key")).isEqualTo("k1");
    assertThat(recorder.await(id).body().toString(StandardCharsets.UTF_8)).isEqualTo("{\"x\":1}");
    ProductionResponse production = outcome(id, "v2").production();
    assertThat(production).isNotNull();
    assertThat(production.status()).isEqualTo(200);
    assertThat(production.body().toString(StandardCharsets.UTF_8)).isEqualTo(response.body());
  }

  @Test
  void springsOwn415_isRecordedWhole_asTheClientReceivedIt() throws Exception {
    String id;
    HttpResponse<String> response;
    MirrorOutcome outcome;
    int attempts = 0;
    do {
      // Spring answers 415 without reading the body: when its bytes have not reached the container
      // yet, the copy is skipped (SKIPPED_BODY_UNREAD) rather than hold the answer; try again.
      attempts++;
      id = TestIds.next();
      response = post(id, "text/plain", "not json");
      assertThat(response.statusCode()).isEqualTo(415);
      outcome = outcome(id, "v2");
    } while (outcome.kind() == OutcomeKind.SKIPPED_BODY_UNREAD && attempts < 10);

    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(response.body()).contains("\"status\":415").contains("\"path\":\"/predict\"");
    assertThat(outcome.kind())
        .as("outcome after %s attempts", attempts)
        .isNotEqualTo(OutcomeKind.SKIPPED_BODY_UNREAD);
    ProductionResponse production = outcome.production();
    assertThat(production).isNotNull();
    assertThat(production.status()).isEqualTo(415);
    assertThat(production.bodyComplete())
        .as("Spring's error body is captured, not 'truncated'")
        .isTrue();
    assertThat(production.body().toString(StandardCharsets.UTF_8)).isEqualTo(response.body());
    assertThat(production.headers().first("Content-Type")).startsWith("application/json");
    assertThat(new String(SHADOW.await(id).body(), StandardCharsets.UTF_8)).isEqualTo("not json");
  }

  @Test
  void actuatorMirror_hasTheStatusServletsJson() throws Exception {
    String id = TestIds.next();
    post(id, "application/json", "{}");
    // Both documents are taken after the copy's outcome, so they have the same shape.
    outcome(id, "v2");
    HttpResponse<String> response = get("/actuator/mirror");

    assertThat(response.statusCode()).isEqualTo(200);
    ByteArrayOutputStream servlet = new ByteArrayOutputStream();
    StatusPage.writeJson(mirror.statistics(), Instant.now(), false, servlet);
    assertThat(fieldPaths(response.body()))
        .isEqualTo(fieldPaths(servlet.toString(StandardCharsets.UTF_8)));
    assertThat(response.body()).contains("\"v2\"").contains("\"recorder\"");
  }

  @Test
  void micrometer_listsTheMirrorMeters_underTheOpenTelemetryNames() throws Exception {
    String id = TestIds.next();
    post(id, "application/json", "{}");
    outcome(id, "v2");

    String names = get("/actuator/metrics").body();
    assertThat(names)
        .contains(
            "\"mirror.outcomes\"",
            "\"mirror.shadow.duration\"",
            "\"mirror.production.duration\"",
            "\"mirror.queue.depth\"",
            "\"mirror.budget.used\"",
            "\"mirror.budget.limit\"");
    await()
        .untilAsserted(
            () -> {
              String outcomes =
                  get("/actuator/metrics/mirror.outcomes?tag=mirror.target:v2").body();
              Matcher value = Pattern.compile("\"value\":([0-9.Ee]+)").matcher(outcomes);
              assertThat(value.find()).as(outcomes).isTrue();
              assertThat(Double.parseDouble(value.group(1)))
                  .as("copies counted for v2")
                  .isGreaterThanOrEqualTo(1);
            });
  }

  @Test
  void health_hasTheMirrorContributor() throws Exception {
    HttpResponse<String> response = get("/actuator/health");
    assertThat(response.body()).contains("\"mirror\":{").contains("\"bufferedBytes\"");
  }

  private MirrorOutcome outcome(String id, String target) {
    return await().until(() -> find(id, target), Optional::isPresent).orElseThrow();
  }

  private Optional<MirrorOutcome> find(String id, String target) {
    return outcomes.of(id).stream().filter(o -> o.target().equals(target)).findFirst();
  }

  private HttpResponse<String> post(String id, String contentType, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict"))
            .header("Content-Type", contentType)
            .header(TestIds.HEADER, id)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The paths of every field of a JSON document (arrays by their first element), in order. */
  private static List<String> fieldPaths(String json) throws IOException {
    List<String> paths = new ArrayList<>();
    try (JsonParser parser = new JsonFactory().createParser(json)) {
      List<String> stack = new ArrayList<>();
      String pending = "";
      for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
        switch (t) {
          case FIELD_NAME -> {
            pending = String.join("/", stack) + "/" + parser.currentName();
            if (!paths.contains(pending)) {
              paths.add(pending);
            }
          }
          case START_OBJECT, START_ARRAY ->
              stack.add(pending.substring(pending.lastIndexOf('/') + 1));
          case END_OBJECT, END_ARRAY -> stack.remove(stack.size() - 1);
          default -> {}
        }
      }
    }
    return paths;
  }
}

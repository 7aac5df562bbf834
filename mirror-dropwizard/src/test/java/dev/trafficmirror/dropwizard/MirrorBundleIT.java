package dev.trafficmirror.dropwizard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trafficmirror.spi.InvalidConfigException;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.ProductionResponse;
import dev.trafficmirror.testing.RecordingShadowServer;
import dev.trafficmirror.testing.TestIds;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The bundle in a real Dropwizard 5 server (Jetty 12, Jersey), called over real HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MirrorBundleIT {
  private static final String CONFIG = ResourceHelpers.resourceFilePath("mirror-app.yml");
  private final HttpClient http = HttpClient.newHttpClient();
  private RecordingShadowServer shadow;
  private DropwizardTestSupport<PredictApp.Config> app;

  @BeforeAll
  void start() throws Exception {
    shadow = RecordingShadowServer.answering();
    app =
        new DropwizardTestSupport<>(
            PredictApp.class,
            CONFIG,
            ConfigOverride.config("mirror.target.v2.url", shadow.uri().toString()));
    app.before();
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.after();
    }
    if (shadow != null) {
      shadow.close();
    }
  }

  @Test
  void theMirrorBlock_configuresTheMirror() {
    var config = bundle().mirror().config();
    assertThat(config.targets()).containsOnlyKeys("v2");
    assertThat(config.methods()).containsExactly("POST");
    assertThat(config.targets().get("v2").timeout()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aRequest_isMirroredToTheShadow_withProductionsAnswer() throws Exception {
    String id = TestIds.next();
    HttpResponse<String> response = post(id, "{\"x\":1}");

    assertThat(response.statusCode()).isEqualTo(200);
    RecordingShadowServer.Received copy = shadow.await(id);
    assertThat(copy.path()).isEqualTo("/predict");
    assertThat(new String(copy.body(), StandardCharsets.UTF_8)).isEqualTo("{\"x\":1}");
    MirrorOutcome outcome = PredictApp.OUTCOMES.await(id);
    ProductionResponse production = outcome.production();
    assertThat(production).isNotNull();
    assertThat(production.status()).isEqualTo(200);
    assertThat(production.body().toString(StandardCharsets.UTF_8)).isEqualTo(response.body());
  }

  @Test
  void adminPort_hasTheStatusPage_andTheHealthCheck() throws Exception {
    String id = TestIds.next();
    post(id, "{}");
    PredictApp.OUTCOMES.await(id);

    HttpResponse<String> status = get(app.getAdminPort(), "/mirror?format=json");
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(status.body()).contains("\"v2\"");
    HttpResponse<String> html = get(app.getAdminPort(), "/mirror");
    assertThat(html.body()).contains("<html");
    HttpResponse<String> health = get(app.getAdminPort(), "/healthcheck");
    assertThat(health.body()).contains("\"mirror\":{").contains("\"healthy\":true");
    assertThat(get(app.getLocalPort(), "/mirror").statusCode())
        .as("not on the application port")
        .isEqualTo(404);
  }

  @Test
  void badBlock_failsStartNamingKeyAndValue() {
    DropwizardTestSupport<PredictApp.Config> bad =
        new DropwizardTestSupport<>(
            PredictApp.class, CONFIG, ConfigOverride.config("mirror.sample-rate", "2"));
    try {
      assertThatThrownBy(bad::before)
          .isInstanceOf(InvalidConfigException.class)
          .hasMessage("mirror.sample-rate=2: must be between 0 and 1");
    } finally {
      bad.after();
    }
  }

  @Test
  void stoppingTheServer_closesTheMirror() throws Exception {
    DropwizardTestSupport<PredictApp.Config> other =
        new DropwizardTestSupport<>(
            PredictApp.class,
            CONFIG,
            ConfigOverride.config("mirror.target.v2.url", shadow.uri().toString()));
    other.before();
    var mirror = ((PredictApp) other.getApplication()).bundle.mirror();
    assertThat(mirror.adapterProtocol().shouldMirror("POST", "/predict", name -> null)).isTrue();
    other.after();
    assertThat(mirror.adapterProtocol().shouldMirror("POST", "/predict", name -> null))
        .as("closed with the server")
        .isFalse();
    assertThat(mirror.toString()).endsWith("(closed)");
  }

  private MirrorBundle<PredictApp.Config> bundle() {
    return ((PredictApp) app.getApplication()).bundle;
  }

  private HttpResponse<String> post(String id, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.getLocalPort() + "/predict"))
            .header("Content-Type", "application/json")
            .header(TestIds.HEADER, id)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}

package dev.trafficmirror.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.trafficmirror.core.internal.compare.JsonTree;
import dev.trafficmirror.core.status.StatusPage;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.ProductionResponse;
import io.opentelemetry.api.OpenTelemetry;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The acceptance case over real HTTP on loopback: production answers {@code
 * {"id":<random>,"label":"cat"}}; a baseline runs the same code; candidate {@code same} differs
 * only at {@code /id}, candidate {@code relabel} also at {@code /label}. The status JSON must call
 * {@code /id} noise and {@code /label} real.
 */
class NoiseCalibrationIT {
  private static final int REQUESTS = 120;
  private static final Headers JSON =
      Headers.builder().add("Content-Type", "application/json").build();
  private final List<HttpServer> servers = new ArrayList<>();
  private Mirror mirror;

  @AfterEach
  void stop() {
    if (mirror != null) {
      mirror.close();
    }
    servers.forEach(s -> s.stop(0));
  }

  private URI serve(String label) throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/classify",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          byte[] body =
              ("{\"id\":\"" + UUID.randomUUID() + "\",\"label\":\"" + label + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
          // Explicit charset: must equal production's bare application/json (JSON's default is
          // UTF-8).
          exchange.getResponseHeaders().add("Content-Type", "application/json;charset=UTF-8");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    servers.add(server);
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Test
  void baselineMarksIdAsNoise_labelAsReal_andAgreementExcludingNoiseSeparatesTheCandidates()
      throws Exception {
    URI production = serve("cat");
    mirror =
        Mirror.builder()
            .config(
                MirrorConfig.fromProperties(
                    Map.of(
                        "mirror.targets",
                        "base,same,relabel",
                        "mirror.baseline",
                        "base",
                        "mirror.methods",
                        "POST",
                        "mirror.target.base.url",
                        serve("cat").toString(),
                        "mirror.target.same.url",
                        serve("cat").toString(),
                        "mirror.target.relabel.url",
                        serve("dog").toString())))
            .openTelemetry(OpenTelemetry.noop())
            .build();

    HttpClient client = HttpClient.newHttpClient();
    for (int i = 0; i < REQUESTS; i++) {
      byte[] input = ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
      HttpResponse<byte[]> answer =
          client.send(
              HttpRequest.newBuilder(production.resolve("/classify"))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(input))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      MirroredRequest request =
          mirror
              .adapterProtocol()
              .newRequest("POST", "/classify")
              .headers(JSON)
              .body(Body.of(input))
              .build();
      mirror
          .adapterProtocol()
          .submit(
              request,
              ProductionResponse.builder(answer.statusCode())
                  .headers(Headers.builder().add("Content-Type", "application/json").build())
                  .body(Body.of(answer.body()))
                  .duration(Duration.ofMillis(1))
                  .build());
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                mirror.outcomeCounts().total("base") == REQUESTS
                    && mirror.outcomeCounts().total("same") == REQUESTS
                    && mirror.outcomeCounts().total("relabel") == REQUESTS);
    await()
        .until(
            () ->
                mirror.statistics().targets().stream()
                    .allMatch(
                        t ->
                            t.perMinute().stream().mapToLong(MinuteStatistics::sampled).sum()
                                == REQUESTS));

    ByteArrayOutputStream json = new ByteArrayOutputStream();
    StatusPage.writeJson(mirror.statistics(), Instant.now(), false, json);
    JsonTree.ObjectNode root =
        (JsonTree.ObjectNode) Objects.requireNonNull(JsonTree.parse(json.toByteArray()));

    JsonTree.ObjectNode base = target(root, "base");
    assertThat(scalar(base, "baseline")).isEqualTo("true");
    assertThat(noise(base, "/id")).isEqualTo("true");

    JsonTree.ObjectNode same = target(root, "same");
    assertThat(scalar(same, "baseline")).isEqualTo("false");
    assertThat(noise(same, "/id")).isEqualTo("true");
    assertThat(row(same, "/label")).isNull();
    assertThat(row(same, "header:content-type")).as("charset=UTF-8 equals JSON's default").isNull();
    assertThat(number(same, "agreement_rate")).isZero();
    assertThat(number(same, "agreement_rate_excluding_noise")).isEqualTo(1.0);

    JsonTree.ObjectNode relabel = target(root, "relabel");
    assertThat(noise(relabel, "/id")).isEqualTo("true");
    assertThat(noise(relabel, "/label")).isEqualTo("false");
    assertThat(number(row(relabel, "/label"), "rate")).isEqualTo(1.0);
    assertThat(number(row(relabel, "/label"), "count")).isEqualTo(REQUESTS);
    assertThat(number(relabel, "agreement_rate_excluding_noise")).isZero();

    JsonTree.ObjectNode minute =
        (JsonTree.ObjectNode)
            ((JsonTree.ArrayNode) relabel.members().get("per_minute")).elements().get(0);
    assertThat(minute.members())
        .containsKeys(
            "sampled",
            "agreement_rate",
            "agreement_rate_excluding_noise",
            "shadow_errors",
            "production_p99_ms",
            "shadow_p99_ms");
  }

  private static JsonTree.ObjectNode target(JsonTree.ObjectNode root, String name) {
    for (JsonTree.Node t : ((JsonTree.ArrayNode) root.members().get("targets")).elements()) {
      JsonTree.ObjectNode target = (JsonTree.ObjectNode) t;
      if (scalar(target, "name").equals("\"" + name + "\"")) {
        return target;
      }
    }
    throw new AssertionError("no target " + name);
  }

  private static JsonTree.ObjectNode row(JsonTree.ObjectNode target, String path) {
    for (JsonTree.Node r :
        ((JsonTree.ArrayNode) target.members().get("differences_by_path")).elements()) {
      JsonTree.ObjectNode row = (JsonTree.ObjectNode) r;
      if (scalar(row, "path").equals("\"" + path + "\"")) {
        return row;
      }
    }
    return null;
  }

  private static String noise(JsonTree.ObjectNode target, String path) {
    JsonTree.ObjectNode row = row(target, path);
    assertThat(row).as("row " + path).isNotNull();
    return scalar(row, "noise");
  }

  private static String scalar(JsonTree.ObjectNode object, String field) {
    return ((JsonTree.ScalarNode) object.members().get(field)).json();
  }

  private static double number(JsonTree.ObjectNode object, String field) {
    return ((JsonTree.NumberNode) object.members().get(field)).value().doubleValue();
  }
}

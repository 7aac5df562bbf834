package dev.trafficmirror.servlet.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.MirrorConfig;
import dev.trafficmirror.core.MismatchRecord;
import dev.trafficmirror.core.PathDifference;
import dev.trafficmirror.core.TargetStatistics;
import dev.trafficmirror.servlet.MirrorFilter;
import dev.trafficmirror.servlet.MirrorStatusServlet;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.testing.RecordingShadowServer;
import dev.trafficmirror.testing.TestIds;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, "done when": a mismatching request carrying {@code X-Api-Key: <secret>} and {@code
 * ?token=<secret>} shows neither secret in the outcome log (bodies on), the status page, its JSON,
 * the span attributes, the recent mismatches or their curl line; the shadow gets no {@code
 * X-Api-Key} unless forwarding is configured. Real Jetty, real HTTP on loopback, a real shadow
 * server, the real OpenTelemetry SDK.
 */
@Timeout(60)
class JettySensitiveDataIT {
  private static final String API_KEY = "apikey-0f1e2d3c4b5a";
  private static final String TOKEN = "token-9a8b7c6d5e4f";
  private static final String BEARER = "bearer-1234abcd5678";
  private static final String COOKIE = "cookie-abcdef012345";
  private static final String PASSWORD = "pw-77aa88bb99cc";
  private static final List<String> SECRETS = List.of(API_KEY, TOKEN, BEARER, COOKIE, PASSWORD);

  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  @TempDir Path dir;

  private final HttpClient client = HttpClient.newHttpClient();
  private Server server;
  private Mirror mirror;

  /** Production: sets a session cookie and answers JSON holding a password. */
  static final class Account extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.setContentType("application/json");
      response.addHeader("Set-Cookie", "session=" + COOKIE + "; HttpOnly");
      response.getWriter().write("{\"user\":\"ada\",\"password\":\"" + PASSWORD + "\"}");
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (mirror != null) {
      mirror.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  private URI start(Map<String, String> properties) throws Exception {
    mirror =
        Mirror.builder()
            .config(MirrorConfig.fromProperties(properties))
            .openTelemetry(OTEL.getOpenTelemetry())
            .build();
    server = new Server(0);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new Account()), "/account/*");
    context.addServlet(new ServletHolder(MirrorStatusServlet.create(mirror)), "/mirror/status");
    context.addFilter(
        new FilterHolder(MirrorFilter.create(mirror)), "/*", EnumSet.of(DispatcherType.REQUEST));
    server.setHandler(context);
    server.start();
    return URI.create(
        "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
  }

  private Map<String, String> properties(String targets, Map<String, String> extra) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("mirror.targets", targets);
    p.put("mirror.exclude", "/mirror/**");
    p.put("mirror.log.path", dir.resolve("outcomes.jsonl").toString());
    p.put("mirror.log.bodies", "true");
    p.put("mirror.compare.headers", "Content-Type,Set-Cookie");
    p.put("mirror.redact.json-pointers", "/password");
    p.putAll(extra);
    return p;
  }

  private String get(URI uri, String testId) throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(uri)
                .header("X-Api-Key", API_KEY)
                .header("Authorization", "Bearer " + BEARER)
                .header(TestIds.HEADER, testId)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Set-Cookie"))
        .hasValueSatisfying(v -> assertThat(v).contains(COOKIE));
    assertThat(response.body()).contains(PASSWORD);
    return response.body();
  }

  @Test
  void mismatchWithSecrets_noOutputShowsThem_shadowGetsNoCredentialsByDefault() throws Exception {
    try (RecordingShadowServer shadow = RecordingShadowServer.answering()) {
      URI base = start(properties("v2", Map.of("mirror.target.v2.url", shadow.uri().toString())));
      String testId = TestIds.next();

      get(base.resolve("/account/1?a=1&token=" + TOKEN + "&b=2"), testId);

      RecordingShadowServer.Received received = shadow.await(testId);
      assertThat(received.header("X-Api-Key")).isNull();
      assertThat(received.header("Authorization")).isNull();
      assertThat(received.rawQuery())
          .as("forwarding alone governs what the shadow gets")
          .isEqualTo("a=1&token=" + TOKEN + "&b=2");

      assertNoOutputShowsASecret(base, "v2");
    }
  }

  @Test
  void forwardSensitive_perTarget_onlyThatShadowGetsCredentials_outputsStillRedacted()
      throws Exception {
    try (RecordingShadowServer plain = RecordingShadowServer.answering();
        RecordingShadowServer trusted = RecordingShadowServer.answering()) {
      URI base =
          start(
              properties(
                  "plain,trusted",
                  Map.of(
                      "mirror.headers.forward-sensitive",
                      "true",
                      "mirror.target.plain.headers.forward-sensitive",
                      "false",
                      "mirror.target.plain.url",
                      plain.uri().toString(),
                      "mirror.target.trusted.url",
                      trusted.uri().toString())));
      String testId = TestIds.next();

      get(base.resolve("/account/1?token=" + TOKEN), testId);

      assertThat(trusted.await(testId).header("X-Api-Key")).isEqualTo(API_KEY);
      assertThat(trusted.await(testId).header("Authorization")).isEqualTo("Bearer " + BEARER);
      assertThat(plain.await(testId).header("X-Api-Key")).isNull();
      assertThat(plain.await(testId).header("Authorization")).isNull();

      assertNoOutputShowsASecret(base, "trusted");
    }
  }

  private void assertNoOutputShowsASecret(URI base, String target) throws Exception {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> mirror.outcomeCounts().get(target, OutcomeKind.MISMATCH) == 1);
    Path log = dir.resolve("outcomes.jsonl");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Files.exists(log)
                    && Files.readAllLines(log).size() == mirror.config().targets().size());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> OTEL.getSpans().size() == mirror.config().targets().size());

    String line = Files.readString(log);
    assertThat(line)
        .contains(
            "\"query\":\"",
            "token=REDACTED",
            "\"X-Api-Key\":[\"REDACTED\"]",
            "request_body",
            "production_body");
    assertNoSecret("outcome log", line);

    MismatchRecord mismatch =
        mirror.statistics().recentMismatches().stream()
            .filter(m -> m.target().equals(target))
            .findFirst()
            .orElseThrow();
    assertThat(mismatch.pathAndQuery()).contains("token=REDACTED");
    assertThat(mismatch.curl()).contains("'X-Api-Key: REDACTED'", "token=REDACTED");
    assertNoSecret(
        "mismatch record",
        mismatch.toString()
            + mismatch.curl()
            + mismatch.comparison().differences().stream()
                .map(d -> d.path() + "=" + d.production() + "|" + d.shadow())
                .toList());
    assertThat(mismatch.comparison().differences())
        .anySatisfy(
            d -> {
              assertThat(d.path()).isEqualTo("header:Set-Cookie");
              assertThat(d.production()).isEqualTo("REDACTED");
            });

    TargetStatistics statistics = mirror.statistics().target(target);
    List<String> examples = new ArrayList<>();
    for (PathDifference row : statistics.differencesByPath()) {
      examples.add(row.route() + " " + row.path() + " " + row.examples());
    }
    assertThat(examples).isNotEmpty();
    assertNoSecret("differences by path", examples.toString());

    assertNoSecret(
        "status page",
        client
            .send(
                HttpRequest.newBuilder(base.resolve("/mirror/status")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
    String json =
        client
            .send(
                HttpRequest.newBuilder(base.resolve("/mirror/status?format=json")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(json).contains("token=REDACTED");
    assertNoSecret("status JSON", json);

    for (SpanData span : OTEL.getSpans()) {
      assertNoSecret("span " + span.getName(), span.getName() + span.getAttributes().asMap());
    }
  }

  private static void assertNoSecret(String where, String text) {
    for (String secret : SECRETS) {
      assertThat(text).as("%s must not show %s", where, secret).doesNotContain(secret);
    }
  }
}

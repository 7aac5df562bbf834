package dev.trafficmirror.servlet.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.MirrorConfig;
import dev.trafficmirror.servlet.MirrorFilter;
import dev.trafficmirror.servlet.MirrorStatusServlet;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ShadowResponse;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The status page is safe by default, over real HTTP: only loopback clients, no bodies, no framing.
 * A client elsewhere is made real by Jetty's {@link ForwardedRequestCustomizer}, which sets the
 * request's remote address from {@code X-Forwarded-For} as a server behind a reverse proxy does:
 * the servlet sees exactly what it would see for a client connected from that address.
 */
class JettyStatusPageAccessIT {
  private static final String REMOTE = "203.0.113.7";
  private static final String REQUEST_BODY = "card=4111-request-marker";
  private final HttpClient client = HttpClient.newHttpClient();
  private Server server;
  private Mirror mirror;

  /** Production answers text; the shadow answers other text, so each copy is a body mismatch. */
  static final class Text extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      request.getInputStream().readAllBytes();
      response.setContentType("text/plain");
      response.getWriter().write("production-body-marker");
    }
  }

  private URI start(MirrorConfig.Builder config, Map<String, String> servletParams)
      throws Exception {
    mirror =
        Mirror.builder()
            .config(config.methods(List.of("POST")).build())
            .target(
                "v2",
                (request, timeout) ->
                    ShadowResponse.of(
                        200,
                        Headers.builder().add("Content-Type", "text/plain").build(),
                        Body.of("shadow-body-marker", StandardCharsets.UTF_8)))
            .openTelemetry(OpenTelemetry.noop())
            .build();
    server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    http.addCustomizer(new ForwardedRequestCustomizer());
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new Text()), "/*");
    context.addFilter(
        new FilterHolder(MirrorFilter.create(mirror)), "/*", EnumSet.of(DispatcherType.REQUEST));
    ServletHolder status = new ServletHolder(MirrorStatusServlet.create(mirror));
    servletParams.forEach(status::setInitParameter);
    context.addServlet(status, "/mirror/status");
    server.setHandler(context);
    server.start();
    return URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
    if (mirror != null) {
      mirror.close();
    }
  }

  private HttpResponse<String> get(URI uri, String forwardedFor) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri);
    if (forwardedFor != null) {
      request.header("X-Forwarded-For", forwardedFor);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void mismatch(URI base) throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(base.resolve("/predict?x=1"))
                .POST(HttpRequest.BodyPublishers.ofString(REQUEST_BODY))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.body()).isEqualTo("production-body-marker");
    await().until(() -> mirror.outcomeCounts().get("v2", OutcomeKind.MISMATCH) == 1);
  }

  @Test
  void remoteClient_getsForbidden_loopbackGetsThePage_withStrictHeaders() throws Exception {
    URI base = start(MirrorConfig.builder(), Map.of());
    for (String path : List.of("/mirror/status", "/mirror/status?format=json")) {
      HttpResponse<String> remote = get(base.resolve(path), REMOTE);
      assertThat(remote.statusCode()).as(path).isEqualTo(403);
      assertThat(remote.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
      assertThat(remote.body())
          .contains("loopback clients only")
          .contains("mirror.status.allow-remote=true")
          .doesNotContain("Target v2");
    }
    assertThat(mirror.outcomeCounts().total("v2")).as("nothing counted").isZero();

    HttpResponse<String> local = get(base.resolve("/mirror/status"), null);
    assertThat(local.statusCode()).isEqualTo(200);
    assertThat(local.body()).contains("Target v2");
    assertThat(local.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            csp ->
                assertThat(csp)
                    .contains("frame-ancestors 'none'")
                    .contains("default-src 'none'")
                    .doesNotContain("script-src"));
    assertThat(local.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(local.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    assertThat(local.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(get(base.resolve("/mirror/status"), "127.0.0.1").statusCode())
        .as("forwarded from loopback")
        .isEqualTo(200);
  }

  @Test
  void allowRemote_servesRemoteClients_fromTheConfigOrTheServletsInitParameter() throws Exception {
    URI base = start(MirrorConfig.builder().statusAllowRemote(true), Map.of());
    assertThat(get(base.resolve("/mirror/status"), REMOTE).statusCode()).isEqualTo(200);
    assertThat(get(base.resolve("/mirror/status?format=json"), "2001:db8::7").statusCode())
        .isEqualTo(200);
    stop();

    base = start(MirrorConfig.builder(), Map.of("mirror.status.allow-remote", "true"));
    assertThat(get(base.resolve("/mirror/status"), REMOTE).statusCode()).isEqualTo(200);
    stop();

    base =
        start(
            MirrorConfig.builder().statusAllowRemote(true),
            Map.of("mirror.status.allow-remote", "false"));
    assertThat(get(base.resolve("/mirror/status"), REMOTE).statusCode()).isEqualTo(403);
  }

  @Test
  void bodies_areAbsentByDefault_inHtmlAndJson() throws Exception {
    URI base = start(MirrorConfig.builder(), Map.of());
    mismatch(base);
    String html = get(base.resolve("/mirror/status"), null).body();
    String json = get(base.resolve("/mirror/status?format=json"), null).body();
    // The curl line quotes the method; the HTML escapes the quotes.
    assertThat(html).contains("curl -sS -X &#39;POST&#39;");
    assertThat(json).contains("curl -sS -X 'POST'");
    for (String page : List.of(html, json)) {
      assertThat(page)
          .contains("not shown (mirror.status.show-bodies=false)")
          .contains("body hidden: mirror.status.show-bodies=false")
          .doesNotContain("4111-request-marker")
          .doesNotContain("production-body-marker")
          .doesNotContain("shadow-body-marker");
    }
  }

  @Test
  void bodies_areShownWithShowBodies_inHtmlAndJson() throws Exception {
    URI base = start(MirrorConfig.builder().statusShowBodies(true), Map.of());
    mismatch(base);
    String html = get(base.resolve("/mirror/status"), null).body();
    String json = get(base.resolve("/mirror/status?format=json"), null).body();
    for (String page : List.of(html, json)) {
      assertThat(page)
          .contains("4111-request-marker")
          .contains("production-body-marker")
          .contains("shadow-body-marker")
          .doesNotContain("show-bodies=false");
    }
  }
}

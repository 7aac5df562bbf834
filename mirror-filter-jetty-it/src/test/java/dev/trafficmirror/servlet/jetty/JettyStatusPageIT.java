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
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The status page over real HTTP: numbers, escaping, the JSON view, and the filter's published
 * mirror.
 */
class JettyStatusPageIT {
  private static final Headers JSON =
      Headers.builder().add("Content-Type", "application/json").build();
  private final HttpClient client = HttpClient.newHttpClient();
  private Server server;

  /** Production answers {"n":N}; the shadow agrees except for odd N. */
  static final class Echo extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      String n = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      response.setContentType("application/json");
      response.getWriter().write("{\"n\":" + n + "}");
    }
  }

  private URI start(boolean byClass) throws Exception {
    server = new Server(0);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new Echo()), "/*");
    if (byClass) {
      FilterHolder filter = new FilterHolder(MirrorFilter.class);
      Map.of(
              "mirror.methods",
              "POST",
              "mirror.targets",
              "v2",
              "mirror.target.v2.url",
              "http://127.0.0.1:9")
          .forEach(filter::setInitParameter);
      context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
      context.addServlet(new ServletHolder(new MirrorStatusServlet()), "/mirror/status");
    } else {
      Mirror mirror =
          Mirror.builder()
              .config(
                  MirrorConfig.builder()
                      .methods(List.of("POST"))
                      .exclude(List.of("/mirror/**"))
                      .build())
              .target(
                  "v2",
                  (request, timeout) -> {
                    int n = Integer.parseInt(request.body().toString(StandardCharsets.UTF_8));
                    String body = "{\"n\":" + (n % 2 == 0 ? n : n + 100) + "}";
                    return ShadowResponse.of(200, JSON, Body.of(body, StandardCharsets.UTF_8));
                  })
              .openTelemetry(OpenTelemetry.noop())
              .build();
      context.addFilter(
          new FilterHolder(MirrorFilter.create(mirror)), "/*", EnumSet.of(DispatcherType.REQUEST));
      context.addServlet(new ServletHolder(MirrorStatusServlet.create(mirror)), "/mirror/status");
      context.setAttribute("test.mirror", mirror);
    }
    server.setHandler(context);
    server.start();
    return URI.create(
        "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  private HttpResponse<String> get(URI uri) throws Exception {
    return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  private void post(URI base, String path, int n) throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(base.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(String.valueOf(n)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.body()).isEqualTo("{\"n\":" + n + "}");
  }

  @Test
  void statusPage_showsNumbersAndMismatches_escapingClientPaths() throws Exception {
    URI base = start(false);
    for (int n = 0; n < 10; n++) {
      post(base, "/predict/" + (7000 + n), n);
    }
    String hostile = "/x%3Cscript%3Ealert(1)%3C/script%3E";
    post(base, hostile, 1);
    Mirror mirror =
        (Mirror)
            ((ServletContextHandler) server.getHandler())
                .getServletContext()
                .getAttribute("test.mirror");
    await().until(() -> mirror.outcomeCounts().total("v2") == 11);

    HttpResponse<String> json = get(base.resolve("/mirror/status?format=json"));
    assertThat(json.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(json.body())
        .contains("\"name\":\"v2\",\"sampled\":11,\"sent\":11,\"dropped\":0,\"skipped\":0")
        .contains("\"match\":5,\"mismatch\":6")
        .contains("\"route\":\"POST /predict/{id}\",\"sampled\":10");

    await()
        .untilAsserted(
            () ->
                assertThat(get(base.resolve("/mirror/status")).body())
                    .contains("Recent mismatches"));
    HttpResponse<String> html = get(base.resolve("/mirror/status"));
    assertThat(html.statusCode()).isEqualTo(200);
    assertThat(html.headers().firstValue("Content-Security-Policy")).isPresent();
    assertThat(html.body())
        .contains("Target v2")
        .contains("45.5%")
        .contains("<svg")
        .contains("/n")
        .contains("curl -sS -X &#39;POST&#39;")
        .doesNotContain("<script>");
    assertThat(mirror.outcomeCounts().get("v2", OutcomeKind.MISMATCH)).isEqualTo(6);
    mirror.close();
  }

  @Test
  void statusServletByClass_findsTheMirrorTheFilterPublished() throws Exception {
    URI base = start(true);
    Object published =
        ((ServletContextHandler) server.getHandler())
            .getServletContext()
            .getAttribute(MirrorFilter.MIRROR_ATTRIBUTE);
    assertThat(published).isInstanceOf(Mirror.class);
    HttpResponse<String> page = get(base.resolve("/mirror/status"));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Target v2");
  }
}

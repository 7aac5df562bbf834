package dev.trafficmirror.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trafficmirror.samples.jaxrs.JaxrsSample;
import dev.trafficmirror.samples.webxml.WebXmlSample;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JAX-RS and web.xml samples, mirroring to a real shadow over HTTP. */
class OtherSamplesIT {
  private static final String FLOWER = "{\"features\":[5.1,3.5,1.4,0.2]}";
  private final List<String> shadowSaw = new CopyOnWriteArrayList<>();
  private final HttpClient client = HttpClient.newHttpClient();
  private Server shadow;
  private Server app;

  @BeforeEach
  void startShadow() throws Exception {
    shadow = new Server(0);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(
        new ServletHolder(
            new HttpServlet() {
              private static final long serialVersionUID = 1L;

              @Override
              protected void service(HttpServletRequest request, HttpServletResponse response)
                  throws IOException {
                String body =
                    new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                shadowSaw.add(request.getMethod() + " " + request.getRequestURI() + " " + body);
                response.setContentType("application/json");
                response
                    .getWriter()
                    .write(
                        IrisModel.V2
                            .predict(new double[] {5.1, 3.5, 1.4, 0.2})
                            .toJson("iris-v2", "s"));
              }
            }),
        "/*");
    shadow.setHandler(context);
    shadow.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (app != null) {
      app.stop();
    }
    shadow.stop();
  }

  private String shadowUrl() {
    return "http://127.0.0.1:" + ((ServerConnector) shadow.getConnectors()[0]).getLocalPort();
  }

  private HttpResponse<String> send(URI uri, String method, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).header("Content-Type", "application/json");
    request =
        body == null
            ? request.GET()
            : request.method(method, HttpRequest.BodyPublishers.ofString(body));
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void jaxrsSample_mirrorsTheMirroredMethodOnly() throws Exception {
    app = JaxrsSample.start(0, shadowUrl());
    URI base = URI.create("http://127.0.0.1:" + JaxrsSample.port(app));
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> response = send(base.resolve("/predict"), "POST", FLOWER);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("\"prediction\":\"setosa\"");
      assertThat(send(base.resolve("/health"), "GET", null).body()).isEqualTo("ok");
    }
    await().until(() -> shadowSaw.size() == 5);
    assertThat(shadowSaw).containsOnly("POST /predict " + FLOWER);
  }

  @Test
  void webXmlSample_isConfiguredByItsDescriptor_withTheUrlOverriddenByASystemProperty()
      throws Exception {
    System.setProperty("mirror.target.v2.url", shadowUrl());
    try {
      app = WebXmlSample.start(0);
    } finally {
      System.clearProperty("mirror.target.v2.url");
    }
    URI base = URI.create("http://127.0.0.1:" + WebXmlSample.port(app));
    for (int i = 0; i < 5; i++) {
      assertThat(send(base.resolve("/predict"), "POST", FLOWER).statusCode()).isEqualTo(200);
    }
    await().until(() -> shadowSaw.size() == 5);
    assertThat(shadowSaw).containsOnly("POST /predict " + FLOWER);
    await()
        .untilAsserted(
            () ->
                assertThat(send(base.resolve("/mirror/status?format=json"), "GET", null).body())
                    .contains("\"name\":\"v2\",\"sampled\":5,\"sent\":5"));
  }
}

package dev.trafficmirror.jaxrs.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.MirrorConfig;
import dev.trafficmirror.jaxrs.MirrorFeature;
import dev.trafficmirror.servlet.MirrorFilter;
import dev.trafficmirror.testing.jaxrs.EchoResource;
import dev.trafficmirror.testing.jaxrs.RecordingTarget;
import dev.trafficmirror.testing.jaxrs.TestApp;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.servlet.DispatcherType;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.junit.jupiter.api.Test;

/** The real MirrorFilter in front of Jersey with MirrorFeature: every request is mirrored once. */
class FilterAndFeatureIT {

  @Test
  void servletFilterAndFeatureTogether_mirrorEachRequestOnce() throws Exception {
    RecordingTarget target = new RecordingTarget();
    Mirror mirror = Mirror.builder()
        .config(MirrorConfig.builder().methods(List.of("POST")).build())
        .target("rec", target)
        .openTelemetry(OpenTelemetry.noop())
        .build();
    Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
    ServletContextHandler context = new ServletContextHandler();
    FilterHolder filter = new FilterHolder(MirrorFilter.create(mirror));
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    TestApp app = new TestApp(Set.of(EchoResource.class), Set.of(MirrorFeature.create(mirror)), Map.of());
    ServletHolder jersey = new ServletHolder(new ServletContainer(ResourceConfig.forApplication(app)));
    jersey.setAsyncSupported(true);
    context.addServlet(jersey, "/*");
    server.setHandler(context);
    server.start();
    try {
      URI base = URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/");
      HttpClient client = HttpClient.newHttpClient();
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> response = client.send(
            HttpRequest.newBuilder(base.resolve("echo/string"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello " + i))
                .build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
      }
      await().until(() -> target.size() == 5);
      await().until(() -> mirror.outcomeCounts().total("rec") == 5);
      // Give a would-be second copy every chance to show up: the mirror drains on close.
      mirror.close();
      assertThat(target.size()).isEqualTo(5);
      assertThat(mirror.outcomeCounts().total("rec")).isEqualTo(5);
    } finally {
      server.stop();
      mirror.close();
    }
  }
}

package dev.trafficmirror.jaxrs.grizzly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trafficmirror.testing.jaxrs.JaxrsMirrorSuite;
import dev.trafficmirror.testing.jaxrs.RecordingTarget;
import dev.trafficmirror.testing.jaxrs.TestServer;
import jakarta.ws.rs.core.Application;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;

/**
 * The suite on Jersey 3.1's Grizzly HTTP server: a JAX-RS runtime with no servlet API, which this
 * module's test class path does not hold (checked by {@link #noServletApiOnTheClassPath()}).
 */
class JerseyGrizzlyIT extends JaxrsMirrorSuite {

  @Override
  protected TestServer start(Application app) {
    HttpServer server =
        GrizzlyHttpServerFactory.createHttpServer(
            URI.create("http://127.0.0.1:0/"), ResourceConfig.forApplication(app), true);
    URI base =
        URI.create("http://127.0.0.1:" + server.getListeners().iterator().next().getPort() + "/");
    return new TestServer() {
      @Override
      public URI baseUri() {
        return base;
      }

      @Override
      public void stop() {
        server.shutdownNow();
      }
    };
  }

  @Test
  void noServletApiOnTheClassPath() {
    ClassLoader loader = getClass().getClassLoader();
    assertThat(loader.getResource("jakarta/servlet/Servlet.class")).isNull();
    assertThatThrownBy(() -> Class.forName("jakarta.servlet.Filter", false, loader))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("dev.trafficmirror.servlet.MirrorFilter", false, loader))
        .as("mirror-filter is excluded")
        .isInstanceOf(ClassNotFoundException.class);
  }

  /**
   * Jersey 3.1's default exception mapper answers 500 with a text of its own, which the feature
   * copies as it is written; Jersey then has the Grizzly server send its own error page instead, so
   * the client never gets that text, and the copy's production body is not what the client got.
   */
  @Override
  protected void assertCopyOfUnmappedException(Answer client, RecordingTarget.Copy copy) {
    assertThat(new String(copy.production().body().toByteArray(), StandardCharsets.UTF_8))
        .startsWith("An exception mapping did not successfully produce and processed a response.");
    assertThat(client.text()).contains("<html").doesNotContain("An exception mapping");
  }
}

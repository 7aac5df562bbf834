package dev.trafficmirror.jaxrs.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.testing.jaxrs.JaxrsServletSuite;
import dev.trafficmirror.testing.jaxrs.JettyServers;
import dev.trafficmirror.testing.jaxrs.RecordingTarget;
import dev.trafficmirror.testing.jaxrs.TestServer;
import jakarta.servlet.Filter;
import jakarta.ws.rs.core.Application;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.junit.jupiter.api.Test;

/**
 * The suite on Jersey 3.1 in embedded Jetty 12 ee10: Jersey's {@link ServletContainer}
 * (jersey-container-servlet-core, with jersey-container-servlet for Servlet 3 async) on {@code /*}.
 */
class JerseyJettyIT extends JaxrsServletSuite {

  @Override
  protected TestServer start(Application app, Filter filter) throws Exception {
    return JettyServers.start(
        filter,
        new ServletHolder(new ServletContainer(ResourceConfig.forApplication(app))),
        context -> {});
  }

  /**
   * Jersey opens the request's input stream before any resource runs, so Jetty no longer parses a
   * form into parameters: {@code getParameter} answers null, with or without the feature.
   */
  @Test
  @Override
  protected void formReadThroughTheServletApi_answeredAsWithoutFeature_copySkipped()
      throws Exception {
    Sent sent =
        sendBoth("POST", "servlet/form", "application/x-www-form-urlencoded", utf8("a=1&b=x+y"));
    assertThat(sent.answer().text()).isEqualTo("a=null;b=null");
    assertSkipped(sent, OutcomeKind.SKIPPED_CAPTURE_ERROR);
  }

  /**
   * Jersey 3.1's default exception mapper answers 500 with a text of its own, which the feature
   * copies as it is written; Jersey then has the container (Jetty) send its own error page instead,
   * so the client never gets that text, and the copy's production body is not what the client got.
   */
  @Override
  protected void assertCopyOfUnmappedException(Answer client, RecordingTarget.Copy copy) {
    assertThat(new String(copy.production().body().toByteArray(), StandardCharsets.UTF_8))
        .startsWith("An exception mapping did not successfully produce and processed a response.");
    assertThat(client.text()).contains("<html").doesNotContain("An exception mapping");
  }
}

package dev.trafficmirror.jaxrs.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.testing.jaxrs.JaxrsServletSuite;
import dev.trafficmirror.testing.jaxrs.RecordingTarget;
import dev.trafficmirror.testing.jaxrs.TestServer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.ws.rs.core.Application;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
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
    Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    FilterHolder holder = new FilterHolder(filter);
    holder.setAsyncSupported(true);
    context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
    ServletHolder jersey = new ServletHolder(new ServletContainer(ResourceConfig.forApplication(app)));
    jersey.setAsyncSupported(true);
    context.addServlet(jersey, "/*");
    server.setHandler(context);
    server.start();
    URI base = URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/");
    return new TestServer() {
      @Override
      public URI baseUri() {
        return base;
      }

      @Override
      public void stop() throws Exception {
        server.stop();
      }
    };
  }

  /**
   * Jersey opens the request's input stream before any resource runs, so Jetty no longer parses a
   * form into parameters: {@code getParameter} answers null, with or without the feature.
   */
  @Test
  @Override
  protected void formReadThroughTheServletApi_answeredAsWithoutFeature_copySkipped() throws Exception {
    Sent sent = sendBoth("POST", "servlet/form", "application/x-www-form-urlencoded", utf8("a=1&b=x+y"));
    assertThat(sent.answer().text()).isEqualTo("a=null;b=null");
    assertSkipped(sent, OutcomeKind.SKIPPED_CAPTURE_ERROR);
  }

  /**
   * Jersey 3.1's default exception mapper answers 500 with a text of its own, which the feature
   * copies as it is written; Jersey then has the container (Jetty) send its own error page instead, so the client
   * never gets that text, and the copy's production body is not what the client got.
   */
  @Override
  protected void assertCopyOfUnmappedException(Answer client, RecordingTarget.Copy copy) {
    assertThat(new String(copy.production().body().toByteArray(), StandardCharsets.UTF_8))
        .startsWith("An exception mapping did not successfully produce and processed a response.");
    assertThat(client.text()).contains("<html").doesNotContain("An exception mapping");
  }
}

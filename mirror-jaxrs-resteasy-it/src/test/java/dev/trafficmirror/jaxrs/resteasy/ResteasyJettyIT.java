package dev.trafficmirror.jaxrs.resteasy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.testing.jaxrs.JaxrsMirrorSuite;
import dev.trafficmirror.testing.jaxrs.RecordingTarget;
import dev.trafficmirror.testing.jaxrs.TestServer;
import jakarta.ws.rs.core.Application;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jboss.resteasy.core.ResteasyDeploymentImpl;
import org.jboss.resteasy.plugins.server.servlet.HttpServlet30Dispatcher;
import org.jboss.resteasy.spi.ResteasyDeployment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The suite on RESTEasy 6.2 in embedded Jetty 12 ee10.
 *
 * <p>The application is deployed the way RESTEasy's own embedded servers do it: a
 * {@link ResteasyDeployment} holding the {@link Application} instance in the servlet context
 * attribute named after {@code ResteasyDeployment}, and RESTEasy's {@link HttpServlet30Dispatcher}
 * (Servlet 3 async) on {@code /*}. The dispatcher starts that deployment in {@code init} and stops it
 * in {@code destroy}, so stopping Jetty undeploys the application.
 */
class ResteasyJettyIT extends JaxrsMirrorSuite {

  @Override
  protected TestServer start(Application app) throws Exception {
    Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ResteasyDeployment deployment = new ResteasyDeploymentImpl();
    deployment.setApplication(app);
    context.setAttribute(ResteasyDeployment.class.getName(), deployment);
    ServletHolder resteasy = new ServletHolder(new HttpServlet30Dispatcher());
    resteasy.setAsyncSupported(true);
    resteasy.setInitOrder(1);
    context.addServlet(resteasy, "/*");
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
   * RESTEasy gives a feature no way to learn that the application stops: JAX-RS has no lifecycle
   * callback, and RESTEasy's {@code ResteasyDeployment.stop()} (called by the dispatcher servlet's
   * {@code destroy}) tells no provider. So the mirror that a feature registered by class builds is
   * not closed when the application stops (its daemon worker threads stay), and the feature warns
   * about it at start-up, as docs/jaxrs.md says. Mirroring itself works the same as on Jersey.
   *
   * <p>{@code Server.stop()} has returned, and with it the servlet's {@code destroy}: a hook, had
   * there been one, would have run. The mirror is unreachable from here, so it stays open until the
   * test JVM exits.
   */
  @Test
  @Override
  @DisplayName("RESTEasy: the feature by class mirrors from properties, but its own mirror is not closed on shutdown (warned at start-up)")
  protected void featureByClass_buildsMirrorFromApplicationProperties_andClosesItOnShutdown() throws Exception {
    List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
          warnings.add(record);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger logger = Logger.getLogger("dev.trafficmirror.jaxrs");
    logger.addHandler(handler);
    RecordingTarget created;
    try {
      created = mirrorThroughFeatureRegisteredByClass();
    } finally {
      logger.removeHandler(handler);
    }
    assertThat(created.closed()).as("closed when RESTEasy stopped").isFalse();
    assertThat(warnings).extracting(LogRecord::getMessage)
        .anySatisfy(message -> assertThat(message).contains("no shutdown hook").contains("MirrorFeature.create(mirror)"));
  }
}

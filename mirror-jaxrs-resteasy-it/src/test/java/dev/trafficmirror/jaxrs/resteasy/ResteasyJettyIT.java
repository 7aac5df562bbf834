package dev.trafficmirror.jaxrs.resteasy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.testing.jaxrs.JaxrsServletSuite;
import dev.trafficmirror.testing.jaxrs.JettyServers;
import dev.trafficmirror.testing.jaxrs.RecordingTarget;
import dev.trafficmirror.testing.jaxrs.TestServer;
import jakarta.servlet.Filter;
import jakarta.ws.rs.core.Application;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.jboss.resteasy.core.ResteasyDeploymentImpl;
import org.jboss.resteasy.plugins.server.servlet.HttpServlet30Dispatcher;
import org.jboss.resteasy.spi.ResteasyDeployment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The suite on RESTEasy 6.2 in embedded Jetty 12 ee10.
 *
 * <p>The application is deployed the way RESTEasy's own embedded servers do it: a {@link
 * ResteasyDeployment} holding the {@link Application} instance in the servlet context attribute
 * named after {@code ResteasyDeployment}, and RESTEasy's {@link HttpServlet30Dispatcher} (Servlet 3
 * async) on {@code /*}. The dispatcher starts that deployment in {@code init} and stops it in
 * {@code destroy}, so stopping Jetty undeploys the application.
 */
class ResteasyJettyIT extends JaxrsServletSuite {

  @Override
  protected TestServer start(Application app, Filter filter) throws Exception {
    ServletHolder resteasy = new ServletHolder(new HttpServlet30Dispatcher());
    resteasy.setInitOrder(1);
    return JettyServers.start(
        filter,
        resteasy,
        context -> {
          ResteasyDeployment deployment = new ResteasyDeploymentImpl();
          deployment.setApplication(app);
          context.setAttribute(ResteasyDeployment.class.getName(), deployment);
        });
  }

  /**
   * RESTEasy 6.2's default exception mapper answers 500 with the exception's message as text, which
   * is what the client gets and what the copy holds.
   */
  @Override
  protected void assertCopyOfUnmappedException(Answer client, RecordingTarget.Copy copy) {
    assertThat(client.text()).isEqualTo("no mapper for this");
    assertThat(copy.production().body().toByteArray()).isEqualTo(client.body());
  }

  // ---- forms: RESTEasy asks the servlet container for @FormParam values ----
  //
  // RESTEasy in a servlet container takes @FormParam values from
  // HttpServletRequest.getParameterMap(),
  // so Jetty parses the form body itself, with its own rules (the Content-Type's charset, else
  // UTF-8;
  // 400 for bytes that are not in that charset). The feature therefore does not read forms ahead
  // (that
  // would leave Jetty nothing to parse, and RESTEasy would fall back to a parser of its own that
  // decodes differently): it copies what production reads through JAX-RS, which here is nothing. So
  // the client's answer is the same as without the feature, and the copy is skipped
  // (SKIPPED_CAPTURE_ERROR, as for the servlet filter when the container consumed a body out of its
  // sight). To mirror forms on RESTEasy in a servlet container, put MirrorFilter in front: it
  // answers
  // getParameter* itself, and the feature stands aside.

  @Test
  @Override
  @DisplayName(
      "RESTEasy: @FormParam read through the servlet container, answered as without the feature, copy skipped")
  protected void formParams_mirroredByteForByte() throws Exception {
    Sent sent =
        sendBoth("POST", "echo/form", "application/x-www-form-urlencoded", utf8("a=1&b=x+y%26z"));
    assertThat(sent.answer().text()).isEqualTo("a=1;b=x y&z");
    assertSkipped(sent, OutcomeKind.SKIPPED_CAPTURE_ERROR);
  }

  @Test
  @Override
  @DisplayName(
      "RESTEasy: a form's charset is applied by Jetty, as without the feature; copy skipped")
  protected void formParams_declaredCharset_decodedAsWithoutFeature() throws Exception {
    Sent sent =
        sendBoth(
            "POST",
            "echo/form",
            "application/x-www-form-urlencoded; charset=ISO-8859-1",
            utf8("a=%E9t%E9&b=caf%E9"));
    assertThat(sent.answer().text()).isEqualTo("a=\u00e9t\u00e9;b=caf\u00e9");
    assertSkipped(sent, OutcomeKind.SKIPPED_CAPTURE_ERROR);
  }

  @Test
  @Override
  @DisplayName(
      "RESTEasy: Jetty rejects a form that is not UTF-8 with 400, as without the feature; copy skipped")
  protected void formParams_notUtf8_answeredAsWithoutFeature() throws Exception {
    Sent sent =
        sendBoth("POST", "echo/form", "application/x-www-form-urlencoded", utf8("a=%E9&b=2"));
    assertThat(sent.answer().status()).isEqualTo(400);
    assertSkipped(sent, OutcomeKind.SKIPPED_CAPTURE_ERROR);
  }

  /**
   * RESTEasy leaves the request's input stream alone until something reads the entity, so Jetty
   * parses the form into parameters for the resource, with or without the feature (a feature that
   * read forms ahead left it nothing: null).
   */
  @Test
  @Override
  protected void formReadThroughTheServletApi_answeredAsWithoutFeature_copySkipped()
      throws Exception {
    Sent sent =
        sendBoth("POST", "servlet/form", "application/x-www-form-urlencoded", utf8("a=1&b=x+y"));
    assertThat(sent.answer().text()).isEqualTo("a=1;b=x y");
    assertSkipped(sent, OutcomeKind.SKIPPED_CAPTURE_ERROR);
  }

  // ---- no shutdown hook ----

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
  @DisplayName(
      "RESTEasy: the feature by class mirrors from properties, but its own mirror is not closed on shutdown (warned at start-up)")
  protected void featureByClass_buildsMirrorFromApplicationProperties_andClosesItOnShutdown()
      throws Exception {
    List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    Handler handler =
        new Handler() {
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
    assertThat(warnings)
        .extracting(LogRecord::getMessage)
        .anySatisfy(
            message ->
                assertThat(message)
                    .contains("no shutdown hook")
                    .contains("MirrorFeature.create(mirror)"));
  }
}

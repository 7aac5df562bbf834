package dev.trafficmirror.testing.suites;

import static dev.trafficmirror.testing.Bodies.KIB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.servlet.MirrorFilter;
import dev.trafficmirror.spi.InvalidConfigException;
import dev.trafficmirror.testing.Bodies;
import dev.trafficmirror.testing.ClientResponse;
import dev.trafficmirror.testing.RecordingShadowServer;
import dev.trafficmirror.testing.TestClient;
import dev.trafficmirror.testing.TestIds;
import dev.trafficmirror.testing.containers.ContainerStarter;
import dev.trafficmirror.testing.containers.Deployment;
import dev.trafficmirror.testing.containers.ServletContainer;
import dev.trafficmirror.testing.servlets.BodyReadingServlet;
import dev.trafficmirror.testing.webapp.PredictMirror;
import dev.trafficmirror.testing.webapp.PredictServlet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filter registered the ways users register it, in real web applications that mirror to a real
 * shadow server over HTTP: from a {@code WEB-INF/web.xml} with init-params, and by scanning a
 * {@code @WebFilter} subclass in {@code WEB-INF/classes}. A bad configuration fails the start,
 * naming the key.
 */
@Timeout(60)
public abstract class WebappDeploymentSuite {
  private final TestClient client = new TestClient();

  /** Returns the starter of the container under test. */
  protected abstract ContainerStarter starter();

  @Test
  void webXml_initParams_mirrorToAnHttpShadow(@TempDir Path webapp) throws Exception {
    try (RecordingShadowServer shadow = RecordingShadowServer.answering()) {
      String webXml = resource("web.xml").replace("${shadow.url}", shadow.uri().toString());
      Files.createDirectories(webapp.resolve("WEB-INF"));
      Files.writeString(webapp.resolve("WEB-INF/web.xml"), webXml);
      try (ServletContainer container = starter().startWebapp(webapp)) {
        byte[] body = Bodies.random(KIB, 21);
        String id = TestIds.next();
        ClientResponse response =
            client.send(container.baseUri(), post("/read/all?model=v1", body, id));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("POST read=1024 sha256=" + Bodies.sha256(body));
        assertReceived(shadow.await(id), "/read/all", "model=v1", body);
      }
    }
  }

  @Test
  void webFilterAnnotation_subclassIsScannedAndMirrors(@TempDir Path webapp) throws Exception {
    copyClass(PredictMirror.class, webapp);
    copyClass(PredictServlet.class, webapp);
    try (RecordingShadowServer shadow = RecordingShadowServer.answering()) {
      // Init-params are overridden by system properties: the annotation cannot know the port.
      System.setProperty("mirror.target.annotated.url", shadow.uri().toString());
      ServletContainer container;
      try {
        container = starter().startWebapp(webapp);
      } finally {
        System.clearProperty("mirror.target.annotated.url");
      }
      try (container) {
        byte[] body = Bodies.random(2 * KIB, 22);
        String id = TestIds.next();
        ClientResponse response = client.send(container.baseUri(), post("/predict/iris", body, id));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("{\"model\":\"v1\",\"bytes\":2048}");
        assertReceived(shadow.await(id), "/predict/iris", null, body);
      }
    }
  }

  @Test
  void badInitParam_failsTheStart_namingTheKey() throws Exception {
    Deployment app =
        Deployment.builder()
            .filter(
                "/*",
                MirrorFilter.class,
                Map.of(
                    "mirror.targets", "v2",
                    "mirror.target.v2.url", "http://127.0.0.1:1",
                    "mirror.sample-rate", "2"))
            .servlet("/read/*", new BodyReadingServlet())
            .build();

    Throwable failure = starter().startExpectingFailure(app);

    InvalidConfigException cause = findCause(failure, InvalidConfigException.class);
    assertThat(cause.key()).isEqualTo("mirror.sample-rate");
    assertThat(cause.getMessage()).contains("mirror.sample-rate=2");
  }

  private static void assertReceived(
      RecordingShadowServer.Received received, String path, String query, byte[] body) {
    assertThat(received.method()).isEqualTo("POST");
    assertThat(received.path()).isEqualTo(path);
    assertThat(received.rawQuery()).isEqualTo(query);
    assertThat(Bodies.sha256(received.body())).isEqualTo(Bodies.sha256(body));
    assertThat(received.header("X-Mirror-Id")).isNotBlank();
    assertThat(received.header("X-Client")).isEqualTo("kept");
    assertThat(received.header("Authorization")).as("credentials are not forwarded").isNull();
  }

  private static TestClient.Request post(String pathAndQuery, byte[] body, String id) {
    return new TestClient.Request(
            "POST", pathAndQuery, Map.of("Content-Type", "application/octet-stream"), null, false)
        .body(body)
        .header(TestIds.HEADER, id)
        .header("X-Client", "kept")
        .header("Authorization", "Bearer not-for-shadows");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in =
        WebappDeploymentSuite.class.getResourceAsStream(
            "/dev/trafficmirror/testing/webapp/" + name)) {
      return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Copies the class file of {@code type} into the webapp's {@code WEB-INF/classes}, as a build
   * would.
   */
  private static void copyClass(Class<?> type, Path webapp) throws IOException {
    String file = type.getName().replace('.', '/') + ".class";
    Path target = webapp.resolve("WEB-INF/classes").resolve(file);
    Files.createDirectories(target.getParent());
    try (InputStream in = type.getClassLoader().getResourceAsStream(file)) {
      Files.copy(Objects.requireNonNull(in, file), target);
    }
  }

  private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      for (Throwable suppressed : t.getSuppressed()) {
        if (type.isInstance(suppressed)
            || suppressed.getCause() != null && type.isInstance(suppressed.getCause())) {
          return type.cast(type.isInstance(suppressed) ? suppressed : suppressed.getCause());
        }
      }
    }
    return Assertions.fail("no " + type.getSimpleName() + " in the failure", failure);
  }
}

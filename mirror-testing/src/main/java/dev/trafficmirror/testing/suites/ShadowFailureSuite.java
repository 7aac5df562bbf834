package dev.trafficmirror.testing.suites;

import static dev.trafficmirror.testing.Bodies.KIB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.MirrorConfig;
import dev.trafficmirror.core.OutcomeCounts;
import dev.trafficmirror.servlet.MirrorFilter;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.testing.Bodies;
import dev.trafficmirror.testing.ClientResponse;
import dev.trafficmirror.testing.RecordingShadowServer;
import dev.trafficmirror.testing.TestClient;
import dev.trafficmirror.testing.containers.ContainerStarter;
import dev.trafficmirror.testing.containers.Deployment;
import dev.trafficmirror.testing.containers.ServletContainer;
import dev.trafficmirror.testing.servlets.BodyReadingServlet;
import jakarta.servlet.Filter;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A shadow that hangs, and one that refuses connections, change nothing for the client: responses
 * are those of the application without the filter, and every copy ends as a counted timeout or
 * error. Asserted on responses and counts, not on wall time.
 */
@Timeout(60)
public abstract class ShadowFailureSuite {
  private static final int REQUESTS = 5;

  private final TestClient client = new TestClient();

  /** Returns the starter of the container under test. */
  protected abstract ContainerStarter starter();

  @Test
  void hangingAndRefusingShadows_changeNothingForTheClient() throws Exception {
    try (RecordingShadowServer hanging = RecordingShadowServer.hanging()) {
      URI refusing = RecordingShadowServer.refusingUri();
      Mirror mirror =
          Mirror.builder()
              .config(
                  MirrorConfig.fromProperties(
                      Map.of(
                          "mirror.targets", "hanging,refusing",
                          "mirror.methods", "POST",
                          "mirror.target.hanging.url", hanging.uri().toString(),
                          "mirror.target.hanging.timeout", "200ms",
                          "mirror.target.refusing.url", refusing.toString(),
                          "mirror.target.refusing.timeout", "200ms")))
              .build();
      try (ServletContainer plain = starter().start(app(null));
          ServletContainer mirrored = starter().start(app(MirrorFilter.create(mirror)))) {
        for (int i = 0; i < REQUESTS; i++) {
          TestClient.Request request =
              new TestClient.Request(
                      "POST",
                      "/read/all?i=" + i,
                      Map.of("Content-Type", "application/octet-stream"),
                      null,
                      false)
                  .body(Bodies.random(KIB, i));
          ClientResponse without = client.send(plain.baseUri(), request);
          ClientResponse with = client.send(mirrored.baseUri(), request);
          assertThat(with.status()).isEqualTo(without.status()).isEqualTo(200);
          assertThat(with.comparableHeaders()).isEqualTo(without.comparableHeaders());
          assertThat(with.text()).isEqualTo(without.text());
        }
        Awaitility.await()
            .atMost(Duration.ofSeconds(15))
            .untilAsserted(
                () -> {
                  OutcomeCounts counts = mirror.outcomeCounts();
                  assertThat(counts.get("hanging", OutcomeKind.SHADOW_TIMEOUT))
                      .as("%s", counts)
                      .isEqualTo(REQUESTS);
                  // The first refusal pauses the target (connect-backoff): copies meanwhile are not
                  // sent.
                  assertThat(
                          counts.get("refusing", OutcomeKind.SHADOW_ERROR)
                              + counts.get("refusing", OutcomeKind.DROPPED_TARGET_PAUSED))
                      .as("%s", counts)
                      .isEqualTo(REQUESTS);
                  assertThat(counts.get("refusing", OutcomeKind.SHADOW_ERROR))
                      .as("%s", counts)
                      .isPositive();
                });
        assertThat(mirror.outcomeCounts().total("hanging")).isEqualTo(REQUESTS);
        assertThat(mirror.outcomeCounts().total("refusing")).isEqualTo(REQUESTS);
        assertThat(hanging.received()).as("the hanging shadow got every copy").hasSize(REQUESTS);
      } finally {
        mirror.close();
      }
    }
  }

  private static Deployment app(Filter filter) {
    return Deployment.builder()
        .filterIf(filter != null, "/*", () -> filter)
        .servlet("/read/*", new BodyReadingServlet())
        .build();
  }
}

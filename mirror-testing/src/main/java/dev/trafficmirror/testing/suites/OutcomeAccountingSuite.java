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
import dev.trafficmirror.testing.RawHttp;
import dev.trafficmirror.testing.RecordingOutcomes;
import dev.trafficmirror.testing.RecordingShadowTarget;
import dev.trafficmirror.testing.TestClient;
import dev.trafficmirror.testing.TestClient.Request;
import dev.trafficmirror.testing.TestIds;
import dev.trafficmirror.testing.containers.ContainerStarter;
import dev.trafficmirror.testing.containers.Deployment;
import dev.trafficmirror.testing.containers.ServletContainer;
import dev.trafficmirror.testing.servlets.BodyReadingServlet;
import dev.trafficmirror.testing.servlets.FaultyWrapperFilter;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every sampled request ends in exactly one counted outcome, whatever happens to it: sent, over the
 * limit, aborted by the client, or failed capture; unsampled requests count nothing. The counts add
 * up to the requests sampled, and production answered every request it could.
 */
@Timeout(60)
public abstract class OutcomeAccountingSuite {
  private static final String TARGET = "recorder";
  private static final int LIMIT = 64 * KIB;

  private final TestClient client = new TestClient();

  /** Returns the starter of the container under test. */
  protected abstract ContainerStarter starter();

  @Test
  void everySampledRequestEndsInExactlyOneCountedOutcome() throws Exception {
    RecordingOutcomes outcomes = new RecordingOutcomes();
    Mirror mirror =
        Mirror.builder()
            .config(
                MirrorConfig.builder()
                    .methods(List.of("POST"))
                    .exclude(List.of("/excluded/**"))
                    .maxBodyBytes(LIMIT)
                    .build())
            .target(TARGET, new RecordingShadowTarget())
            .listener(outcomes)
            .build();
    Deployment app =
        Deployment.builder()
            .filter(
                "/broken-request/*",
                new FaultyWrapperFilter(FaultyWrapperFilter.Fault.REQUEST_HEADERS))
            .filter(
                "/broken-response/*",
                new FaultyWrapperFilter(FaultyWrapperFilter.Fault.RESPONSE_HEADERS))
            .filter("/*", MirrorFilter.create(mirror))
            .servlet("/read/*", new BodyReadingServlet())
            .servlet("/broken-request/*", new BodyReadingServlet())
            .servlet("/broken-response/*", new BodyReadingServlet())
            .servlet("/excluded/*", new BodyReadingServlet())
            .build();
    Map<OutcomeKind, Long> expected = new EnumMap<>(OutcomeKind.class);
    try (ServletContainer container = starter().start(app)) {
      URI base = container.baseUri();
      for (int i = 0; i < 3; i++) {
        assertThat(post(base, "/read/all", Bodies.random(KIB, i), false).status()).isEqualTo(200);
      }
      // The recording shadow answers an empty 200: production's body differs, so each is a
      // MISMATCH.
      expected.put(OutcomeKind.MISMATCH, 3L);

      assertThat(post(base, "/read/all", Bodies.random(LIMIT + 1, 1), false).status())
          .isEqualTo(200);
      assertThat(post(base, "/read/all", Bodies.random(LIMIT + 1, 2), true).status())
          .as("chunked")
          .isEqualTo(200);
      expected.put(OutcomeKind.SKIPPED_BODY_TOO_LARGE, 2L);

      String readAbort = abort(base, "/read/all");
      assertThat(outcomes.await(readAbort).kind()).isEqualTo(OutcomeKind.SKIPPED_CLIENT_ABORT);
      expected.put(OutcomeKind.SKIPPED_CLIENT_ABORT, 1L);
      // A body production never reads is not waited for: the client still owes the rest when
      // production has answered.
      String unreadStalled = stalled(base, "/read/none");
      assertThat(outcomes.await(unreadStalled).kind()).isEqualTo(OutcomeKind.SKIPPED_BODY_UNREAD);
      expected.put(OutcomeKind.SKIPPED_BODY_UNREAD, 1L);

      ClientResponse brokenRequest =
          post(base, "/broken-request/all", Bodies.random(KIB, 3), false);
      ClientResponse brokenResponse =
          post(base, "/broken-response/all", Bodies.random(KIB, 4), false);
      assertThat(brokenRequest.status())
          .as("production unaffected: %s", brokenRequest)
          .isEqualTo(200);
      assertThat(brokenResponse.status())
          .as("production unaffected: %s", brokenResponse)
          .isEqualTo(200);
      assertThat(brokenRequest.text()).startsWith("POST read=" + KIB + " ");
      expected.put(OutcomeKind.SKIPPED_CAPTURE_ERROR, 2L);

      assertThat(client.send(base, Request.of("GET", "/read/none")).status())
          .as("not sampled: method")
          .isEqualTo(200);
      assertThat(post(base, "/excluded/none", Bodies.random(KIB, 5), false).status())
          .as("not sampled: path")
          .isEqualTo(200);
      assertThat(post(base, "/read/all", Bodies.random(KIB, 6), false).status())
          .as("the server still serves")
          .isEqualTo(200);
      expected.merge(OutcomeKind.MISMATCH, 1L, Long::sum);

      long sampled = expected.values().stream().mapToLong(Long::longValue).sum();
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> mirror.outcomeCounts().total(TARGET) >= sampled);
      assertCounts(mirror.outcomeCounts(), expected, sampled);
    }
    mirror.close();
    assertCounts(
        mirror.outcomeCounts(),
        expected,
        expected.values().stream().mapToLong(Long::longValue).sum());
    assertThat(outcomes.all())
        .as("listener calls")
        .hasSize((int) mirror.outcomeCounts().total(TARGET));
  }

  private static void assertCounts(
      OutcomeCounts counts, Map<OutcomeKind, Long> expected, long sampled) {
    assertThat(counts.total(TARGET)).as("outcomes of %s", counts).isEqualTo(sampled);
    for (OutcomeKind kind : OutcomeKind.values()) {
      assertThat(counts.get(TARGET, kind))
          .as("%s in %s", kind, counts)
          .isEqualTo(expected.getOrDefault(kind, 0L));
    }
  }

  private ClientResponse post(URI base, String path, byte[] body, boolean chunked)
      throws Exception {
    Request request =
        new Request("POST", path, Map.of("Content-Type", "application/octet-stream"), null, false);
    return client.send(base, chunked ? request.chunkedBody(body) : request.body(body));
  }

  /**
   * Announces 32 KiB (within the limit), sends 1 KiB and goes away; returns the request's test id.
   */
  private static String stalled(URI base, String path) throws Exception {
    String id = TestIds.next();
    RawHttp.stalledUpload(
        base,
        "POST",
        path,
        Map.of(TestIds.HEADER, id, "Content-Type", "application/octet-stream"),
        LIMIT / 2,
        Bodies.random(KIB, 9),
        Duration.ofSeconds(10));
    return id;
  }

  private static String abort(URI base, String path) throws Exception {
    String id = TestIds.next();
    RawHttp.abortMidBody(
        base,
        "POST",
        path,
        Map.of(TestIds.HEADER, id, "Content-Type", "application/octet-stream"),
        LIMIT / 2,
        Bodies.random(KIB, 9));
    return id;
  }
}

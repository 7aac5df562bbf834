package dev.trafficmirror.testing.suites;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.MirrorConfig;
import dev.trafficmirror.core.OutcomeCounts;
import dev.trafficmirror.core.TargetStatistics;
import dev.trafficmirror.servlet.MirrorFilter;
import dev.trafficmirror.spi.Comparison;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.testing.ClientResponse;
import dev.trafficmirror.testing.FaultShadowServer;
import dev.trafficmirror.testing.FaultShadowServer.Fault;
import dev.trafficmirror.testing.RecordingOutcomes;
import dev.trafficmirror.testing.RecordingShadowServer;
import dev.trafficmirror.testing.TestClient;
import dev.trafficmirror.testing.containers.ContainerStarter;
import dev.trafficmirror.testing.containers.Deployment;
import dev.trafficmirror.testing.containers.ServletContainer;
import dev.trafficmirror.testing.servlets.JsonAnswerServlet;
import jakarta.servlet.Filter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile shadows on raw sockets (down, slow, hang, reset, 500, huge body, gzip bomb, deep JSON,
 * slow drip), all mirrored at once from one production behind the filter: production answers as a
 * control without the filter does, every copy ends in exactly one outcome (the kinds add up to the
 * copies sampled), nothing that could not be compared is a match, and every target's threads still
 * compare a healthy answer afterwards.
 */
@Timeout(120)
public abstract class ShadowFaultSuite {
  private static final int REQUESTS = 8;
  private static final String DOWN = "down";

  private final TestClient client = new TestClient();

  /** Returns the starter of the container under test. */
  protected abstract ContainerStarter starter();

  /** The outcome each fault must end in, and the reason when it is {@code UNCOMPARED}. */
  private record Expected(OutcomeKind kind, @Nullable String reason) {}

  private static Expected expected(Fault fault) {
    return switch (fault) {
      case SLOW -> new Expected(OutcomeKind.MATCH, null);
      case HANG, DRIP -> new Expected(OutcomeKind.SHADOW_TIMEOUT, null);
      case RESET -> new Expected(OutcomeKind.SHADOW_ERROR, null);
      case ERROR_500 -> new Expected(OutcomeKind.MISMATCH, null);
      case HUGE -> new Expected(OutcomeKind.UNCOMPARED, "truncated");
      case GZIP_BOMB -> new Expected(OutcomeKind.UNCOMPARED, "decode-limit");
      case DEEP_JSON -> new Expected(OutcomeKind.UNCOMPARED, "json-limit");
    };
  }

  private static String name(Fault fault) {
    return fault.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @Test
  void hostileShadows_leaveProductionAsItIs_oneOutcomePerCopy_noMatchForTheUncompared_threadsGoOn()
      throws Exception {
    Map<Fault, FaultShadowServer> shadows = new EnumMap<>(Fault.class);
    RecordingOutcomes outcomes = new RecordingOutcomes();
    Mirror mirror = null;
    try {
      Map<String, String> properties = new HashMap<>();
      List<String> targets = new ArrayList<>();
      for (Fault fault : Fault.values()) {
        FaultShadowServer shadow = new FaultShadowServer(fault);
        shadows.put(fault, shadow);
        targets.add(name(fault));
        properties.put("mirror.target." + name(fault) + ".url", shadow.uri().toString());
        properties.put("mirror.target." + name(fault) + ".timeout", "1s");
      }
      targets.add(DOWN);
      properties.put(
          "mirror.target." + DOWN + ".url", RecordingShadowServer.refusingUri().toString());
      properties.put("mirror.target." + DOWN + ".timeout", "1s");
      properties.put("mirror.targets", String.join(",", targets));
      properties.put("mirror.methods", "POST");
      properties.put("mirror.max-response-bytes", String.valueOf(1 << 20));
      mirror =
          Mirror.builder()
              .config(MirrorConfig.fromProperties(properties))
              .listener(outcomes)
              .build();

      try (ServletContainer plain = starter().start(app(null));
          ServletContainer mirrored = starter().start(app(MirrorFilter.create(mirror)))) {
        for (int i = 0; i < REQUESTS; i++) {
          sendToBoth(plain, mirrored, i);
        }
        Mirror m = mirror;
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> allHave(m, targets, REQUESTS));

        OutcomeCounts counts = mirror.outcomeCounts();
        for (Fault fault : Fault.values()) {
          Expected expected = expected(fault);
          assertThat(counts.get(name(fault), expected.kind()))
              .as("%s: %s", fault, counts)
              .isEqualTo(REQUESTS);
          if (expected.reason() != null) {
            assertThat(outcomes.all())
                .filteredOn(o -> o.target().equals(name(fault)))
                .extracting(o -> reason(o))
                .as("%s", fault)
                .containsOnly(expected.reason());
          }
        }
        assertThat(counts.get(DOWN, OutcomeKind.MATCH)).isZero();
        assertThat(counts.get(DOWN, OutcomeKind.SHADOW_ERROR)).as("%s", counts).isPositive();

        // The threads of every target are alive: healed shadows are compared again.
        shadows.values().forEach(FaultShadowServer::heal);
        sendToBoth(plain, mirrored, REQUESTS);
        Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> allHave(m, targets, REQUESTS + 1));
        counts = mirror.outcomeCounts();
        for (Fault fault : Fault.values()) {
          long before = expected(fault).kind() == OutcomeKind.MATCH ? REQUESTS : 0;
          assertThat(counts.get(name(fault), OutcomeKind.MATCH))
              .as("%s healed: %s", fault, counts)
              .isEqualTo(before + 1);
        }
        for (String target : targets) {
          TargetStatistics statistics = mirror.statistics().target(target);
          assertThat(statistics.sampled()).as(target).isEqualTo(REQUESTS + 1);
          assertThat(sum(counts, target)).as(target).isEqualTo(statistics.sampled());
        }
      }
    } finally {
      if (mirror != null) {
        mirror.close();
      }
      for (FaultShadowServer shadow : shadows.values()) {
        shadow.close();
      }
    }
  }

  private void sendToBoth(ServletContainer plain, ServletContainer mirrored, int i)
      throws Exception {
    TestClient.Request request =
        new TestClient.Request(
                "POST", "/predict?i=" + i, Map.of("Content-Type", "application/json"), null, false)
            .body(("{\"input\":" + i + "}").getBytes(StandardCharsets.UTF_8));
    ClientResponse without = client.send(plain.baseUri(), request);
    ClientResponse with = client.send(mirrored.baseUri(), request);
    assertThat(with.status()).isEqualTo(without.status()).isEqualTo(200);
    assertThat(with.comparableHeaders()).isEqualTo(without.comparableHeaders());
    assertThat(with.text()).isEqualTo(without.text()).isEqualTo(FaultShadowServer.HEALTHY_BODY);
  }

  private static boolean allHave(Mirror mirror, List<String> targets, long n) {
    OutcomeCounts counts = mirror.outcomeCounts();
    return targets.stream().allMatch(t -> counts.total(t) >= n);
  }

  private static long sum(OutcomeCounts counts, String target) {
    long n = 0;
    for (OutcomeKind kind : OutcomeKind.values()) {
      n += counts.get(target, kind);
    }
    return n;
  }

  private static @Nullable String reason(MirrorOutcome outcome) {
    Comparison comparison = outcome.comparison();
    return comparison == null ? null : comparison.uncompared();
  }

  private static Deployment app(@Nullable Filter filter) {
    return Deployment.builder()
        .filterIf(filter != null, "/*", () -> filter)
        .servlet("/predict", new JsonAnswerServlet())
        .build();
  }
}

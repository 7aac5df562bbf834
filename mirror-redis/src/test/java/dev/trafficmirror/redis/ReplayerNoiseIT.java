package dev.trafficmirror.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trafficmirror.core.MirrorConfig;
import dev.trafficmirror.core.PathDifference;
import dev.trafficmirror.core.TargetState;
import dev.trafficmirror.core.TargetStatistics;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.ShadowResponse;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Noise calibration on the replayer's side of a real Redis stream: production answered {@code
 * {"ok":true}}; the baseline adds a random {@code /t}; the candidate also says {@code "ok":false}.
 * A paused target is not awaited, so entries are still acknowledged.
 */
class ReplayerNoiseIT {
  @RegisterExtension static final RedisServer REDIS = new RedisServer();
  private static final Headers JSON =
      Headers.builder().add("Content-Type", "application/json").build();

  private ReplayerFixture fixture;
  private MirrorReplayer replayer;

  @BeforeEach
  void setUp() {
    fixture = new ReplayerFixture(REDIS, "mirror:noise");
  }

  @AfterEach
  void tearDown() {
    if (replayer != null) {
      replayer.close();
    }
    fixture.close();
  }

  private static ShadowResponse answer(boolean ok) {
    return ShadowResponse.of(
        200,
        JSON,
        Body.of("{\"ok\":" + ok + ",\"t\":\"" + UUID.randomUUID() + "\"}", StandardCharsets.UTF_8));
  }

  @Test
  void baselineCalibratesNoise_pausedCandidateIsNotAwaited() throws Exception {
    Map<String, String> own = new LinkedHashMap<>();
    own.put("mirror.replayer.uri", REDIS.uri().toString());
    own.put("mirror.replayer.stream", fixture.stream);
    own.put("mirror.replayer.group", ReplayerFixture.GROUP);
    own.put("mirror.replayer.consumer", "noise");
    replayer =
        MirrorReplayer.builder(ReplayerConfig.fromProperties(own))
            .mirrorConfig(
                MirrorConfig.fromProperties(
                    Map.of(
                        "mirror.targets",
                        "base,cand",
                        "mirror.baseline",
                        "base",
                        "mirror.drain-timeout",
                        "500ms",
                        "mirror.methods",
                        "POST")))
            .target("base", (request, timeout) -> answer(true))
            .target("cand", (request, timeout) -> answer(false))
            .openTelemetry(OpenTelemetry.noop())
            .build();

    fixture.append(40);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                replayer.mirror().outcomeCounts().total("cand") == 40
                    && replayer.mirror().outcomeCounts().total("base") == 40);
    await().atMost(Duration.ofSeconds(5)).until(() -> fixture.pending() == 0);

    TargetStatistics cand = replayer.mirror().statistics().target("cand");
    assertThat(cand.differencesByPath())
        .extracting(PathDifference::path, PathDifference::noise)
        .containsExactlyInAnyOrder(Tuple.tuple("/ok", false), Tuple.tuple("/t", true));
    assertThat(cand.agreementRateExcludingNoise()).isZero();
    assertThat(replayer.mirror().statistics().target("base").baseline()).isTrue();

    assertThat(replayer.mirror().pause("cand")).isTrue();
    fixture.append(10);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> replayer.mirror().outcomeCounts().total("base") == 50);
    await().atMost(Duration.ofSeconds(5)).until(() -> fixture.pending() == 0);
    assertThat(replayer.mirror().outcomeCounts().total("cand")).isEqualTo(40);
    assertThat(replayer.mirror().targetState("cand")).isEqualTo(TargetState.PAUSED);
  }
}

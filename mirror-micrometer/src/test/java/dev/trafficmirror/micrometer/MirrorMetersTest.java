package dev.trafficmirror.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.MirrorConfig;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.ProductionResponse;
import dev.trafficmirror.spi.ShadowResponse;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MirrorMetersTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Mirror mirror;

  @AfterEach
  void close() {
    if (mirror != null) {
      mirror.close();
    }
  }

  @Test
  void outcomesDurationsAndGauges_areMeteredUnderTheOpenTelemetryNames() {
    MirrorMeters meters = MirrorMeters.create(registry);
    mirror =
        Mirror.builder()
            .config(MirrorConfig.builder().methods(List.of("POST")).build())
            .target(
                "v2",
                (request, timeout) ->
                    ShadowResponse.of(
                        200, Headers.empty(), Body.of("same", StandardCharsets.UTF_8)))
            .target(
                "v3", (request, timeout) -> ShadowResponse.of(500, Headers.empty(), Body.empty()))
            .listener(meters)
            .build();
    meters.bind(mirror);

    for (int i = 0; i < 3; i++) {
      mirror
          .adapterProtocol()
          .submit(
              mirror.adapterProtocol().newRequest("POST", "/predict").build(),
              ProductionResponse.builder(200)
                  .body(Body.of("same", StandardCharsets.UTF_8))
                  .duration(Duration.ofMillis(7))
                  .build());
    }

    await()
        .untilAsserted(
            () -> {
              assertThat(counter("v2", "match")).isEqualTo(3);
              assertThat(counter("v3", "mismatch")).isEqualTo(3);
              assertThat(timer("mirror.shadow.duration", "v2", "match").count()).isEqualTo(3);
            });
    assertThat(counter("v2", "shadow_error"))
        .as("every kind is a series, zero until it happens")
        .isZero();
    Timer production = timer("mirror.production.duration", "v3", "mismatch");
    assertThat(production.count()).isEqualTo(3);
    assertThat(production.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(21);
    assertThat(registry.get("mirror.queue.depth").tag("mirror.target", "v2").gauge().value())
        .isZero();
    assertThat(registry.get("mirror.budget.limit").gauge().value())
        .isEqualTo(mirror.config().maxBufferedBytes());
    assertThat(registry.get("mirror.budget.used").gauge().value()).isGreaterThanOrEqualTo(0);
    assertThat(registry.get("mirror.reporter.overflow").functionCounter().count()).isZero();
    assertThat(registry.get("mirror.log.lost").functionCounter().count()).isZero();
  }

  private double counter(String target, String outcome) {
    FunctionCounter c =
        registry
            .get("mirror.outcomes")
            .tag("mirror.target", target)
            .tag("mirror.outcome", outcome)
            .functionCounter();
    return c.count();
  }

  private Timer timer(String name, String target, String outcome) {
    return registry.get(name).tag("mirror.target", target).tag("mirror.outcome", outcome).timer();
  }
}

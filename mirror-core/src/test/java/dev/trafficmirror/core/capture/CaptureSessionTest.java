package dev.trafficmirror.core.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.MirrorConfig;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ProductionResponse;
import dev.trafficmirror.spi.ShadowResponse;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CaptureSessionTest {
  private final List<MirroredRequest> received = new CopyOnWriteArrayList<>();
  private final List<MirrorOutcome> outcomes = new CopyOnWriteArrayList<>();
  private final Mirror mirror =
      Mirror.builder()
          .config(MirrorConfig.builder().methods(List.of("POST")).maxBodyBytes(10).build())
          .target(
              "t",
              (request, timeout) -> {
                received.add(request);
                return ShadowResponse.of(200, Headers.empty(), Body.empty());
              })
          .listener(outcomes::add)
          .openTelemetry(OpenTelemetry.noop())
          .build();

  @AfterEach
  void close() {
    mirror.close();
  }

  private record View(long contentLength, Headers headers) implements RequestView {
    @Override
    public String method() {
      return "POST";
    }

    @Override
    public String path() {
      return "/p";
    }

    @Override
    public @Nullable String rawQuery() {
      return "q=1";
    }

    @Override
    public @Nullable String get(String name) {
      return headers.first(name);
    }
  }

  private static ProductionResponse production(Duration duration) {
    return ProductionResponse.builder(200).duration(duration).build();
  }

  @Test
  void handOver_isExactlyOnce_whateverFinishesAfterIt() {
    CaptureSession session =
        Objects.requireNonNull(
            CaptureSession.start(
                mirror.adapterProtocol(),
                new View(3, Headers.builder().add("X-A", "1").build()),
                null));
    Body body = Body.of("abc", StandardCharsets.US_ASCII);

    session.handOver(BodyCapture.Result.of(body), CaptureSessionTest::production);
    session.handOver(BodyCapture.Result.of(body), CaptureSessionTest::production);
    session.skip(OutcomeKind.SKIPPED_CLIENT_ABORT);
    session.failed("late", new IllegalStateException("late"));

    await().until(() -> outcomes.size() == 1);
    assertThat(session.isFinished()).isTrue();
    MirroredRequest copy = received.get(0);
    assertThat(copy.id()).isEqualTo(session.id());
    assertThat(copy.rawQuery()).isEqualTo("q=1");
    assertThat(copy.headers().first("X-A")).isEqualTo("1");
    assertThat(copy.body().toString(StandardCharsets.US_ASCII)).isEqualTo("abc");
    assertThat(mirror.outcomeCounts().total("t")).isEqualTo(1);
  }

  @Test
  void handOver_ofABodyThatIsNotWhole_recordsItsReasonOnce() {
    CaptureSession session =
        Objects.requireNonNull(
            CaptureSession.start(mirror.adapterProtocol(), new View(-1, Headers.empty()), null));
    session.handOver(
        BodyCapture.Result.skip(OutcomeKind.SKIPPED_BODY_UNREAD), CaptureSessionTest::production);
    session.skip(OutcomeKind.SKIPPED_CAPTURE_ERROR);

    await().until(() -> mirror.outcomeCounts().total("t") == 1);
    assertThat(mirror.outcomeCounts().get("t", OutcomeKind.SKIPPED_BODY_UNREAD)).isEqualTo(1);
    assertThat(received).isEmpty();
  }

  @Test
  void start_declaredTooLarge_orUnknownHeaderBytes_isSkippedAtOnce() {
    assertThat(CaptureSession.start(mirror.adapterProtocol(), new View(11, Headers.empty()), null))
        .isNull();
    assertThat(
            CaptureSession.start(
                mirror.adapterProtocol(),
                new View(0, Headers.builder().add("X-Name", "\u20ac").build()),
                null))
        .isNull();

    await().until(() -> mirror.outcomeCounts().total("t") == 2);
    assertThat(mirror.outcomeCounts().get("t", OutcomeKind.SKIPPED_BODY_TOO_LARGE)).isEqualTo(1);
    assertThat(mirror.outcomeCounts().get("t", OutcomeKind.SKIPPED_CAPTURE_ERROR)).isEqualTo(1);
  }
}

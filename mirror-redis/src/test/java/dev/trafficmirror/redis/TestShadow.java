package dev.trafficmirror.redis;

import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.ShadowResponse;
import dev.trafficmirror.spi.ShadowTarget;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A recording shadow target that answers what the tests' production answered ({@link Fixtures#json}
 * 200 {@code {"ok":true}}), after a behaviour that may wait or throw.
 */
final class TestShadow implements ShadowTarget {
  /** Runs before the answer; may block or throw. */
  @FunctionalInterface
  interface Behaviour {
    void before(MirroredRequest request) throws Exception;
  }

  static final String AGREEING_BODY = "{\"ok\":true}";

  /** Mirror ids of every call, in order. */
  final Queue<String> calls = new ConcurrentLinkedQueue<>();

  private final Behaviour behaviour;

  TestShadow(Behaviour behaviour) {
    this.behaviour = behaviour;
  }

  static TestShadow agreeing() {
    return new TestShadow(request -> {});
  }

  @Override
  public ShadowResponse send(MirroredRequest request, Duration timeout) throws Exception {
    calls.add(request.id());
    behaviour.before(request);
    return ShadowResponse.of(
        200,
        Headers.builder().add("Content-Type", "application/json").build(),
        Body.of(AGREEING_BODY, StandardCharsets.UTF_8));
  }
}

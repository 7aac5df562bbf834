package dev.trafficmirror.testing.jaxrs;

import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.ProductionResponse;
import dev.trafficmirror.spi.ShadowResponse;
import dev.trafficmirror.spi.ShadowTarget;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A shadow that records each copy with production's response, keyed by the {@code X-Case} request
 * header, and answers what production answered.
 */
public final class RecordingTarget implements ShadowTarget {
  /** One mirrored copy as the target received it. */
  public record Copy(MirroredRequest request, ProductionResponse production) {}

  private final Map<String, Copy> byCase = new ConcurrentHashMap<>();
  private volatile boolean closed;

  @Override
  public ShadowResponse send(MirroredRequest request, Duration timeout) {
    throw new UnsupportedOperationException("the engine calls the three-argument send");
  }

  @Override
  public ShadowResponse send(
      MirroredRequest request, ProductionResponse production, Duration timeout) {
    String id = request.headers().first("X-Case");
    byCase.put(id == null ? request.id() : id, new Copy(request, production));
    return ShadowResponse.of(production.status(), production.headers(), production.body());
  }

  /** Returns the copy of the request sent with {@code X-Case: caseId}, or null. */
  public Copy get(String caseId) {
    return byCase.get(caseId);
  }

  public boolean contains(String caseId) {
    return byCase.containsKey(caseId);
  }

  public int size() {
    return byCase.size();
  }

  public boolean closed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
  }
}

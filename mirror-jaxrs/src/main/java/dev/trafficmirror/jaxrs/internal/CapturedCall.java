package dev.trafficmirror.jaxrs.internal;

import dev.trafficmirror.core.capture.BodyCapture;
import dev.trafficmirror.core.capture.CaptureSession;
import dev.trafficmirror.core.capture.CapturedHeaders;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.ProductionResponse;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One mirrored JAX-RS request between its capture and its hand-over: held in a request property by
 * {@link RequestCapture}, completed by {@link ResponseCapture} through its {@link CaptureSession},
 * which hands over exactly once, whichever of the response filter, the writer interceptor or a
 * failure gets there first. The request's body was read ahead, or is copied by an {@link EntityTee}
 * as production reads it; either way into {@code body}, whose result is taken at hand-over.
 *
 * <p>Thread-safe: the response filter and the writer interceptor may run on threads ordered by the
 * runtime's hand-over of the response.
 */
final class CapturedCall {
  /** The request property holding the call. */
  static final String PROPERTY = "dev.trafficmirror.jaxrs.call";

  private final CaptureSession session;
  private final BodyCapture body;
  private volatile int status;
  private volatile Headers headers = Headers.empty();

  CapturedCall(CaptureSession session, BodyCapture body) {
    this.session = session;
    this.body = body;
  }

  int maxResponseBytes() {
    return session.protocol().maxResponseBytes();
  }

  boolean isFinished() {
    return session.isFinished();
  }

  CaptureSession session() {
    return session;
  }

  /** Records the final status and headers, as the response filter sees them. */
  void responseStarted(int status, Map<String, List<String>> headers) {
    this.status = status;
    this.headers = CapturedHeaders.of(headers);
  }

  /**
   * Hands the request and production's response ({@code responseBody}, whole or not, and what
   * production threw) to the mirror, unless already done; a request body that is not whole is
   * counted with its skip reason instead.
   */
  void submit(Body responseBody, boolean bodyComplete, @Nullable Throwable failure) {
    session.handOver(
        body.result(),
        duration ->
            ProductionResponse.builder(status)
                .headers(headers)
                .body(responseBody)
                .bodyComplete(bodyComplete)
                .duration(duration)
                .exceptionClass(failure == null ? null : failure.getClass().getName())
                .build());
  }

  /** Records that the response could not be captured, unless already handed over. */
  void captureFailed(Throwable t) {
    session.failed("response", t);
  }
}

package dev.trafficmirror.jaxrs.internal;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ProductionResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One mirrored request between its capture and its hand-over: held in a request property by
 * {@link RequestCapture}, completed by {@link ResponseCapture}. Hands over exactly once, whichever
 * of the response filter, the writer interceptor or a failure gets there first.
 */
final class Exchange {
  /** The request property holding the exchange. */
  static final String PROPERTY = "dev.trafficmirror.jaxrs.exchange";

  private final Mirror mirror;
  private final MirroredRequest request;
  private final @Nullable Set<String> targets;
  private final long startNanos;
  private final AtomicBoolean finished = new AtomicBoolean();
  // Written by the response filter, read by the writer interceptor: the same thread, or threads
  // ordered by the runtime's hand-over of the response.
  private volatile int status;
  private volatile Headers headers = Headers.empty();

  /** Creates the exchange; {@code targets} restricts the copy to some targets, null means all. */
  Exchange(Mirror mirror, MirroredRequest request, @Nullable Set<String> targets, long startNanos) {
    this.mirror = mirror;
    this.request = request;
    this.targets = targets;
    this.startNanos = startNanos;
  }

  int maxResponseBytes() {
    return mirror.config().maxResponseBytes();
  }

  boolean isFinished() {
    return finished.get();
  }

  /** Records the final status and headers, as the response filter sees them. */
  void responseStarted(int status, Map<String, List<String>> headers) {
    this.status = status;
    this.headers = headersOf(headers);
  }

  /** Hands the request and production's response to the mirror, unless already done. */
  void submit(Body body, boolean bodyComplete, @Nullable Throwable failure) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    try {
      ProductionResponse production = ProductionResponse.builder(status)
          .headers(headers)
          .body(body)
          .bodyComplete(bodyComplete)
          .duration(Duration.ofNanos(System.nanoTime() - startNanos))
          .exceptionClass(failure == null ? null : failure.getClass().getName())
          .build();
      mirror.submit(request, production, targets);
    } catch (Throwable t) {
      rethrowIfFatal(t);
      mirror.skip(request, OutcomeKind.SKIPPED_CAPTURE_ERROR, targets);
    }
  }

  /** Records that the response could not be captured, unless already handed over. */
  void captureFailed() {
    if (finished.compareAndSet(false, true)) {
      mirror.skip(request, OutcomeKind.SKIPPED_CAPTURE_ERROR, targets);
    }
  }

  static Headers headersOf(Map<String, List<String>> map) {
    Headers.Builder builder = Headers.builder();
    map.forEach((name, values) -> {
      if (name != null && !name.isEmpty() && values != null) {
        for (String value : values) {
          if (value != null) {
            builder.add(name, value);
          }
        }
      }
    });
    return builder.build();
  }

  static void rethrowIfFatal(Throwable t) {
    if (t instanceof VirtualMachineError fatal) {
      throw fatal;
    }
  }
}

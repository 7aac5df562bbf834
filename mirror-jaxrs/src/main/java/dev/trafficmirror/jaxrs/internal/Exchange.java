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
 * of the response filter, the writer interceptor or a failure gets there first. The request's body
 * was either read ahead (the request is complete from the start) or is being copied by an
 * {@link EntityTee} as production reads it (the body is added at hand-over, if whole).
 */
final class Exchange {
  /** The request property holding the exchange. */
  static final String PROPERTY = "dev.trafficmirror.jaxrs.exchange";

  private final Mirror mirror;
  /** The request; without its body when {@link #tee} is set. */
  private final MirroredRequest request;
  private final MirroredRequest.@Nullable Builder builder;
  private final @Nullable EntityTee tee;
  private final @Nullable Set<String> targets;
  private final long startNanos;
  private final AtomicBoolean finished = new AtomicBoolean();
  // Written by the response filter, read by the writer interceptor: the same thread, or threads
  // ordered by the runtime's hand-over of the response.
  private volatile int status;
  private volatile Headers headers = Headers.empty();

  /**
   * Creates the exchange of a request captured with its body; {@code targets} restricts the copy
   * to some targets, null means all.
   */
  Exchange(Mirror mirror, MirroredRequest request, @Nullable Set<String> targets, long startNanos) {
    this.mirror = mirror;
    this.request = request;
    this.builder = null;
    this.tee = null;
    this.targets = targets;
    this.startNanos = startNanos;
  }

  /**
   * Creates the exchange of a request whose body {@code tee} copies as production reads it:
   * {@code request} is the request without its body, built by {@code builder}, which adds the body
   * at hand-over.
   */
  Exchange(Mirror mirror, MirroredRequest request, MirroredRequest.Builder builder, EntityTee tee,
      @Nullable Set<String> targets, long startNanos) {
    this.mirror = mirror;
    this.request = request;
    this.builder = builder;
    this.tee = tee;
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

  /**
   * Hands the request and production's response to the mirror, unless already done; a body copied
   * by the tee that is not whole is counted as skipped instead.
   */
  void submit(Body body, boolean bodyComplete, @Nullable Throwable failure) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    try {
      MirroredRequest copy = request;
      if (tee != null && builder != null) {
        OutcomeKind skipped = tee.skipReason();
        if (skipped != null) {
          mirror.skip(request, skipped, targets);
          return;
        }
        copy = builder.body(tee.body()).build();
      }
      ProductionResponse production = ProductionResponse.builder(status)
          .headers(headers)
          .body(body)
          .bodyComplete(bodyComplete)
          .duration(Duration.ofNanos(System.nanoTime() - startNanos))
          .exceptionClass(failure == null ? null : failure.getClass().getName())
          .build();
      mirror.submit(copy, production, targets);
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

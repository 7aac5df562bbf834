package dev.trafficmirror.spi;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Where mirrored requests go: the shadow service (an HTTP endpoint, a queue, a recorder).
 *
 * <p>This is the blocking form: each call holds one of the target's threads until it ends, so the
 * target's {@code threads} bound what it can deliver (4 threads and a 5 ms shadow: 800 calls a
 * second). A target whose client can send without blocking implements {@link AsyncShadowTarget}
 * instead, and is bounded by its calls in flight.
 *
 * <p><b>Threads.</b> {@link #send} is called on one of the target's own mirror worker threads,
 * never on a production request thread, and concurrently from up to the target's configured {@code
 * threads}: implementations must be thread-safe.
 *
 * <p><b>Deadline.</b> {@code send} should return or throw within {@code timeout}. The engine
 * enforces the deadline independently: when it passes, the outcome is recorded as {@link
 * OutcomeKind#SHADOW_TIMEOUT} and the worker thread is interrupted; a later return is ignored. A
 * target that ignores interrupts keeps its worker thread busy, lowering the target's own capacity,
 * and nothing else.
 *
 * <p><b>Errors.</b> Anything {@code send} throws is caught and recorded as {@link
 * OutcomeKind#SHADOW_ERROR} ({@link java.util.concurrent.TimeoutException}, {@link
 * java.net.http.HttpTimeoutException} and {@link java.net.SocketTimeoutException} as {@link
 * OutcomeKind#SHADOW_TIMEOUT}; an {@link InterruptedException} while the mirror closes as {@link
 * OutcomeKind#DROPPED_SHUTDOWN}); it never reaches production.
 *
 * <p><b>Lifecycle.</b> {@link #close()} is called once when the mirror that owns the target is
 * closed, after its workers have stopped.
 */
@FunctionalInterface
public interface ShadowTarget extends AutoCloseable {

  /**
   * Sends {@code request} to the shadow and returns its answer.
   *
   * @param request the captured request; the engine has already applied the header policy
   * @param timeout how long the call may take in all
   * @return what the shadow answered; any HTTP status, including 5xx, is an answer
   * @throws Exception when there is no answer; recorded as a shadow error or timeout
   */
  ShadowResponse send(MirroredRequest request, Duration timeout) throws Exception;

  /**
   * Sends {@code request} with production's response at hand; this is the method the engine calls.
   * The default ignores {@code production} and calls {@link #send(MirroredRequest, Duration)}. A
   * transport that forwards the whole exchange to be compared elsewhere (a queue or stream read by
   * a replayer) overrides it and answers {@link ShadowResponse#delivered()}. Same contract as
   * {@link #send(MirroredRequest, Duration)}.
   *
   * @throws Exception when the copy could not be sent; recorded as a shadow error or timeout
   */
  default ShadowResponse send(
      MirroredRequest request, ProductionResponse production, Duration timeout) throws Exception {
    return send(request, timeout);
  }

  /**
   * Returns where this target sends copies, for example {@code http://model-v2:8080/base}, or null
   * (the default) when it has no address to show. The engine puts its host and port on every shadow
   * span ({@code server.address}, {@code server.port}) and, for {@code http} and {@code https},
   * builds the curl lines of recent mismatches on it. It must not contain credentials. Called once,
   * when the mirror is built; anything it throws is logged and read as null.
   */
  default @Nullable URI destination() {
    return null;
  }

  /** Releases resources held by the target; the default does nothing. Exceptions are logged. */
  @Override
  default void close() {}
}

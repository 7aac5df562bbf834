package dev.trafficmirror.spi;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A shadow target that sends without blocking: it starts the call and returns a stage that the
 * answer completes later, so that no thread waits while the shadow works. The engine bounds such a
 * target by its calls in flight ({@code mirror.target.<name>.max-in-flight}), not by threads: a few
 * mirror threads keep hundreds of calls in flight. The {@code http} and {@code redis-stream}
 * targets that ship are asynchronous; implement plain {@link ShadowTarget} when your client can
 * only block.
 *
 * <p><b>Threads.</b> {@link #sendAsync} is called on one of the target's mirror threads, never on a
 * production thread, concurrently from up to {@code mirror.target.<name>.threads} threads:
 * implementations must be thread-safe. It must return promptly (start the I/O, do not wait for it);
 * time spent in it delays the target's other copies.
 *
 * <p><b>Completing the stage.</b> Any thread may complete it (typically the client's I/O thread).
 * The engine does no work on that thread beyond noting the answer and handing it to the target's
 * mirror threads, which compare it and call the listeners: a client's event loop is never blocked
 * by a comparison or by user code.
 *
 * <p><b>Deadline and cancellation.</b> The engine enforces {@code timeout} itself. When it passes
 * before the stage completes, the outcome is {@link OutcomeKind#SHADOW_TIMEOUT} and the engine
 * cancels the stage ({@code toCompletableFuture().cancel(true)}); a later answer is ignored. The
 * call's slot in flight is released at that moment: a target should observe the cancellation and
 * abort its I/O (the {@code http} target closes the connection), since work it carries on with is
 * no longer bounded by {@code max-in-flight}.
 *
 * <p><b>Errors.</b> A stage completed exceptionally, an exception thrown by {@code sendAsync}
 * itself, and a null stage or answer are recorded as {@link OutcomeKind#SHADOW_ERROR} ({@link
 * java.util.concurrent.TimeoutException}, {@link java.net.http.HttpTimeoutException} and {@link
 * java.net.SocketTimeoutException} as {@link OutcomeKind#SHADOW_TIMEOUT}; a {@link
 * java.net.ConnectException} pauses the target, see {@code mirror.target.<name>.connect-backoff}).
 * Nothing reaches production.
 *
 * <p><b>Lifecycle.</b> {@link #close()} is called once when the owning mirror closes, after its
 * calls have ended or been abandoned; it should release every thread and connection at once.
 */
public interface AsyncShadowTarget extends ShadowTarget {

  /**
   * Starts sending {@code request} to the shadow and returns a stage completed with its answer.
   *
   * @param request the captured request; the engine has already applied the header policy
   * @param timeout how long the call may take in all; the engine cancels the stage when it passes
   * @return a stage completed with what the shadow answered (any HTTP status, including 5xx, is an
   *     answer), or exceptionally when there is no answer
   */
  CompletionStage<ShadowResponse> sendAsync(MirroredRequest request, Duration timeout);

  /**
   * Starts sending {@code request} with production's response at hand; this is the method the
   * engine calls. The default ignores {@code production} and calls {@link
   * #sendAsync(MirroredRequest, Duration)}. A transport that forwards the whole exchange to be
   * compared elsewhere overrides it and completes with {@link ShadowResponse#delivered()}.
   */
  default CompletionStage<ShadowResponse> sendAsync(
      MirroredRequest request, ProductionResponse production, Duration timeout) {
    return sendAsync(request, timeout);
  }

  /**
   * Sends and waits for the answer, for callers outside the engine (the engine itself never blocks
   * on an asynchronous target).
   *
   * @throws java.util.concurrent.TimeoutException when no answer came within {@code timeout}
   * @throws Exception the failure the stage completed with
   */
  @Override
  default ShadowResponse send(MirroredRequest request, Duration timeout) throws Exception {
    return await(sendAsync(request, timeout), timeout);
  }

  /** Like {@link #send(MirroredRequest, Duration)}, through the engine's variant. */
  @Override
  default ShadowResponse send(
      MirroredRequest request, ProductionResponse production, Duration timeout) throws Exception {
    return await(sendAsync(request, production, timeout), timeout);
  }

  private static ShadowResponse await(CompletionStage<ShadowResponse> stage, Duration timeout)
      throws Exception {
    var future = stage.toCompletableFuture();
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException | TimeoutException e) {
      future.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof Exception ex ? ex : e;
    } catch (CancellationException e) {
      throw new IllegalStateException("the call was cancelled", e);
    }
  }
}

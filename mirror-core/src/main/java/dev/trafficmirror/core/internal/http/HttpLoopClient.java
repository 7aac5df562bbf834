package dev.trafficmirror.core.internal.http;

import dev.trafficmirror.core.internal.dispatch.TargetDriver;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.ShadowResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The http target's client for plain {@code http://} shadows: requests are encoded on the calling
 * mirror thread and run by one {@link HttpLoop}, turned by the target's mirror thread when the
 * engine {@linkplain #claimDriver claims} it, by a thread of its own otherwise. Thread-safe.
 */
public final class HttpLoopClient {
  private final String hostHeader;
  private final String basePath;
  private final int maxResponseBytes;
  private final HttpLoop loop;

  /**
   * Starts a client for the shadow at {@code host}:{@code port}; {@code hostHeader} is what the
   * {@code Host} header says (the URL's host, with its port when the URL names one).
   */
  public HttpLoopClient(
      String name,
      String host,
      int port,
      String hostHeader,
      String basePath,
      int maxResponseBytes,
      int maxConnections,
      Duration connectTimeout) {
    this.hostHeader = hostHeader;
    this.basePath = basePath;
    this.maxResponseBytes = maxResponseBytes;
    this.loop = new HttpLoop(name, host, port, maxConnections, connectTimeout.toNanos());
  }

  /**
   * Starts the call; the stage completes on the client's thread. Cancelling it closes the
   * connection.
   */
  public CompletionStage<ShadowResponse> send(MirroredRequest request) {
    Http1Request call;
    try {
      call = Http1Request.of(request, hostHeader, basePath, maxResponseBytes);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    loop.submit(call);
    return call;
  }

  /**
   * Makes the caller's thread the one that turns the client's loop (see {@link TargetDriver}), so
   * the client starts no thread of its own; returns null when it cannot be claimed any more
   * (requests went out already, or another caller claimed it).
   */
  public @Nullable TargetDriver claimDriver() {
    return loop.claim() ? loop::drive : null;
  }

  /** Closes every connection and ends the client's thread. */
  public void close() {
    loop.close();
  }
}

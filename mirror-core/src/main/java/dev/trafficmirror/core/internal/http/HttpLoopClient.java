package dev.trafficmirror.core.internal.http;

import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.ShadowResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The http target's client for plain {@code http://} shadows: requests are encoded on the calling
 * mirror thread and run by one {@link HttpLoop}. Thread-safe.
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

  /** Closes every connection and ends the client's thread. */
  public void close() {
    loop.close();
  }
}

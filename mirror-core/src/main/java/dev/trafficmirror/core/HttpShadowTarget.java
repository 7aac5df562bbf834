package dev.trafficmirror.core;

import dev.trafficmirror.core.internal.dispatch.TargetDriver;
import dev.trafficmirror.core.internal.http.HttpCall;
import dev.trafficmirror.core.internal.http.HttpLoopClient;
import dev.trafficmirror.core.internal.http.JettyClients;
import dev.trafficmirror.spi.AsyncShadowTarget;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.ShadowResponse;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.jetty.client.ByteBufferRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpVersion;
import org.jspecify.annotations.Nullable;

/**
 * A shadow target reached over HTTP/1.1 without blocking: no thread waits while the shadow works.
 * Connections are kept alive and reused, up to {@code maxConnections} (the target's {@code
 * max-in-flight}); redirects are not followed and authentication challenges are not answered (they
 * are answers to compare); cookies are never stored or added, nor any header of the client's own;
 * the body is sent with its length as production received it and read up to {@code
 * maxResponseBytes}, neither decoded nor compressed.
 *
 * <p>An {@code http://} shadow is served by the library's own event loop, which runs every
 * connection, taking requests and reading answers once a millisecond instead of being woken by each
 * (docs/benchmarks.md measures what that saves). Under a {@link Mirror} the target's own mirror
 * thread turns it, so the thread that starts calls also reads, compares and reports them; used on
 * its own, the target starts a thread of its own for it. An {@code https://} shadow is served by
 * Jetty's {@link HttpClient}, which brings TLS.
 *
 * <p>The request goes to the base URL plus the mirrored request's path and query: nothing from the
 * client can choose the host. Configured as {@code mirror.target.<name>.type=http} with {@code
 * mirror.target.<name>.url}, or built in code with {@link #builder(URI)}.
 *
 * <p>A connection that cannot be made within {@code connectTimeout} fails the call with a {@link
 * java.net.http.HttpConnectTimeoutException}, a refused one with a {@link
 * java.net.ConnectException}: the engine then pauses the target ({@code connect-backoff}), so a
 * shadow that is down or drops connections costs production nothing per request.
 *
 * <p>Thread-safe. {@link #close()} closes every connection and stops the client's threads at once.
 */
public final class HttpShadowTarget implements AsyncShadowTarget {
  private final URI baseUri;
  private final String origin;
  private final String basePath;
  private final int maxResponseBytes;
  private final @Nullable HttpLoopClient loop;
  private final @Nullable HttpClient client;

  private HttpShadowTarget(Builder b) {
    this.baseUri = b.baseUri;
    String path = b.baseUri.getRawPath() == null ? "" : b.baseUri.getRawPath();
    this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    this.origin =
        b.baseUri.getScheme().toLowerCase(Locale.ROOT) + "://" + b.baseUri.getRawAuthority();
    this.maxResponseBytes = b.maxResponseBytes;
    if (b.baseUri.getScheme().equalsIgnoreCase("http")) {
      int port = b.baseUri.getPort() == -1 ? 80 : b.baseUri.getPort();
      String hostHeader =
          b.baseUri.getHost() + (b.baseUri.getPort() == -1 ? "" : ":" + b.baseUri.getPort());
      this.loop =
          new HttpLoopClient(
              b.name,
              b.baseUri.getHost(),
              port,
              hostHeader,
              basePath,
              maxResponseBytes,
              b.maxConnections,
              b.connectTimeout);
      this.client = null;
    } else {
      this.loop = null;
      this.client = JettyClients.start(b.name, b.maxConnections, b.connectTimeout);
    }
  }

  /**
   * Returns a builder for a target at {@code baseUri}.
   *
   * @throws IllegalArgumentException when the URI is not absolute http or https with a host, or has
   *     a query or fragment
   */
  public static Builder builder(URI baseUri) {
    return new Builder(baseUri);
  }

  /** Returns the base URI. */
  public URI baseUri() {
    return baseUri;
  }

  /** Returns the base URI without any user information: where copies go. */
  @Override
  public URI destination() {
    if (baseUri.getRawUserInfo() == null) {
      return baseUri;
    }
    try {
      return new URI(
          baseUri.getScheme(),
          null,
          baseUri.getHost(),
          baseUri.getPort(),
          baseUri.getPath(),
          null,
          null);
    } catch (URISyntaxException e) {
      return URI.create(baseUri.getScheme() + "://" + baseUri.getHost());
    }
  }

  /** Returns the URI a request is sent to: the base plus the request's path and query. */
  URI resolve(MirroredRequest request) {
    String path = request.path();
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("request path must start with /");
    }
    String query = request.rawQuery();
    URI uri = URI.create(origin + basePath + path + (query == null ? "" : "?" + query));
    if (!Objects.equals(uri.getRawAuthority(), baseUri.getRawAuthority())) {
      throw new IllegalArgumentException("request path changes the destination");
    }
    return uri;
  }

  /**
   * Starts the call and returns at once; the stage completes on the client's thread. Cancelling the
   * stage aborts the call and closes its connection.
   */
  @Override
  public CompletionStage<ShadowResponse> sendAsync(MirroredRequest request, Duration timeout) {
    HttpLoopClient plain = loop;
    if (plain != null) {
      return plain.send(request);
    }
    HttpClient tls = Objects.requireNonNull(client);
    URI uri;
    try {
      uri = resolve(request);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    Request call = tls.newRequest(uri).method(request.method()).version(HttpVersion.HTTP_1_1);
    call.headers(headers -> request.headers().forEach(headers::add));
    Body body = request.body();
    if (!body.isEmpty()) {
      // No content type of Jetty's own: the client's Content-Type header, if any, goes as it came.
      call.body(new ByteBufferRequestContent((String) null, body.asByteBuffer()));
    }
    return HttpCall.send(call, maxResponseBytes);
  }

  /**
   * Claims the event loop of an {@code http://} target for the engine's mirror thread (see {@link
   * TargetDriver}); null for {@code https://}, or when the loop already runs on a thread of its own
   * or another mirror claimed it.
   */
  @Nullable TargetDriver claimDriver() {
    return loop == null ? null : loop.claimDriver();
  }

  /** Closes every connection and stops the client's threads. Idempotent. */
  @Override
  public void close() {
    if (loop != null) {
      loop.close();
    }
    if (client != null) {
      JettyClients.stop(client);
    }
  }

  @Override
  public String toString() {
    return "HttpShadowTarget[" + baseUri + "]";
  }

  /** Builds an {@link HttpShadowTarget}; not thread-safe. */
  public static final class Builder {
    private final URI baseUri;
    private int maxResponseBytes = 1 << 20;
    private int maxConnections = 64;
    private Duration connectTimeout = Duration.ofMillis(500);
    private String name = "target";

    private Builder(URI baseUri) {
      Objects.requireNonNull(baseUri, "baseUri");
      String scheme =
          baseUri.getScheme() == null ? "" : baseUri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IllegalArgumentException("must be an http or https URL");
      }
      if (baseUri.getHost() == null) {
        throw new IllegalArgumentException("must name a host");
      }
      if (baseUri.getRawQuery() != null || baseUri.getRawFragment() != null) {
        throw new IllegalArgumentException("must not have a query or fragment");
      }
      this.baseUri = baseUri;
    }

    /** Sets how many bytes of a response body are read at most; default 1 MiB. */
    public Builder maxResponseBytes(int maxResponseBytes) {
      if (maxResponseBytes < 0) {
        throw new IllegalArgumentException(
            "maxResponseBytes must not be negative: " + maxResponseBytes);
      }
      this.maxResponseBytes = maxResponseBytes;
      return this;
    }

    /**
     * Sets how many connections to the shadow are kept at most, which is how many calls can be in
     * flight (HTTP/1.1 carries one at a time); default 64, the engine's default {@code
     * max-in-flight}. Configured targets get their {@code max-in-flight}.
     */
    public Builder maxConnections(int maxConnections) {
      if (maxConnections < 1) {
        throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
      }
      this.maxConnections = maxConnections;
      return this;
    }

    /**
     * Sets how long making a connection may take before the call fails (and the engine pauses the
     * target); default 500 ms.
     */
    public Builder connectTimeout(Duration connectTimeout) {
      Objects.requireNonNull(connectTimeout, "connectTimeout");
      if (connectTimeout.isNegative() || connectTimeout.isZero()) {
        throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
      }
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** Sets the name used in the client's thread names; default {@code target}. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Returns the target, its client started.
     *
     * @throws IllegalStateException when the client cannot be started
     */
    public HttpShadowTarget build() {
      return new HttpShadowTarget(this);
    }
  }
}

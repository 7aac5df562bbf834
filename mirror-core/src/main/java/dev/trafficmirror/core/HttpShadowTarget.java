package dev.trafficmirror.core;

import dev.trafficmirror.core.internal.BoundedBodySubscriber;
import dev.trafficmirror.core.internal.NamedThreadFactory;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.ShadowResponse;
import dev.trafficmirror.spi.ShadowTarget;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A shadow target reached over HTTP with the JDK's {@link HttpClient}: connections are kept alive
 * and reused, redirects are not followed (a redirect is an answer to compare), and at most
 * {@code maxResponseBytes} of the answer's body are read.
 *
 * <p>The request goes to the base URL plus the mirrored request's path and query: nothing from the
 * client can choose the host. Configured as {@code mirror.target.<name>.type=http} with
 * {@code mirror.target.<name>.url}, or built in code with {@link #builder(URI)}.
 *
 * <p>Thread-safe.
 */
public final class HttpShadowTarget implements ShadowTarget {
  private final URI baseUri;
  private final String basePath;
  private final int maxResponseBytes;
  private final ExecutorService executor;
  private final HttpClient client;

  private HttpShadowTarget(Builder b) {
    this.baseUri = b.baseUri;
    String path = b.baseUri.getRawPath() == null ? "" : b.baseUri.getRawPath();
    this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    this.maxResponseBytes = b.maxResponseBytes;
    // The client's own tasks are bounded by the calls in flight, which the workers bound.
    this.executor = Executors.newFixedThreadPool(2, new NamedThreadFactory("mirror-http-" + b.name));
    this.client =
        HttpClient.newBuilder()
            .executor(executor)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  /**
   * Returns a builder for a target at {@code baseUri}.
   *
   * @throws IllegalArgumentException when the URI is not absolute http or https with a host, or has a
   *     query or fragment
   */
  public static Builder builder(URI baseUri) {
    return new Builder(baseUri);
  }

  /** Returns the base URI. */
  public URI baseUri() {
    return baseUri;
  }

  /** Returns the URI a request is sent to: the base plus the request's path and query. */
  URI resolve(MirroredRequest request) {
    String path = request.path();
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("request path must start with /");
    }
    String query = request.rawQuery();
    URI uri = URI.create(baseUri.getScheme() + "://" + baseUri.getRawAuthority() + basePath + path
        + (query == null ? "" : "?" + query));
    if (!Objects.equals(uri.getRawAuthority(), baseUri.getRawAuthority())) {
      throw new IllegalArgumentException("request path changes the destination");
    }
    return uri;
  }

  @Override
  public ShadowResponse send(MirroredRequest request, Duration timeout) throws Exception {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(resolve(request))
            .timeout(timeout)
            .method(request.method(), publisher(request.body()));
    request.headers().forEach((name, value) -> {
      try {
        builder.header(name, value);
      } catch (IllegalArgumentException e) {
        // A header the JDK client does not allow us to set (restricted or malformed): not sent.
      }
    });
    CompletableFuture<HttpResponse<BoundedBodySubscriber.Result>> call =
        client.sendAsync(builder.build(), info -> new BoundedBodySubscriber(maxResponseBytes));
    HttpResponse<BoundedBodySubscriber.Result> response;
    try {
      response = call.get();
    } catch (InterruptedException e) {
      call.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof Exception ex ? ex : e;
    }
    BoundedBodySubscriber.Result body = response.body();
    return ShadowResponse.of(response.statusCode(), headers(response.headers().map()), body.body(), body.complete());
  }

  private static BodyPublisher publisher(Body body) {
    if (body.isEmpty()) {
      return BodyPublishers.noBody();
    }
    // Known length, so the shadow sees Content-Length as production did, not chunked encoding. One
    // copy of the bytes costs less than streaming them from an InputStream on the client's executor.
    return BodyPublishers.ofByteArray(body.toByteArray());
  }

  private static Headers headers(Map<String, List<String>> map) {
    Headers.Builder headers = Headers.builder();
    map.forEach((name, values) -> {
      if (!name.startsWith(":")) {
        values.forEach(value -> headers.add(name, value));
      }
    });
    return headers.build();
  }

  /** Stops the client's threads; connections close as the client is collected. */
  @Override
  public void close() {
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "HttpShadowTarget[" + baseUri + "]";
  }

  /** Builds an {@link HttpShadowTarget}; not thread-safe. */
  public static final class Builder {
    private final URI baseUri;
    private int maxResponseBytes = 1 << 20;
    private String name = "target";

    private Builder(URI baseUri) {
      Objects.requireNonNull(baseUri, "baseUri");
      String scheme = baseUri.getScheme() == null ? "" : baseUri.getScheme().toLowerCase(Locale.ROOT);
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
        throw new IllegalArgumentException("maxResponseBytes must not be negative: " + maxResponseBytes);
      }
      this.maxResponseBytes = maxResponseBytes;
      return this;
    }

    /** Sets the name used in the client's thread names; default {@code target}. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Returns the target. */
    public HttpShadowTarget build() {
      return new HttpShadowTarget(this);
    }
  }
}

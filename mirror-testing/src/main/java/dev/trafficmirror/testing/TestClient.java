package dev.trafficmirror.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** The suites' HTTP/1.1 client: the JDK's, redirects not followed. Thread-safe. */
public final class TestClient {
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** A request to send, the same to the server with the filter and to the one without. */
  public record Request(
      String method,
      String pathAndQuery,
      Map<String, String> headers,
      byte @Nullable [] body,
      boolean chunked) {

    /** Returns a request without body. */
    public static Request of(String method, String pathAndQuery) {
      return new Request(method, pathAndQuery, Map.of(), null, false);
    }

    /** Returns a copy with the header set. */
    public Request header(String name, String value) {
      Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      copy.putAll(headers);
      copy.put(name, value);
      return new Request(method, pathAndQuery, copy, body, chunked);
    }

    /** Returns a copy with a body sent with Content-Length. */
    public Request body(byte[] bytes) {
      return new Request(method, pathAndQuery, headers, bytes, false);
    }

    /** Returns a copy with a body sent with chunked transfer coding (length unknown). */
    public Request chunkedBody(byte[] bytes) {
      return new Request(method, pathAndQuery, headers, bytes, true);
    }

    /** Returns the path without query. */
    public String path() {
      int q = pathAndQuery.indexOf('?');
      return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    }

    /** Returns the raw query, or null. */
    public @Nullable String rawQuery() {
      int q = pathAndQuery.indexOf('?');
      return q < 0 ? null : pathAndQuery.substring(q + 1);
    }

    @Override
    public String toString() {
      return method
          + " "
          + pathAndQuery
          + (body == null ? "" : " (" + body.length + " bytes" + (chunked ? ", chunked)" : ")"));
    }
  }

  /**
   * Sends {@code request} to {@code base} and returns what came back. A request with {@code Expect}
   * goes through {@link RawHttp#expectContinue}, one with {@code Connection: close} through {@link
   * RawHttp#send} on a connection of its own.
   */
  public ClientResponse send(URI base, Request request) throws IOException, InterruptedException {
    byte[] body = request.body();
    if (request.headers().containsKey("Expect") && body != null) {
      Map<String, String> others = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      others.putAll(request.headers());
      others.remove("Expect");
      return RawHttp.expectContinue(base, request.method(), request.pathAndQuery(), others, body);
    }
    if ("close".equalsIgnoreCase(request.headers().get("Connection")) && !request.chunked()) {
      // The JDK client neither lets a request set Connection nor closes after it: a container that
      // closes a connection after its response without saying so (Jetty, after a request whose body
      // it gave up on) would fail the next request sent on it.
      Map<String, String> others = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      others.putAll(request.headers());
      others.remove("Connection");
      return RawHttp.send(base, request.method(), request.pathAndQuery(), others, body);
    }
    HttpRequest.BodyPublisher publisher;
    if (body == null) {
      publisher = HttpRequest.BodyPublishers.noBody();
    } else if (request.chunked()) {
      publisher = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
    } else {
      publisher = HttpRequest.BodyPublishers.ofByteArray(body);
    }
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + request.pathAndQuery()))
            .timeout(Duration.ofSeconds(30))
            .method(request.method(), publisher);
    request.headers().forEach(builder::header);
    HttpResponse<byte[]> response =
        client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    Map<String, List<String>> headers = new TreeMap<>();
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!name.startsWith(":")) {
                headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values));
              }
            });
    return new ClientResponse(response.statusCode(), headers, response.body());
  }
}

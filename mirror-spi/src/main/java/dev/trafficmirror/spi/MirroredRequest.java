package dev.trafficmirror.spi;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * A captured production request, as it is sent to every shadow target.
 *
 * <p>The body is exactly the bytes the client sent. The headers are the client's; the header policy
 * (hop-by-hop and sensitive headers removed, the loop marker added) is applied by the engine when a
 * target is called, not here.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class MirroredRequest {
  private final String id;
  private final String method;
  private final String path;
  private final @Nullable String rawQuery;
  private final Headers headers;
  private final Body body;
  private final Instant receivedAt;
  private final @Nullable String traceparent;

  private MirroredRequest(Builder b) {
    this.id = b.id != null ? b.id : newId();
    this.method = Objects.requireNonNull(b.method, "method");
    this.path = Objects.requireNonNull(b.path, "path");
    this.rawQuery = b.rawQuery;
    this.headers = b.headers;
    this.body = b.body;
    this.receivedAt = b.receivedAt != null ? b.receivedAt : Instant.now();
    this.traceparent = b.traceparent;
  }

  /** Returns a new builder for a request with the given method and path. */
  public static Builder builder(String method, String path) {
    return new Builder(method, path);
  }

  /** Returns a builder initialised from this request. */
  public Builder toBuilder() {
    Builder b = new Builder(method, path);
    b.id = id;
    b.rawQuery = rawQuery;
    b.headers = headers;
    b.body = body;
    b.receivedAt = receivedAt;
    b.traceparent = traceparent;
    return b;
  }

  /**
   * Returns a new random mirror id: 16 lower-case hex digits.
   *
   * <p>Ids only need to be unique enough to find one request in logs and traces.
   */
  public static String newId() {
    long bits = ThreadLocalRandom.current().nextLong();
    byte[] hex = new byte[16];
    for (int i = 15; i >= 0; i--, bits >>>= 4) {
      hex[i] = HEX_DIGITS[(int) (bits & 0xF)];
    }
    return new String(hex, StandardCharsets.ISO_8859_1);
  }

  private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

  /**
   * Returns the mirror id that names this request in spans, logs and the {@code X-Mirror-Id}
   * header.
   */
  public String id() {
    return id;
  }

  /** Returns the HTTP method, upper case as received (for example {@code POST}). */
  public String method() {
    return method;
  }

  /** Returns the request path, not decoded, starting with {@code /}, without the query. */
  public String path() {
    return path;
  }

  /** Returns the raw query string without the {@code ?}, or null when the request had none. */
  public @Nullable String rawQuery() {
    return rawQuery;
  }

  /** Returns the client's request headers. */
  public Headers headers() {
    return headers;
  }

  /** Returns the request body exactly as the client sent it; empty when there was none. */
  public Body body() {
    return body;
  }

  /** Returns the value of the {@code Content-Type} header, or null. */
  public @Nullable String contentType() {
    return headers.first("Content-Type");
  }

  /** Returns when production received the request. */
  public Instant receivedAt() {
    return receivedAt;
  }

  /**
   * Returns the production span's context as a W3C {@code traceparent} value ({@code
   * 00-<trace-id>-<span-id>-<flags>}), or null when no span was current at capture.
   */
  public @Nullable String traceparent() {
    return traceparent;
  }

  /** Returns the method, path and id; never headers or body. */
  @Override
  public String toString() {
    return "MirroredRequest[" + id + " " + method + " " + path + ", " + body + "]";
  }

  /** Builds a {@link MirroredRequest}; not thread-safe. */
  public static final class Builder {
    private @Nullable String id;
    private String method;
    private String path;
    private @Nullable String rawQuery;
    private Headers headers = Headers.empty();
    private Body body = Body.empty();
    private @Nullable Instant receivedAt;
    private @Nullable String traceparent;

    private Builder(String method, String path) {
      this.method = Objects.requireNonNull(method, "method");
      this.path = Objects.requireNonNull(path, "path");
    }

    /**
     * Returns the mirror id the request will have, fixing a new random one first when none was set,
     * so that an adapter can mark the production request before the copy is complete.
     */
    public String id() {
      String current = id;
      if (current == null) {
        current = newId();
        id = current;
      }
      return current;
    }

    /** Sets the mirror id; default: a new random id ({@link #newId()}). */
    public Builder id(String id) {
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    /** Sets the method. */
    public Builder method(String method) {
      this.method = Objects.requireNonNull(method, "method");
      return this;
    }

    /** Sets the path (without query). */
    public Builder path(String path) {
      this.path = Objects.requireNonNull(path, "path");
      return this;
    }

    /** Sets the raw query without {@code ?}; null or empty means none. */
    public Builder rawQuery(@Nullable String rawQuery) {
      this.rawQuery = rawQuery == null || rawQuery.isEmpty() ? null : rawQuery;
      return this;
    }

    /** Sets the headers; default: none. */
    public Builder headers(Headers headers) {
      this.headers = Objects.requireNonNull(headers, "headers");
      return this;
    }

    /** Sets the body; default: empty. */
    public Builder body(Body body) {
      this.body = Objects.requireNonNull(body, "body");
      return this;
    }

    /** Sets when production received the request; default: when {@link #build()} is called. */
    public Builder receivedAt(Instant receivedAt) {
      this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
      return this;
    }

    /** Sets the production trace context as a W3C {@code traceparent} value, or null for none. */
    public Builder traceparent(@Nullable String traceparent) {
      this.traceparent = traceparent;
      return this;
    }

    /** Returns the request. */
    public MirroredRequest build() {
      return new MirroredRequest(this);
    }
  }
}

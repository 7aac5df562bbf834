package dev.trafficmirror.redis;

import dev.trafficmirror.core.SensitiveData;
import dev.trafficmirror.redis.internal.RecordSignature;
import dev.trafficmirror.redis.internal.RedisClients;
import dev.trafficmirror.redis.internal.StreamAppender;
import dev.trafficmirror.redis.internal.StreamRecord;
import dev.trafficmirror.spi.AsyncShadowTarget;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.InvalidConfigException;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.ProductionResponse;
import dev.trafficmirror.spi.ShadowResponse;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;

/**
 * A transport target that appends every mirrored request, with production's response and trace
 * context, to a Redis stream as one record ({@code XADD}, trimmed with {@code MAXLEN ~}); a {@link
 * MirrorReplayer} reads the stream and does the shadow call and the comparison. Each append is
 * recorded as {@link dev.trafficmirror.spi.OutcomeKind#DELIVERED}.
 *
 * <p>Configured as target type {@code redis-stream}: {@code mirror.target.<name>.uri} (required,
 * {@code redis://host:port} or {@code rediss://…}, with optional credentials and database), {@code
 * .stream} (required), {@code .maxlen} (default {@value #DEFAULT_MAX_LEN}; 0 turns trimming off)
 * and {@code .signing-key} (optional).
 *
 * <p><b>Signing.</b> With a signing key, every record gets a {@code signature} field: an
 * HMAC-SHA256 over all its fields and the stream key, which replayers with the same key ({@code
 * mirror.replayer.signing-key}) check before replaying anything. The key is never shown.
 *
 * <p><b>What is stored.</b> The record holds what the shadow would be sent, minus secrets:
 * sensitive query values are redacted, production's sensitive headers ({@code Set-Cookie}, …) are
 * left out, and sensitive request headers are kept only when this target forwards them (see {@link
 * Builder#sensitiveData}). Bodies are stored as captured: the replayer needs them.
 *
 * <p><b>Without blocking.</b> {@link #sendAsync(MirroredRequest, ProductionResponse, Duration)}
 * encodes the record on the calling mirror thread and queues it; one thread of the target sends
 * whatever is queued once a millisecond as one pipeline of {@code XADD}s (up to 512 at a time) and
 * completes each copy's stage. No thread waits per copy, and a copy costs a share of one round
 * trip.
 *
 * <p><b>Failures.</b> When Redis is unreachable or slow, the stage fails, which the engine records
 * as a shadow error or timeout; production is never affected. Connections are pooled; a broken one
 * is discarded, so appends succeed again by themselves once Redis is back. The connect and read
 * timeouts of the connections, and the longest wait for a pooled connection, are the target's
 * timeout as the engine passes it ({@code mirror.target.<name>.timeout}); the pool is created on
 * the first append with it. A copy whose deadline passed before its batch was sent is not appended.
 *
 * <p>Thread-safe.
 */
public final class RedisStreamTarget implements AsyncShadowTarget {
  /** The default approximate length the stream is trimmed to. */
  public static final long DEFAULT_MAX_LEN = 100_000;

  /** The appender uses one connection at a time; the rest serve a slow pipeline's successor. */
  private static final int MAX_CONNECTIONS = 4;

  private final URI uri;
  private final String stream;
  private final byte[] streamKey;
  private final long maxLen;
  private final @Nullable RecordSignature signature;
  private final SensitiveData sensitive;
  private final boolean forwardSensitive;
  private volatile @Nullable RedisClient client;
  private volatile @Nullable Duration clientTimeout;
  private final StreamAppender appender;
  private boolean closed;

  private RedisStreamTarget(Builder b) {
    this.uri = b.uri;
    this.stream = b.stream;
    this.streamKey = stream.getBytes(StandardCharsets.UTF_8);
    this.maxLen = b.maxLen;
    this.signature = b.signature;
    this.sensitive = b.sensitive;
    this.forwardSensitive = b.forwardSensitive;
    XAddParams params = XAddParams.xAddParams().id(StreamEntryID.NEW_ENTRY);
    if (maxLen > 0) {
      params.maxLen(maxLen).approximateTrimming();
    }
    this.appender = new StreamAppender(stream, streamKey, params, this::client);
  }

  /**
   * Returns a builder for a target appending to {@code stream} on the Redis at {@code uri}.
   *
   * @throws IllegalArgumentException when {@code uri} is not a {@code redis://} or {@code
   *     rediss://} URI with a host, or {@code stream} is blank
   */
  public static Builder builder(URI uri, String stream) {
    return new Builder(uri, stream);
  }

  /** Returns the Redis URI. */
  public URI uri() {
    return uri;
  }

  /** Returns the Redis URI without its user information (password): where copies go. */
  @Override
  public URI destination() {
    try {
      return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), "/" + stream, null, null);
    } catch (URISyntaxException e) {
      return URI.create(uri.getScheme() + "://" + uri.getHost());
    }
  }

  /** Returns the stream key. */
  public String stream() {
    return stream;
  }

  /** Returns the approximate length the stream is trimmed to, or 0 when it is not trimmed. */
  public long maxLen() {
    return maxLen;
  }

  /** Returns whether records are signed ({@link Builder#signingKey}). */
  public boolean signed() {
    return signature != null;
  }

  /**
   * Not supported: a record needs production's response. The engine always calls {@link
   * #sendAsync(MirroredRequest, ProductionResponse, Duration)}.
   *
   * @return a stage failed with {@link UnsupportedOperationException}
   */
  @Override
  public CompletionStage<ShadowResponse> sendAsync(MirroredRequest request, Duration timeout) {
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException("the redis-stream target needs production's response"));
  }

  /**
   * Queues one record for {@code request} and {@code production}; the stage completes with {@link
   * ShadowResponse#delivered()} once Redis has appended it, or fails with a {@link
   * java.util.concurrent.TimeoutException} when Redis did not answer within {@code timeout},
   * another exception when it could not be reached or refused the append.
   */
  @Override
  public CompletionStage<ShadowResponse> sendAsync(
      MirroredRequest request, ProductionResponse production, Duration timeout) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(production, "production");
    Objects.requireNonNull(timeout, "timeout");
    if (clientTimeout == null) {
      clientTimeout = timeout;
    }
    Map<byte[], byte[]> record =
        StreamRecord.encode(storedRequest(request), storedProduction(production));
    if (signature != null) {
      signature.sign(record, streamKey);
    }
    return appender.append(record);
  }

  /**
   * The request as stored: sensitive query values redacted, and sensitive headers (present only
   * when this target forwards them, or set as its static headers) kept only when it forwards them,
   * for the replayer to send.
   */
  // The policy returns the very instance when it changes nothing: identity says "unchanged" for
  // free.
  @SuppressWarnings("ReferenceEquality")
  private MirroredRequest storedRequest(MirroredRequest request) {
    String query = request.rawQuery();
    String storedQuery = sensitive.redactQuery(query);
    Headers headers = request.headers();
    Headers storedHeaders = forwardSensitive ? headers : sensitive.withoutSensitiveHeaders(headers);
    if (storedQuery == query && storedHeaders == headers) {
      return request;
    }
    return request.toBuilder().rawQuery(storedQuery).headers(storedHeaders).build();
  }

  /** Production's response as stored: without sensitive headers ({@code Set-Cookie}, …). */
  @SuppressWarnings("ReferenceEquality")
  private ProductionResponse storedProduction(ProductionResponse production) {
    Headers headers = production.headers();
    Headers stored = sensitive.withoutSensitiveHeaders(headers);
    return stored == headers ? production : production.toBuilder().headers(stored).build();
  }

  private RedisClient client() {
    Duration timeout = clientTimeout;
    return client(timeout == null ? Duration.ofSeconds(1) : timeout);
  }

  private RedisClient client(Duration timeout) {
    RedisClient existing = client;
    if (existing != null) {
      return existing;
    }
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the redis-stream target is closed");
      }
      RedisClient created = client;
      if (created == null) {
        created = RedisClients.create(uri, timeout, timeout, MAX_CONNECTIONS);
        client = created;
      }
      return created;
    }
  }

  /** Stops the appender's thread and closes the connections. Idempotent. */
  @Override
  public void close() {
    appender.close();
    RedisClient toClose;
    synchronized (this) {
      closed = true;
      toClose = client;
      client = null;
    }
    if (toClose != null) {
      toClose.close();
    }
  }

  /** Returns the stream and the Redis host; never credentials, never the signing key. */
  @Override
  public String toString() {
    return "RedisStreamTarget["
        + uri.getHost()
        + ":"
        + uri.getPort()
        + ", stream="
        + stream
        + ", signed="
        + signed()
        + "]";
  }

  /** Builds a {@link RedisStreamTarget}; not thread-safe. */
  public static final class Builder {
    private final URI uri;
    private final String stream;
    private long maxLen = DEFAULT_MAX_LEN;
    private @Nullable RecordSignature signature;
    private SensitiveData sensitive = SensitiveData.defaults();
    private boolean forwardSensitive;

    private Builder(URI uri, String stream) {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(stream, "stream");
      if (!RedisClients.isValid(uri)) {
        throw new IllegalArgumentException(
            "not a redis:// or rediss:// URI with host and port: "
                + InvalidConfigException.withoutPasswords(uri.toString()));
      }
      if (stream.isBlank()) {
        throw new IllegalArgumentException("stream is blank");
      }
      this.uri = uri;
      this.stream = stream;
    }

    /**
     * Sets the approximate length the stream is trimmed to on every append ({@code MAXLEN ~});
     * default {@value RedisStreamTarget#DEFAULT_MAX_LEN}; 0 turns trimming off. Entries trimmed
     * before a replayer read them are never replayed: size it for the backlog to survive.
     *
     * @throws InvalidConfigException naming {@code mirror.target.<name>.maxlen} when negative
     */
    public Builder maxLen(long maxLen) {
      this.maxLen = RedisStreamKeys.MAXLEN.check(maxLen);
      return this;
    }

    /**
     * Signs every record with {@code signingKey}, shared with the replayers' {@code
     * mirror.replayer.signing-key}: at least 32 bytes as UTF-8, used as given (surrounding blanks
     * removed); default: records are not signed.
     *
     * @throws InvalidConfigException naming {@code mirror.target.<name>.signing-key} when the key
     *     is too short; the message does not show it
     */
    public Builder signingKey(String signingKey) {
      this.signature =
          RecordSignature.withKey(RedisStreamKeys.SIGNING_KEY.check(signingKey).strip());
      return this;
    }

    /**
     * Sets what is sensitive in what the stream stores: production's sensitive response headers
     * ({@code Set-Cookie}, …) are never written, sensitive query values are written as {@link
     * SensitiveData#REDACTED}, and sensitive request headers are written only when {@code
     * forwardSensitive} (the replayer then sends them to its shadows). Default: {@link
     * SensitiveData#defaults()}, not forwarding. A configured target gets the mirror's policy.
     */
    public Builder sensitiveData(SensitiveData sensitive, boolean forwardSensitive) {
      this.sensitive = Objects.requireNonNull(sensitive, "sensitive");
      this.forwardSensitive = forwardSensitive;
      return this;
    }

    /** Returns the target; it connects on its first append. */
    public RedisStreamTarget build() {
      return new RedisStreamTarget(this);
    }
  }
}

package dev.trafficmirror.redis;

import dev.trafficmirror.core.config.ConfigKey;
import dev.trafficmirror.redis.internal.ConsumerNames;
import dev.trafficmirror.redis.internal.RecordSignature;
import dev.trafficmirror.spi.InvalidConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The configuration of a {@link MirrorReplayer}'s work on the stream: where it reads, in which
 * consumer group and under which consumer name, how much it holds at once, when it takes over
 * entries of a replayer that stopped, and when it gives up on an entry. The shadow targets,
 * comparison and log are the replayer's {@link dev.trafficmirror.core.MirrorConfig} ({@code
 * mirror.*} keys).
 *
 * <p>Each accessor names its key, {@code mirror.replayer.<key>}. The signing key is never shown:
 * not by {@link #toString()}, not in an error. Instances are immutable and thread-safe.
 */
public final class ReplayerConfig {
  /** The prefix of every replayer key. */
  public static final String PREFIX = "mirror.replayer.";

  /** The default approximate length the dead letter stream is trimmed to. */
  public static final long DEFAULT_DEAD_LETTER_MAX_LEN = 10_000;

  private final URI uri;
  private final String stream;
  private final String group;
  private final String consumer;
  private final int maxInFlight;
  private final Duration claimIdle;
  private final int maxDeliveries;
  private final String deadLetterStream;
  private final long deadLetterMaxLen;
  private final @Nullable RecordSignature signature;

  private ReplayerConfig(Builder b) {
    this.uri = b.uri;
    this.stream = b.stream;
    this.group = b.group;
    this.consumer = b.consumer != null ? b.consumer : ConsumerNames.unique();
    this.maxInFlight = b.maxInFlight;
    this.claimIdle = b.claimIdle;
    this.maxDeliveries = b.maxDeliveries;
    this.deadLetterStream =
        b.deadLetterStream != null ? b.deadLetterStream : stream + ":dead-letter";
    this.deadLetterMaxLen = b.deadLetterMaxLen;
    this.signature = b.signature;
  }

  /**
   * Returns a builder for a replayer reading {@code stream} on the Redis at {@code uri}.
   *
   * @throws InvalidConfigException naming {@code mirror.replayer.uri} or {@code .stream} when
   *     invalid
   */
  public static Builder builder(URI uri, String stream) {
    return new Builder(uri, stream);
  }

  /**
   * Parses the {@code mirror.replayer.*} keys of {@code properties} with the table of {@link
   * ReplayerKeys}; other keys are ignored.
   *
   * @throws InvalidConfigException naming the key and value of the first bad entry, including an
   *     unknown {@code mirror.replayer.*} key (naming the nearest known one) and a missing {@code
   *     uri} or {@code stream}; a secret value is shown as {@code <hidden, N chars>}, the password
   *     of a URI as {@code ***}
   */
  public static ReplayerConfig fromProperties(Map<String, String> properties) {
    Map<String, String> own = new TreeMap<>();
    properties.forEach(
        (k, v) -> {
          if (k.startsWith(PREFIX)) {
            if (ReplayerKeys.named(k) == null) {
              throw ConfigKey.unknown(k, v, ReplayerKeys.names(), ReplayerKeys.secretNames());
            }
            own.put(k, v);
          }
        });
    Builder b = new Builder(required(own, ReplayerKeys.URI), required(own, ReplayerKeys.STREAM));
    own.forEach((k, v) -> Objects.requireNonNull(ReplayerKeys.named(k)).apply(b, k, v));
    return b.build();
  }

  private static <T> T required(Map<String, String> own, ConfigKey<Builder, T> key) {
    String value = own.get(key.name());
    if (value == null || value.isBlank()) {
      throw new InvalidConfigException(key.name(), value, "is required");
    }
    return key.parse(key.name(), value);
  }

  /**
   * Returns {@code mirror.replayer.uri}, the Redis to read from: {@code redis://host:port};
   * required.
   */
  public URI uri() {
    return uri;
  }

  /**
   * Returns {@code mirror.replayer.stream}, the stream the {@code redis-stream} target appends to;
   * required.
   */
  public String stream() {
    return stream;
  }

  /**
   * Returns {@code mirror.replayer.group}, the consumer group shared by all replayers of the
   * stream; created, from the start of the stream, when missing; default {@code mirror-replayers}.
   */
  public String group() {
    return group;
  }

  /**
   * Returns {@code mirror.replayer.consumer}, this replayer's name in the group, unique among the
   * replayers; default {@code <host>-<pid>-<random>}.
   */
  public String consumer() {
    return consumer;
  }

  /**
   * Returns {@code mirror.replayer.max-in-flight}, the entries this replayer holds at once (read
   * and not yet acknowledged), 1..1000; at most every target's {@code queue-capacity}; default 64.
   */
  public int maxInFlight() {
    return maxInFlight;
  }

  /**
   * Returns {@code mirror.replayer.claim-idle}: an entry delivered to a replayer and neither
   * acknowledged nor kept alive by it for this long (the replayer stopped, or the entry failed and
   * waits for a retry) is claimed by any replayer of the group ({@code XAUTOCLAIM}); at least
   * 100ms; default 30s.
   */
  public Duration claimIdle() {
    return claimIdle;
  }

  /**
   * Returns {@code mirror.replayer.max-deliveries}: an entry that failed (shadow error or timeout,
   * or not a readable record) on its delivery number {@code max-deliveries} or later goes to the
   * dead letter stream, 1..1000; default 5.
   */
  public int maxDeliveries() {
    return maxDeliveries;
  }

  /** Returns {@code mirror.replayer.dead-letter-stream}; default {@code <stream>:dead-letter}. */
  public String deadLetterStream() {
    return deadLetterStream;
  }

  /**
   * Returns {@code mirror.replayer.dead-letter-maxlen}: each append to the dead letter stream trims
   * it to about this many entries ({@code XADD … MAXLEN ~}); 0 turns trimming off; default {@value
   * #DEFAULT_DEAD_LETTER_MAX_LEN}.
   */
  public long deadLetterMaxLen() {
    return deadLetterMaxLen;
  }

  /**
   * Returns whether {@code mirror.replayer.signing-key} is set: then only entries signed with that
   * key are replayed, and every other one is dead-lettered. Without a key the replayer trusts every
   * writer to the stream.
   */
  public boolean signed() {
    return signature != null;
  }

  /** Returns the signature of the signing key, or null when there is none. */
  @Nullable RecordSignature signature() {
    return signature;
  }

  /** Returns every setting; never credentials of the URI, never the signing key. */
  @Override
  public String toString() {
    return "ReplayerConfig["
        + uri.getHost()
        + ":"
        + uri.getPort()
        + ", stream="
        + stream
        + ", group="
        + group
        + ", consumer="
        + consumer
        + ", maxInFlight="
        + maxInFlight
        + ", claimIdle="
        + claimIdle
        + ", maxDeliveries="
        + maxDeliveries
        + ", deadLetterStream="
        + deadLetterStream
        + ", deadLetterMaxLen="
        + deadLetterMaxLen
        + ", signed="
        + signed()
        + "]";
  }

  /** Builds a {@link ReplayerConfig}; not thread-safe. */
  public static final class Builder {
    private final URI uri;
    private final String stream;
    private String group = "mirror-replayers";
    private @Nullable String consumer;
    private int maxInFlight = 64;
    private Duration claimIdle = Duration.ofSeconds(30);
    private int maxDeliveries = 5;
    private @Nullable String deadLetterStream;
    private long deadLetterMaxLen = DEFAULT_DEAD_LETTER_MAX_LEN;
    private @Nullable RecordSignature signature;

    private Builder(URI uri, String stream) {
      this.uri = ReplayerKeys.URI.check(uri);
      this.stream = ReplayerKeys.STREAM.check(stream);
    }

    /** Sets {@code mirror.replayer.group}; default {@code mirror-replayers}. */
    public Builder group(String group) {
      this.group = ReplayerKeys.GROUP.check(group);
      return this;
    }

    /** Sets {@code mirror.replayer.consumer}; default {@code <host>-<pid>-<random>}. */
    public Builder consumer(String consumer) {
      this.consumer = ReplayerKeys.CONSUMER.check(consumer);
      return this;
    }

    /** Sets {@code mirror.replayer.max-in-flight}, 1..1000; default 64. */
    public Builder maxInFlight(int maxInFlight) {
      this.maxInFlight = ReplayerKeys.MAX_IN_FLIGHT.check(maxInFlight);
      return this;
    }

    /** Sets {@code mirror.replayer.claim-idle}, at least 100ms; default 30s. */
    public Builder claimIdle(Duration claimIdle) {
      this.claimIdle = ReplayerKeys.CLAIM_IDLE.check(claimIdle);
      return this;
    }

    /** Sets {@code mirror.replayer.max-deliveries}, 1..1000; default 5. */
    public Builder maxDeliveries(int maxDeliveries) {
      this.maxDeliveries = ReplayerKeys.MAX_DELIVERIES.check(maxDeliveries);
      return this;
    }

    /** Sets {@code mirror.replayer.dead-letter-stream}; default {@code <stream>:dead-letter}. */
    public Builder deadLetterStream(String deadLetterStream) {
      this.deadLetterStream = ReplayerKeys.DEAD_LETTER_STREAM.check(deadLetterStream);
      return this;
    }

    /**
     * Sets {@code mirror.replayer.dead-letter-maxlen}, the approximate length the dead letter
     * stream is trimmed to, 0..1000000000; 0 turns trimming off; default {@value
     * ReplayerConfig#DEFAULT_DEAD_LETTER_MAX_LEN}.
     *
     * @throws InvalidConfigException when out of range
     */
    public Builder deadLetterMaxLen(long deadLetterMaxLen) {
      this.deadLetterMaxLen = ReplayerKeys.DEAD_LETTER_MAXLEN.check(deadLetterMaxLen);
      return this;
    }

    /**
     * Sets {@code mirror.replayer.signing-key}, the key shared with the {@code redis-stream}
     * target's {@code signing-key}: at least 32 bytes as UTF-8, used as given (surrounding blanks
     * removed). Once set, entries without a valid signature are dead-lettered, never replayed.
     *
     * @throws InvalidConfigException when too short; the message does not show the key
     */
    public Builder signingKey(String signingKey) {
      this.signature = RecordSignature.withKey(ReplayerKeys.SIGNING_KEY.check(signingKey).strip());
      return this;
    }

    /**
     * Returns the configuration.
     *
     * @throws InvalidConfigException when the dead letter stream is the stream itself
     */
    public ReplayerConfig build() {
      if (stream.equals(deadLetterStream)) {
        throw new InvalidConfigException(
            "mirror.replayer.dead-letter-stream",
            deadLetterStream,
            "must differ from mirror.replayer.stream, or failed entries would be replayed again");
      }
      return new ReplayerConfig(this);
    }
  }
}

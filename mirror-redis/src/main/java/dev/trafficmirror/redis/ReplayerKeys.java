package dev.trafficmirror.redis;

import dev.trafficmirror.core.config.ConfigKey;
import dev.trafficmirror.core.config.ConfigValues;
import dev.trafficmirror.redis.internal.RedisKeyValues;
import dev.trafficmirror.spi.InvalidConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The table of the replayer's keys, {@code mirror.replayer.*}: the one place each is defined (see
 * {@link ConfigKey}). {@link ReplayerConfig#fromProperties} parses with it, {@link
 * ReplayerConfig.Builder} checks with it, the replayer's command line names its environment
 * overrides from it, and the replayer table of {@code docs/redis.md} is checked against it by a
 * test. {@link #URI} and {@link #STREAM} are given to {@link ReplayerConfig#builder}, so applying
 * them to a builder does nothing. Immutable and thread-safe.
 */
public final class ReplayerKeys {
  private static final int MAX_DEAD_LETTER_MAX_LEN = 1_000_000_000;
  private static final Duration MIN_CLAIM_IDLE = Duration.ofMillis(100);

  /** {@code mirror.replayer.uri}; a secret, since it may hold a password. */
  public static final ConfigKey<ReplayerConfig.Builder, URI> URI =
      ConfigKey.<ReplayerConfig.Builder, URI>of(
              "mirror.replayer.uri", RedisKeyValues::uri, RedisKeyValues::checkUri, (b, v) -> {})
          .doc(
              "(required)",
              "`redis://` or `rediss://` URI",
              "`redis://redis.internal:6379`",
              "The Redis holding the stream: `redis://host:port` (credentials, database and `rediss://` as above). Never shown in a message, since it may hold a password.");

  /** {@code mirror.replayer.stream}. */
  public static final ConfigKey<ReplayerConfig.Builder, String> STREAM =
      ConfigKey.<ReplayerConfig.Builder, String>of(
              "mirror.replayer.stream",
              RedisKeyValues::name,
              RedisKeyValues::notBlank,
              (b, v) -> {})
          .doc(
              "(required)",
              "a stream key",
              "`mirror:model-v1`",
              "The stream the `redis-stream` target appends to.");

  /** {@code mirror.replayer.group}. */
  public static final ConfigKey<ReplayerConfig.Builder, String> GROUP =
      ConfigKey.<ReplayerConfig.Builder, String>of(
              "mirror.replayer.group",
              RedisKeyValues::name,
              RedisKeyValues::notBlank,
              ReplayerConfig.Builder::group)
          .doc(
              "`mirror-replayers`",
              "a group name",
              "`model-v2`",
              "The consumer group. All replayers of one shadow share a group; a second group on the same stream gets every entry again (for a second, independent shadow).");

  /** {@code mirror.replayer.consumer}. */
  public static final ConfigKey<ReplayerConfig.Builder, String> CONSUMER =
      ConfigKey.<ReplayerConfig.Builder, String>of(
              "mirror.replayer.consumer",
              RedisKeyValues::name,
              RedisKeyValues::notBlank,
              ReplayerConfig.Builder::consumer)
          .doc(
              "`<host>-<pid>-<random>`",
              "a consumer name",
              "`replayer-1`",
              "This replayer's name in the group; unique per running replayer.");

  /** {@code mirror.replayer.max-in-flight}. */
  public static final ConfigKey<ReplayerConfig.Builder, Integer> MAX_IN_FLIGHT =
      ConfigKey.<ReplayerConfig.Builder>integer(
              "mirror.replayer.max-in-flight", 1, 1_000, ReplayerConfig.Builder::maxInFlight)
          .doc(
              "`64`",
              "1..1000, at most every target's `queue-capacity`",
              "`32`",
              "Entries held at once (read and not yet settled), 1..1000. Must not exceed any target's `queue-capacity`: the mirror then never drops a replay for a full queue. A quarter of them is kept for claims while a claim scan runs.");

  /** {@code mirror.replayer.claim-idle}. */
  public static final ConfigKey<ReplayerConfig.Builder, Duration> CLAIM_IDLE =
      ConfigKey.<ReplayerConfig.Builder, Duration>of(
              "mirror.replayer.claim-idle",
              (key, text) -> checkClaimIdle(key, ConfigValues.duration(key, text)),
              ReplayerKeys::checkClaimIdle,
              ReplayerConfig.Builder::claimIdle)
          .doc(
              "`30s`",
              "duration, at least `100ms`",
              "`1m`",
              "An entry delivered to a replayer and not kept alive by it for this long is claimed by any replayer of the group (`XAUTOCLAIM`): entries of a replayer that died, and failed entries waiting for a retry, whatever the backlog of new entries (see [Scaling](#scaling)). At least `100ms`; keep it well above Redis latency and GC pauses.");

  /** {@code mirror.replayer.max-deliveries}. */
  public static final ConfigKey<ReplayerConfig.Builder, Integer> MAX_DELIVERIES =
      ConfigKey.<ReplayerConfig.Builder>integer(
              "mirror.replayer.max-deliveries", 1, 1_000, ReplayerConfig.Builder::maxDeliveries)
          .doc(
              "`5`",
              "1..1000",
              "`3`",
              "An entry that fails on its delivery number `max-deliveries` (or later) goes to the dead letter stream. 1..1000.");

  /** {@code mirror.replayer.dead-letter-stream}. */
  public static final ConfigKey<ReplayerConfig.Builder, String> DEAD_LETTER_STREAM =
      ConfigKey.<ReplayerConfig.Builder, String>of(
              "mirror.replayer.dead-letter-stream",
              RedisKeyValues::name,
              RedisKeyValues::notBlank,
              ReplayerConfig.Builder::deadLetterStream)
          .doc(
              "`<stream>:dead-letter`",
              "a stream key, not the stream",
              "`mirror:dead`",
              "Where given-up and refused entries go. Must differ from the stream.");

  /** {@code mirror.replayer.dead-letter-maxlen}. */
  public static final ConfigKey<ReplayerConfig.Builder, Long> DEAD_LETTER_MAXLEN =
      ConfigKey.<ReplayerConfig.Builder, Long>of(
              "mirror.replayer.dead-letter-maxlen",
              (key, text) -> (long) ConfigValues.integer(key, text, 0, MAX_DEAD_LETTER_MAX_LEN),
              (key, v) -> ConfigValues.checkRange(key, v, 0L, MAX_DEAD_LETTER_MAX_LEN),
              ReplayerConfig.Builder::deadLetterMaxLen)
          .doc(
              "`10000`",
              "0..1000000000; `0` turns trimming off",
              "`100000`",
              "Each append to the dead letter stream trims it to about this many entries (`XADD … MAXLEN ~`), so forged or refused entries cannot fill Redis; `0` turns trimming off. 0..1000000000.");

  /** {@code mirror.replayer.signing-key}; a secret. */
  public static final ConfigKey<ReplayerConfig.Builder, String> SIGNING_KEY =
      ConfigKey.<ReplayerConfig.Builder, String>of(
              "mirror.replayer.signing-key",
              RedisKeyValues::signingKey,
              RedisKeyValues::signingKey,
              ReplayerConfig.Builder::signingKey)
          .doc(
              "(none: trusts every writer)",
              "at least 32 bytes",
              "`MIRROR_REPLAYER_SIGNING_KEY=$(cat /run/secrets/mirror-key)`",
              "Replays only entries signed with this key (the target's `signing-key`); dead-letters and counts the others. At least 32 bytes; never shown. See [Signed entries](#signed-entries).")
          .secret();

  /** Every replayer key, in the order the documentation lists them. */
  public static final List<ConfigKey<ReplayerConfig.Builder, ?>> ALL =
      List.of(
          URI,
          STREAM,
          GROUP,
          CONSUMER,
          MAX_IN_FLIGHT,
          CLAIM_IDLE,
          MAX_DELIVERIES,
          DEAD_LETTER_STREAM,
          DEAD_LETTER_MAXLEN,
          SIGNING_KEY);

  private static final Map<String, ConfigKey<ReplayerConfig.Builder, ?>> BY_NAME = byName();

  private ReplayerKeys() {}

  /** Returns the replayer key named {@code name}, or null. */
  public static @Nullable ConfigKey<ReplayerConfig.Builder, ?> named(String name) {
    return BY_NAME.get(name);
  }

  /** Returns the names of every replayer key, in the documentation's order. */
  public static List<String> names() {
    return ALL.stream().map(ConfigKey::name).toList();
  }

  /** Returns the names of the secret keys, whose values are never shown. */
  public static List<String> secretNames() {
    return ALL.stream().filter(ConfigKey::isSecret).map(ConfigKey::name).toList();
  }

  private static Duration checkClaimIdle(String key, Duration claimIdle) {
    if (claimIdle.compareTo(MIN_CLAIM_IDLE) < 0) {
      throw new InvalidConfigException(key, claimIdle.toString(), "must be at least 100ms");
    }
    return claimIdle;
  }

  private static Map<String, ConfigKey<ReplayerConfig.Builder, ?>> byName() {
    Map<String, ConfigKey<ReplayerConfig.Builder, ?>> map = new LinkedHashMap<>();
    ALL.forEach(k -> map.put(k.name(), k));
    return Map.copyOf(map);
  }
}

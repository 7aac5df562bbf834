package dev.trafficmirror.redis;

import dev.trafficmirror.core.config.ConfigKey;
import dev.trafficmirror.redis.internal.RedisKeyValues;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The table of the {@code redis-stream} target type's keys, under {@code mirror.target.<name>.}:
 * the one place each is defined (see {@link ConfigKey}). The provider parses a target's settings
 * with it, {@link RedisStreamTarget.Builder} checks with it, the provider's {@code keys()} (and so
 * the environment overrides) are named from it, and the target table of {@code docs/redis.md} is
 * checked against it by a test. {@link #URI} and {@link #STREAM} are given to {@link
 * RedisStreamTarget#builder}, so applying them to a builder does nothing. Immutable and
 * thread-safe.
 */
public final class RedisStreamKeys {
  /** {@code mirror.target.<name>.uri}; a secret, since it may hold a password. */
  public static final ConfigKey<RedisStreamTarget.Builder, URI> URI =
      ConfigKey.<RedisStreamTarget.Builder, URI>of(
              "mirror.target.<name>.uri",
              RedisKeyValues::uri,
              RedisKeyValues::checkUri,
              (b, v) -> {})
          .doc(
              "(required)",
              "`redis://` or `rediss://` URI",
              "`redis://redis.internal:6379`",
              "`redis://host:port`, `redis://user:password@host:port/db`, or `rediss://…` for TLS (the JVM's trust store, host names verified). Never shown in a message, since it may hold a password.");

  /** {@code mirror.target.<name>.stream}. */
  public static final ConfigKey<RedisStreamTarget.Builder, String> STREAM =
      ConfigKey.<RedisStreamTarget.Builder, String>of(
              "mirror.target.<name>.stream",
              RedisKeyValues::name,
              RedisKeyValues::notBlank,
              (b, v) -> {})
          .doc("(required)", "a stream key", "`mirror:model-v1`", "The stream key.");

  /** {@code mirror.target.<name>.signing-key}; a secret. */
  public static final ConfigKey<RedisStreamTarget.Builder, String> SIGNING_KEY =
      ConfigKey.<RedisStreamTarget.Builder, String>of(
              "mirror.target.<name>.signing-key",
              RedisKeyValues::signingKey,
              RedisKeyValues::signingKey,
              RedisStreamTarget.Builder::signingKey)
          .doc(
              "(none: not signed)",
              "at least 32 bytes",
              "`MIRROR_TARGET_QUEUE_SIGNING_KEY=$(cat /run/secrets/mirror-key)`",
              "Signs every record (HMAC-SHA256) with this key, shared with the replayers' `mirror.replayer.signing-key`: at least 32 bytes (see [Signed entries](#signed-entries)). Never shown in a message, log or `toString()`. The environment variable `MIRROR_TARGET_<NAME>_SIGNING_KEY` overrides it.")
          .secret();

  /** {@code mirror.target.<name>.maxlen}. */
  public static final ConfigKey<RedisStreamTarget.Builder, Long> MAXLEN =
      ConfigKey.<RedisStreamTarget.Builder, Long>of(
              "mirror.target.<name>.maxlen",
              RedisKeyValues::maxLen,
              RedisKeyValues::checkMaxLen,
              RedisStreamTarget.Builder::maxLen)
          .doc(
              "`100000`",
              "a whole number, at least 0; `0` turns trimming off",
              "`1000000`",
              "Each append trims the stream to about this many entries (`XADD … MAXLEN ~`); `0` turns trimming off. Entries trimmed before a replayer read them are never replayed: size it for the backlog you want to survive (replayers down, shadow slow).");

  /** Every key of the type, in the order the documentation lists them. */
  public static final List<ConfigKey<RedisStreamTarget.Builder, ?>> ALL =
      List.of(URI, STREAM, SIGNING_KEY, MAXLEN);

  private static final Map<String, ConfigKey<RedisStreamTarget.Builder, ?>> BY_RELATIVE_NAME =
      byRelativeName();

  private RedisStreamKeys() {}

  /**
   * Returns the key whose part after {@code mirror.target.<name>.} is {@code relative}, or null.
   */
  public static @Nullable ConfigKey<RedisStreamTarget.Builder, ?> relative(String relative) {
    return BY_RELATIVE_NAME.get(relative);
  }

  /**
   * Returns the parts after {@code mirror.target.<name>.} of every key: {@code uri}, {@code
   * stream}, ….
   */
  public static List<String> relativeNames() {
    return ALL.stream().map(ConfigKey::relativeName).toList();
  }

  private static Map<String, ConfigKey<RedisStreamTarget.Builder, ?>> byRelativeName() {
    Map<String, ConfigKey<RedisStreamTarget.Builder, ?>> map = new LinkedHashMap<>();
    ALL.forEach(k -> map.put(k.relativeName(), k));
    return Map.copyOf(map);
  }
}

package dev.trafficmirror.redis.internal;

import dev.trafficmirror.core.SensitiveData;
import dev.trafficmirror.core.config.ConfigKey;
import dev.trafficmirror.redis.RedisStreamKeys;
import dev.trafficmirror.redis.RedisStreamTarget;
import dev.trafficmirror.spi.ShadowTarget;
import dev.trafficmirror.spi.ShadowTargetProvider;
import dev.trafficmirror.spi.TargetSettings;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Provides the {@code redis-stream} target type: {@code mirror.target.<name>.uri} and {@code
 * .stream} (required), {@code .maxlen} and {@code .signing-key} (optional), parsed with the table
 * of {@link RedisStreamKeys}. See {@link RedisStreamTarget}.
 */
public final class RedisStreamTargetProvider implements ShadowTargetProvider {
  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public RedisStreamTargetProvider() {}

  @Override
  public String type() {
    return "redis-stream";
  }

  /** Returns the keys a user sets ({@link RedisStreamKeys}); the engine also passes its own. */
  @Override
  public List<String> keys() {
    return RedisStreamKeys.relativeNames();
  }

  @Override
  public ShadowTarget create(TargetSettings settings) {
    String target = settings.name();
    for (Map.Entry<String, String> e : settings.properties().entrySet()) {
      String key = e.getKey();
      if (RedisStreamKeys.relative(key) == null && !TargetSettings.FROM_ENGINE.contains(key)) {
        List<String> known = RedisStreamKeys.ALL.stream().map(k -> k.name(target)).toList();
        List<String> secret =
            RedisStreamKeys.ALL.stream()
                .filter(ConfigKey::isSecret)
                .map(k -> k.name(target))
                .toList();
        throw ConfigKey.unknown(settings.fullKey(key), e.getValue(), known, secret);
      }
    }
    URI uri = required(settings, RedisStreamKeys.URI);
    String stream = required(settings, RedisStreamKeys.STREAM);
    RedisStreamTarget.Builder builder =
        RedisStreamTarget.builder(uri, stream)
            .sensitiveData(
                sensitiveData(settings), "true".equals(settings.get("forward-sensitive")));
    for (ConfigKey<RedisStreamTarget.Builder, ?> key :
        List.of(RedisStreamKeys.MAXLEN, RedisStreamKeys.SIGNING_KEY)) {
      String value = settings.get(key.relativeName());
      if (value != null) {
        key.apply(builder, key.name(target), value);
      }
    }
    return builder.build();
  }

  private static <T> T required(
      TargetSettings settings, ConfigKey<RedisStreamTarget.Builder, T> key) {
    return key.parse(key.name(settings.name()), settings.require(key.relativeName()));
  }

  /**
   * The engine's policy, passed as settings; the defaults alone when created without the engine.
   */
  private static SensitiveData sensitiveData(TargetSettings settings) {
    SensitiveData.Builder policy = SensitiveData.builder();
    String headers = settings.get("sensitive-headers");
    if (headers != null) {
      policy.headers(list(headers));
    }
    String queryParams = settings.get("sensitive-query-params");
    if (queryParams != null) {
      policy.queryParams(list(queryParams));
    }
    return policy.build();
  }

  private static List<String> list(String value) {
    return Arrays.stream(value.split(",", -1)).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}

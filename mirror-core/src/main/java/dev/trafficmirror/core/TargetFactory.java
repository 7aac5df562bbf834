package dev.trafficmirror.core;

import dev.trafficmirror.spi.InvalidConfigException;
import dev.trafficmirror.spi.ShadowTarget;
import dev.trafficmirror.spi.ShadowTargetProvider;
import dev.trafficmirror.spi.TargetSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Creates configured targets through their {@link ShadowTargetProvider}s. */
final class TargetFactory {
  /** The provider setting listing the sensitive headers. */
  static final String SENSITIVE_HEADERS = "sensitive-headers";

  /** The provider setting listing the sensitive query parameters. */
  static final String SENSITIVE_QUERY_PARAMS = "sensitive-query-params";

  /** The provider setting saying whether the target is sent the sensitive request headers. */
  static final String FORWARD_SENSITIVE = "forward-sensitive";

  private TargetFactory() {}

  /**
   * Returns a target for every configured one: the given instance where there is one, else one made
   * by the provider of its type. On failure, closes what it made and rethrows.
   */
  static Map<String, ShadowTarget> create(
      MirrorConfig config, Map<String, ShadowTarget> instances) {
    Map<String, ShadowTarget> created = new LinkedHashMap<>();
    Map<String, ShadowTargetProvider> providers = null;
    try {
      for (TargetConfig target : config.targets().values()) {
        ShadowTarget instance = instances.get(target.name());
        if (instance == null) {
          if (providers == null) {
            providers = providers();
          }
          ShadowTargetProvider provider = providers.get(target.type());
          if (provider == null) {
            throw new InvalidConfigException(
                "mirror.target." + target.name() + ".type",
                target.type(),
                "has no ShadowTargetProvider on the class path (known types: "
                    + providers.keySet()
                    + ")");
          }
          instance = provider.create(settings(config, target));
        }
        created.put(target.name(), instance);
      }
      return created;
    } catch (RuntimeException | Error e) {
      created.forEach(
          (name, t) -> {
            if (!instances.containsKey(name)) {
              t.close();
            }
          });
      throw e;
    }
  }

  /**
   * The provider's settings, with {@code max-response-bytes} defaulting to {@code
   * mirror.max-response-bytes}, the engine's {@code max-in-flight} and {@code timeout} for sizing a
   * connection pool and its timeouts, and for a target that stores what it is sent (such as {@code
   * redis-stream}) the sensitive-data policy: {@code sensitive-headers} and {@code
   * sensitive-query-params} (the merged lists, comma-separated) and {@code forward-sensitive}
   * (whether this target is sent the sensitive request headers).
   */
  static TargetSettings settings(MirrorConfig config, TargetConfig target) {
    Map<String, String> settings = new TreeMap<>(target.settings());
    settings.putIfAbsent("max-response-bytes", String.valueOf(config.maxResponseBytes()));
    settings.put("max-in-flight", String.valueOf(target.maxInFlight()));
    settings.put("timeout", target.timeout().toMillis() + "ms");
    SensitiveData sensitive = config.sensitiveData();
    settings.put(SENSITIVE_HEADERS, String.join(",", sensitive.headers()));
    settings.put(SENSITIVE_QUERY_PARAMS, String.join(",", sensitive.queryParams()));
    settings.put(
        FORWARD_SENSITIVE,
        String.valueOf(target.forwardsSensitiveHeaders(config.forwardSensitiveHeaders())));
    return TargetSettings.of(target.name(), settings);
  }

  /** Returns the keys every target type found says it reads, for environment overrides. */
  static Set<String> providerKeys() {
    Set<String> keys = new TreeSet<>();
    for (ShadowTargetProvider provider : providers().values()) {
      try {
        keys.addAll(provider.keys());
      } catch (RuntimeException e) {
        // A provider that cannot list its keys gets no environment overrides; create() still runs.
      }
    }
    return keys;
  }

  private static Map<String, ShadowTargetProvider> providers() {
    Map<String, ShadowTargetProvider> byType = new TreeMap<>();
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null) {
      ServiceLoader.load(ShadowTargetProvider.class, context)
          .forEach(p -> byType.putIfAbsent(p.type(), p));
    }
    ServiceLoader.load(ShadowTargetProvider.class, TargetFactory.class.getClassLoader())
        .forEach(p -> byType.putIfAbsent(p.type(), p));
    return byType;
  }
}

package dev.trafficmirror.core;

import dev.trafficmirror.core.config.ConfigKey;
import dev.trafficmirror.core.config.ConfigSources;
import dev.trafficmirror.core.config.ConfigValues;
import dev.trafficmirror.spi.InvalidConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/** The one parser of configuration text into a {@link MirrorConfig}. */
final class ConfigParser {
  static final String PREFIX = "mirror.";
  static final String TARGET_PREFIX = "mirror.target.";

  static final String COMPARE_PREFIX = "mirror.compare.";

  /** Keys outside {@code mirror.target.<name>.}, in the order the docs list them. */
  static final List<String> GLOBAL_KEYS = globalKeys();

  /**
   * Keys under {@code mirror.target.<name>.} that the engine reads, then the shipped providers'
   * keys.
   */
  static final List<String> TARGET_KEYS = targetKeys();

  /** The global keys whose values are secrets, for errors about a misspelt one. */
  private static final List<String> SECRET_KEYS =
      MirrorKeys.all().stream().filter(ConfigKey::isSecret).map(ConfigKey::name).toList();

  private ConfigParser() {}

  static MirrorConfig parse(Map<String, String> properties) {
    Map<String, String> props = new TreeMap<>();
    properties.forEach(
        (k, v) -> {
          if (k.startsWith(PREFIX)) {
            props.put(k, v);
          }
        });

    MirrorConfig.Builder b = MirrorConfig.builder();
    SensitiveData.Builder sensitive = SensitiveData.builder();
    Map<String, TargetConfig.Builder> targets = new LinkedHashMap<>();
    Map<String, String> globalCompare = new LinkedHashMap<>();
    Map<String, Map<String, String>> targetCompare = new LinkedHashMap<>();
    String names = props.get("mirror.targets");
    if (names != null) {
      for (String name : ConfigValues.list(names)) {
        if (targets.put(name, TargetConfig.builder(name)) != null) {
          throw new InvalidConfigException(
              "mirror.targets", names, "names target " + name + " twice");
        }
      }
    }

    for (Map.Entry<String, String> e : props.entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      if (key.startsWith(TARGET_PREFIX)) {
        parseTargetKey(targets, targetCompare, key, value);
      } else if (key.startsWith(COMPARE_PREFIX)) {
        globalCompare.put(key.substring(COMPARE_PREFIX.length()), value);
      } else {
        parseGlobalKey(b, sensitive, key, value);
      }
    }
    b.sensitiveData(sensitive.build());
    b.comparator(CompareKeys.comparator(globalCompare, Map.of(), COMPARE_PREFIX));
    targetCompare.forEach(
        (name, own) ->
            Objects.requireNonNull(targets.get(name))
                .comparator(
                    CompareKeys.comparator(
                        globalCompare, own, TARGET_PREFIX + name + ".compare.")));
    targets.values().forEach(t -> b.target(t.build()));
    return b.build();
  }

  private static void parseGlobalKey(
      MirrorConfig.Builder b, SensitiveData.Builder sensitive, String key, String value) {
    ConfigKey<SensitiveData.Builder, ?> policy = MirrorKeys.sensitive(key);
    if (policy != null) {
      policy.apply(sensitive, key, value);
      return;
    }
    ConfigKey<MirrorConfig.Builder, ?> k = MirrorKeys.global(key);
    if (k == null) {
      throw ConfigKey.unknown(key, value, GLOBAL_KEYS, SECRET_KEYS);
    }
    if (k != MirrorKeys.TARGETS) {
      // mirror.targets was read first, above.
      k.apply(b, key, value);
    }
  }

  private static void parseTargetKey(
      Map<String, TargetConfig.Builder> targets,
      Map<String, Map<String, String>> targetCompare,
      String key,
      String value) {
    String rest = key.substring(TARGET_PREFIX.length());
    int dot = rest.indexOf('.');
    if (dot <= 0 || dot == rest.length() - 1) {
      throw new InvalidConfigException(
          key, value, "is not a known key: target keys are mirror.target.<name>.<key>");
    }
    String name = rest.substring(0, dot);
    String relative = rest.substring(dot + 1);
    TargetConfig.Builder t = targets.get(name);
    if (t == null) {
      throw new InvalidConfigException(
          key, value, "configures target " + name + ", which mirror.targets does not list");
    }
    ConfigKey<TargetConfig.Builder, ?> k = MirrorKeys.target(relative);
    if (k != null) {
      k.apply(t, key, value);
    } else if (relative.startsWith("compare.")) {
      targetCompare
          .computeIfAbsent(name, n -> new LinkedHashMap<>())
          .put(relative.substring("compare.".length()), value);
    } else if (relative.startsWith("header.")) {
      t.header(relative.substring("header.".length()), value);
    } else {
      // The provider's own key (url, …): the provider checks it.
      t.setting(relative, value);
    }
  }

  /**
   * Returns {@code base} overridden by {@code mirror.*} system properties, then by {@code MIRROR_*}
   * environment variables for the keys that can be named that way: every global key, and the
   * engine's and shipped providers' keys of the targets named in {@code mirror.targets}.
   */
  static Map<String, String> withOverrides(
      Map<String, String> base, Properties system, Map<String, String> env) {
    List<String> envKeys = new ArrayList<>(GLOBAL_KEYS);
    String names =
        ConfigSources.withOverrides(base, system, env, List.of("mirror.targets"))
            .get("mirror.targets");
    if (names != null) {
      for (String name : ConfigValues.list(names)) {
        for (String relative : TARGET_KEYS) {
          envKeys.add(TARGET_PREFIX + name + "." + relative);
        }
        for (String relative : TargetFactory.providerKeys()) {
          envKeys.add(TARGET_PREFIX + name + "." + relative);
        }
      }
    }
    return ConfigSources.withOverrides(base, system, env, envKeys);
  }

  private static List<String> globalKeys() {
    List<String> keys = new ArrayList<>();
    MirrorKeys.GLOBAL.forEach(k -> keys.add(k.name()));
    MirrorKeys.SENSITIVE.forEach(k -> keys.add(k.name()));
    MirrorKeys.COMPARE.stream().filter(k -> !k.isPattern()).forEach(k -> keys.add(k.name()));
    return List.copyOf(keys);
  }

  private static List<String> targetKeys() {
    List<String> keys = new ArrayList<>();
    MirrorKeys.TARGET.stream().filter(k -> !k.isPattern()).forEach(k -> keys.add(k.relativeName()));
    MirrorKeys.HTTP.forEach(k -> keys.add(k.relativeName()));
    return List.copyOf(keys);
  }

  /**
   * Returns the environment variable for {@code key}: {@code mirror.sample-rate} is {@code
   * MIRROR_SAMPLE_RATE}.
   */
  static String envName(String key) {
    return ConfigSources.envName(key);
  }
}

package dev.trafficmirror.core;

import dev.trafficmirror.core.internal.ConfigValues;
import dev.trafficmirror.core.internal.NearestKey;
import dev.trafficmirror.spi.InvalidConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** The one parser of configuration text into a {@link MirrorConfig}. */
final class ConfigParser {
  static final String PREFIX = "mirror.";
  static final String TARGET_PREFIX = "mirror.target.";

  /** Keys outside {@code mirror.target.<name>.}, in the order the docs list them. */
  static final List<String> GLOBAL_KEYS =
      List.of(
          "mirror.enabled",
          "mirror.targets",
          "mirror.sample-rate",
          "mirror.sample-key",
          "mirror.methods",
          "mirror.include",
          "mirror.exclude",
          "mirror.max-body-bytes",
          "mirror.max-response-bytes",
          "mirror.max-buffered-bytes",
          "mirror.headers.forward-sensitive",
          "mirror.sensitive-headers",
          "mirror.sensitive-query-params",
          "mirror.redact.json-pointers",
          "mirror.drain-timeout",
          "mirror.compare.headers",
          "mirror.compare.ignore",
          "mirror.compare.unordered",
          "mirror.compare.tolerance",
          "mirror.compare.max-differences",
          "mirror.log.path",
          "mirror.log.bodies",
          "mirror.log.max-bytes",
          "mirror.log.max-files",
          "mirror.stats.max-routes",
          "mirror.mismatches.max-count",
          "mirror.mismatches.max-bytes",
          "mirror.mismatches.max-age",
          "mirror.baseline");

  static final String COMPARE_PREFIX = "mirror.compare.";

  /** Keys under {@code mirror.target.<name>.} that the engine reads; the rest go to the provider. */
  static final List<String> TARGET_KEYS =
      List.of("type", "timeout", "sample-rate", "threads", "queue-capacity", "max-in-flight", "connect-backoff",
          "stop-after", "max-mismatches", "headers.forward-sensitive");

  /** Provider keys of the target types that ship, for environment overrides. */
  static final List<String> SHIPPED_PROVIDER_KEYS = List.of("url", "connect-timeout");

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
          throw new InvalidConfigException("mirror.targets", names, "names target " + name + " twice");
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
    targetCompare.forEach((name, own) -> java.util.Objects.requireNonNull(targets.get(name)).comparator(
        CompareKeys.comparator(globalCompare, own, TARGET_PREFIX + name + ".compare.")));
    targets.values().forEach(t -> b.target(t.build()));
    return b.build();
  }

  private static void parseGlobalKey(MirrorConfig.Builder b, SensitiveData.Builder sensitive, String key, String value) {
    switch (key) {
      case "mirror.enabled" -> b.enabled(ConfigValues.bool(key, value));
      case "mirror.targets" -> {
        // Read first, above.
      }
      case "mirror.sample-rate" -> b.sampleRate(ConfigValues.rate(key, value));
      case "mirror.sample-key" -> b.sampleKey(value.isBlank() ? null : value.trim());
      case "mirror.methods" -> b.methods(ConfigValues.list(value));
      case "mirror.include" -> b.include(ConfigValues.list(value));
      case "mirror.exclude" -> b.exclude(ConfigValues.list(value));
      case "mirror.max-body-bytes" ->
          b.maxBodyBytes((int) ConfigValues.bytes(key, value, 0, Integer.MAX_VALUE - 8));
      case "mirror.max-response-bytes" ->
          b.maxResponseBytes((int) ConfigValues.bytes(key, value, 0, Integer.MAX_VALUE - 8));
      case "mirror.max-buffered-bytes" -> b.maxBufferedBytes(ConfigValues.bytes(key, value, 1, Long.MAX_VALUE));
      case "mirror.headers.forward-sensitive" -> b.forwardSensitiveHeaders(ConfigValues.bool(key, value));
      case "mirror.sensitive-headers" -> sensitive.headers(ConfigValues.list(value));
      case "mirror.sensitive-query-params" -> sensitive.queryParams(ConfigValues.list(value));
      case "mirror.redact.json-pointers" -> sensitive.jsonPointers(ConfigValues.list(value));
      case "mirror.drain-timeout" -> b.drainTimeout(ConfigValues.duration(key, value));
      case "mirror.log.path" -> b.logPath(value.isBlank() ? null : logPath(key, value));
      case "mirror.log.bodies" -> b.logBodies(ConfigValues.bool(key, value));
      case "mirror.log.max-bytes" -> b.logMaxBytes(ConfigValues.bytes(key, value, 1024, Long.MAX_VALUE));
      case "mirror.log.max-files" -> b.logMaxFiles(ConfigValues.integer(key, value, 1, 100));
      case "mirror.stats.max-routes" -> b.statsMaxRoutes(ConfigValues.integer(key, value, 1, 10_000));
      case "mirror.mismatches.max-count" -> b.mismatchesMaxCount(ConfigValues.integer(key, value, 1, 100_000));
      case "mirror.mismatches.max-bytes" -> b.mismatchesMaxBytes(ConfigValues.bytes(key, value, 1024, Long.MAX_VALUE));
      case "mirror.mismatches.max-age" -> b.mismatchesMaxAge(ConfigValues.duration(key, value));
      case "mirror.baseline" -> b.baseline(value);
      default -> throw new InvalidConfigException(key, value, NearestKey.unknownKey(key, GLOBAL_KEYS));
    }
  }

  private static java.nio.file.Path logPath(String key, String value) {
    try {
      return java.nio.file.Path.of(value.trim());
    } catch (java.nio.file.InvalidPathException e) {
      throw new InvalidConfigException(key, value, "is not a valid file path");
    }
  }

  private static void parseTargetKey(
      Map<String, TargetConfig.Builder> targets, Map<String, Map<String, String>> targetCompare, String key, String value) {
    String rest = key.substring(TARGET_PREFIX.length());
    int dot = rest.indexOf('.');
    if (dot <= 0 || dot == rest.length() - 1) {
      throw new InvalidConfigException(key, value, "is not a known key: target keys are mirror.target.<name>.<key>");
    }
    String name = rest.substring(0, dot);
    String relative = rest.substring(dot + 1);
    TargetConfig.Builder t = targets.get(name);
    if (t == null) {
      throw new InvalidConfigException(key, value, "configures target " + name + ", which mirror.targets does not list");
    }
    switch (relative) {
      case "type" -> t.type(value);
      case "timeout" -> t.timeout(ConfigValues.duration(key, value));
      case "sample-rate" -> t.sampleRate(ConfigValues.rate(key, value));
      case "threads" -> t.threads(ConfigValues.integer(key, value, 1, 256));
      case "queue-capacity" -> t.queueCapacity(ConfigValues.integer(key, value, 1, 1_000_000));
      case "max-in-flight" -> t.maxInFlight(ConfigValues.integer(key, value, 1, 100_000));
      case "connect-backoff" ->
          t.connectBackoff(value.trim().equals("0") ? java.time.Duration.ZERO : ConfigValues.duration(key, value));
      case "stop-after" -> t.stopAfter(ConfigValues.duration(key, value));
      case "max-mismatches" -> t.maxMismatches(ConfigValues.integer(key, value, 0, 1_000_000_000));
      case "headers.forward-sensitive" -> t.forwardSensitiveHeaders(ConfigValues.bool(key, value));
      default -> {
        if (relative.startsWith("compare.")) {
          targetCompare.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(relative.substring("compare.".length()), value);
        } else if (relative.startsWith("header.")) {
          t.header(relative.substring("header.".length()), value);
        } else {
          t.setting(relative, value);
        }
      }
    }
  }

  /**
   * Returns {@code base} overridden by {@code mirror.*} system properties, then by {@code MIRROR_*}
   * environment variables for the keys that can be named that way: every global key, and the
   * engine's and shipped providers' keys of the targets named in {@code mirror.targets}.
   */
  static Map<String, String> withOverrides(Map<String, String> base, Properties system, Map<String, String> env) {
    Map<String, String> merged = new LinkedHashMap<>(base);
    for (String name : system.stringPropertyNames()) {
      if (name.startsWith(PREFIX)) {
        merged.put(name, system.getProperty(name));
      }
    }
    for (String key : GLOBAL_KEYS) {
      overrideFromEnv(merged, env, key);
    }
    String names = merged.get("mirror.targets");
    if (names != null) {
      List<String> targetKeys = new ArrayList<>(TARGET_KEYS);
      targetKeys.addAll(SHIPPED_PROVIDER_KEYS);
      for (String name : ConfigValues.list(names)) {
        for (String relative : targetKeys) {
          overrideFromEnv(merged, env, TARGET_PREFIX + name + "." + relative);
        }
      }
    }
    return merged;
  }

  private static void overrideFromEnv(Map<String, String> merged, Map<String, String> env, String key) {
    String value = env.get(envName(key));
    if (value != null) {
      merged.put(key, value);
    }
  }

  /** Returns the environment variable for {@code key}: {@code mirror.sample-rate} is {@code MIRROR_SAMPLE_RATE}. */
  static String envName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}

package dev.trafficmirror.core.config;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The one override policy: configuration text, then {@code mirror.*} system properties, then {@code
 * MIRROR_*} environment variables for the keys that can be named that way. Stateless.
 */
public final class ConfigSources {
  private ConfigSources() {}

  /**
   * Returns {@code base} overridden by every {@code mirror.*} system property, then by the
   * environment variable of each of {@code envKeys} that is set ({@link #envName}).
   */
  public static Map<String, String> withOverrides(
      Map<String, String> base,
      Properties system,
      Map<String, String> env,
      Collection<String> envKeys) {
    Map<String, String> merged = new LinkedHashMap<>(base);
    for (String name : system.stringPropertyNames()) {
      if (name.startsWith("mirror.")) {
        merged.put(name, system.getProperty(name));
      }
    }
    for (String key : envKeys) {
      String value = env.get(envName(key));
      if (value != null) {
        merged.put(key, value);
      }
    }
    return merged;
  }

  /**
   * Returns the environment variable for {@code key}: {@code mirror.sample-rate} is {@code
   * MIRROR_SAMPLE_RATE}.
   */
  public static String envName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}

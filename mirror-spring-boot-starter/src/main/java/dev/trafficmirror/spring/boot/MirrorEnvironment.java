package dev.trafficmirror.spring.boot;

import dev.trafficmirror.core.MirrorConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Reads the {@code mirror.*} keys from a Spring environment into the plain map that {@link
 * MirrorConfig#fromProperties} parses, so that the library's one parser checks them. The keys the
 * parser knows are bound by name, with Spring's relaxed binding ({@code mirror.sampleRate} in YAML,
 * {@code MIRROR_SAMPLERATE} in the environment, lists in YAML); every other {@code mirror.*} name
 * of an enumerable property source is passed as it is written ({@code
 * mirror.target.v2.header.X-Model}, {@code mirror.compare.tolerance./scores/*}, and misspellings,
 * which the parser then rejects naming the nearest key). {@code mirror.filter.*} is the starter's
 * own. Stateless.
 */
final class MirrorEnvironment {
  /** The starter's own keys, bound by {@link MirrorFilterProperties}. */
  static final String FILTER_PREFIX = "mirror.filter.";

  private MirrorEnvironment() {}

  /** Returns the {@code mirror.*} properties of {@code environment}, highest precedence first. */
  static Map<String, String> properties(ConfigurableEnvironment environment) {
    Binder binder = Binder.get(environment);
    Map<String, String> properties = new LinkedHashMap<>();
    List<ConfigurationPropertyName> known = new ArrayList<>();
    for (String key : MirrorConfig.globalKeys()) {
      bind(binder, key, properties, known);
    }
    String targets = properties.get("mirror.targets");
    if (targets != null) {
      for (String name : targets.split(",", -1)) {
        String target = name.trim();
        if (target.isEmpty() || !ConfigurationPropertyName.isValid("mirror.target." + target)) {
          continue;
        }
        for (String relative : MirrorConfig.targetKeys()) {
          bind(binder, "mirror.target." + target + "." + relative, properties, known);
        }
      }
    }
    for (PropertySource<?> source : environment.getPropertySources()) {
      if (source instanceof EnumerablePropertySource<?> enumerable
          && !StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(
              source.getName())) {
        for (String name : enumerable.getPropertyNames()) {
          if (name.startsWith("mirror.")
              && !name.startsWith(FILTER_PREFIX)
              && !properties.containsKey(name)
              && !isKnown(name, known)) {
            Object value = enumerable.getProperty(name);
            properties.put(
                name, value == null ? "" : environment.resolvePlaceholders(value.toString()));
          }
        }
      }
    }
    return properties;
  }

  /**
   * Binds {@code key} as a value or, written as a list (YAML, {@code [0]}), as its comma-joined
   * items.
   */
  private static void bind(
      Binder binder,
      String key,
      Map<String, String> properties,
      List<ConfigurationPropertyName> known) {
    ConfigurationPropertyName name = ConfigurationPropertyName.of(key);
    known.add(name);
    binder.bind(name, Bindable.of(String.class)).ifBound(v -> properties.put(key, v));
    if (!properties.containsKey(key)) {
      binder
          .bind(name, Bindable.listOf(String.class))
          .ifBound(v -> properties.put(key, String.join(",", v)));
    }
  }

  /** Returns whether {@code name} is a relaxed form of a key bound by name, or an item of one. */
  private static boolean isKnown(String name, List<ConfigurationPropertyName> known) {
    ConfigurationPropertyName adapted;
    try {
      // Spring's own reading of the name: case, dashes and underscores do not matter.
      adapted = ConfigurationPropertyName.adapt(name, '.');
    } catch (RuntimeException e) {
      return false;
    }
    for (ConfigurationPropertyName k : known) {
      if (k.equals(adapted) || (name.indexOf('[') >= 0 && k.isAncestorOf(adapted))) {
        return true;
      }
    }
    return false;
  }
}

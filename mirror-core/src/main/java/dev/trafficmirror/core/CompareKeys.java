package dev.trafficmirror.core;

import dev.trafficmirror.core.config.ConfigKey;
import dev.trafficmirror.core.config.NearestKey;
import dev.trafficmirror.spi.InvalidConfigException;
import java.util.List;
import java.util.Map;

/** Turns {@code mirror.compare.*} (and per-target {@code compare.*}) keys into a comparator. */
final class CompareKeys {
  /** Relative keys, for the docs and their test; {@code tolerance.<json-pointer>} besides. */
  static final List<String> KEYS =
      MirrorKeys.COMPARE.stream()
          .filter(k -> !k.isPattern())
          .map(k -> k.name().substring(ConfigParser.COMPARE_PREFIX.length()))
          .toList();

  private CompareKeys() {}

  /**
   * Builds the comparator from {@code global} keys, of which {@code own} (a target's) replace those
   * of the same name. Keys are relative ({@code ignore}, {@code tolerance./scores/*}); errors name
   * the full key: {@code mirror.compare.<key>}, or {@code ownPrefix + key} for the target's own.
   */
  static DefaultResponseComparator comparator(
      Map<String, String> global, Map<String, String> own, String ownPrefix) {
    DefaultResponseComparator.Builder b = DefaultResponseComparator.builder();
    global.forEach(
        (relative, value) -> {
          if (!own.containsKey(relative)) {
            apply(b, relative, value, ConfigParser.COMPARE_PREFIX + relative);
          }
        });
    own.forEach((relative, value) -> apply(b, relative, value, ownPrefix + relative));
    return b.build();
  }

  private static void apply(
      DefaultResponseComparator.Builder b, String relative, String value, String key) {
    try {
      ConfigKey<DefaultResponseComparator.Builder, ?> k = MirrorKeys.compare(relative);
      if (k != null) {
        k.apply(b, key, value);
      } else if (relative.startsWith("tolerance.") && relative.length() > "tolerance.".length()) {
        b.tolerance(relative.substring("tolerance.".length()), Tolerance.parse(value));
      } else {
        throw new InvalidConfigException(
            key,
            value,
            NearestKey.unknownKey(
                key,
                KEYS.stream()
                    .map(k2 -> key.substring(0, key.length() - relative.length()) + k2)
                    .toList()));
      }
    } catch (InvalidConfigException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(key, value, String.valueOf(e.getMessage()));
    }
  }
}

package dev.trafficmirror.dropwizard;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.trafficmirror.core.MirrorConfig;
import dev.trafficmirror.spi.InvalidConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@code mirror:} block of a Dropwizard configuration. Its keys are the {@code mirror.*} keys
 * without the prefix, written flat or nested, so that these two are the same:
 *
 * <pre>{@code
 * mirror:
 *   targets: v2
 *   methods: [POST]
 *   target.v2.url: http://model-v2:8080
 *
 * mirror:
 *   targets: v2
 *   methods: POST
 *   target:
 *     v2:
 *       url: http://model-v2:8080
 * }</pre>
 *
 * <p>They are parsed by {@link MirrorConfig#fromProperties}, so a bad value fails start-up naming
 * the key. Two keys belong to the bundle: {@code url-patterns} (the application paths the filter is
 * mapped to, default {@code /*}) and {@code status-path} (the status page's path on the admin port,
 * default {@code /mirror}). Not thread-safe: Dropwizard fills it once at start-up.
 */
public final class MirrorFactory {
  private final Map<String, @Nullable Object> settings = new LinkedHashMap<>();
  private List<String> urlPatterns = new ArrayList<>(List.of("/*"));
  private String statusPath = "/mirror";

  /** Creates an empty block: every default, no targets. */
  public MirrorFactory() {}

  /** Sets one key of the block, as Jackson reads it: a value, a list, or a nested block. */
  @JsonAnySetter
  public void set(String key, @Nullable Object value) {
    settings.put(Objects.requireNonNull(key, "key"), value);
  }

  /** Returns the block's {@code mirror.*} keys as written (without the bundle's own keys). */
  @JsonAnyGetter
  public Map<String, @Nullable Object> settings() {
    return settings;
  }

  /** Returns {@code url-patterns}: where the filter is mapped; default {@code /*}. */
  @JsonProperty("url-patterns")
  public List<String> urlPatterns() {
    return urlPatterns;
  }

  /** Sets {@code url-patterns}. */
  @JsonProperty("url-patterns")
  public void urlPatterns(List<String> urlPatterns) {
    this.urlPatterns = new ArrayList<>(Objects.requireNonNull(urlPatterns, "urlPatterns"));
  }

  /**
   * Returns {@code status-path}: the status page's path on the admin port; default {@code /mirror}.
   */
  @JsonProperty("status-path")
  public String statusPath() {
    return statusPath;
  }

  /** Sets {@code status-path}. */
  @JsonProperty("status-path")
  public void statusPath(String statusPath) {
    this.statusPath = Objects.requireNonNull(statusPath, "statusPath");
  }

  /**
   * Returns the block as {@code mirror.*} properties: nested blocks joined with dots, lists with
   * commas.
   */
  public Map<String, String> properties() {
    Map<String, String> properties = new LinkedHashMap<>();
    settings.forEach((key, value) -> flatten("mirror." + key, value, properties));
    return properties;
  }

  /**
   * Returns the configuration the block describes.
   *
   * @throws InvalidConfigException naming the key and value of the first bad entry
   */
  public MirrorConfig config() {
    return MirrorConfig.fromProperties(properties());
  }

  private static void flatten(String key, @Nullable Object value, Map<String, String> properties) {
    if (value instanceof Map<?, ?> nested) {
      nested.forEach((k, v) -> flatten(key + "." + k, v, properties));
    } else if (value instanceof List<?> list) {
      List<String> items = new ArrayList<>();
      for (Object item : list) {
        items.add(String.valueOf(item));
      }
      properties.put(key, String.join(",", items));
    } else {
      properties.put(key, value == null ? "" : value.toString());
    }
  }

  /** Names the keys set, never their values: the block may hold secrets ({@code sample-seed}). */
  @Override
  public String toString() {
    return "MirrorFactory" + settings.keySet();
  }
}

package dev.trafficmirror.spi;

import java.util.List;

/**
 * Creates shadow targets of one type from configuration, found with {@link
 * java.util.ServiceLoader}.
 *
 * <p>A configuration such as {@code mirror.target.v2.type=http} selects the provider whose {@link
 * #type()} is {@code http}, and {@link #create} receives the keys under {@code mirror.target.v2.}.
 * This lets a {@code web.xml} configure a target it has no Java code for. Register an
 * implementation in {@code META-INF/services/dev.trafficmirror.spi.ShadowTargetProvider}.
 *
 * <p>Called once per target while a mirror is built, on the thread building it. Implementations
 * need a public no-argument constructor and must be thread-safe.
 */
public interface ShadowTargetProvider {

  /** Returns the type name this provider creates, for example {@code http}; lower case. */
  String type();

  /**
   * Returns the keys this type reads, relative to {@code mirror.target.<name>.} ({@code url},
   * {@code uri}, …): the type describes its own settings. Environment variables may set each of
   * them ({@code MIRROR_TARGET_V2_URL} for {@code mirror.target.v2.url}), as they may the engine's
   * keys. The default is none.
   */
  default List<String> keys() {
    return List.of();
  }

  /**
   * Creates a target from its settings.
   *
   * @throws InvalidConfigException when a setting is missing or invalid; the message names the key
   *     (see {@link TargetSettings#require} and {@link TargetSettings#invalid})
   */
  ShadowTarget create(TargetSettings settings);
}

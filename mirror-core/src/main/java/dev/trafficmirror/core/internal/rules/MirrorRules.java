package dev.trafficmirror.core.internal.rules;

import dev.trafficmirror.core.HeaderLookup;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a request is mirrored (method, path globs, loop marker, sampling) and to which
 * targets. The decision allocates nothing. Immutable and thread-safe.
 */
public final class MirrorRules {
  private static final long REQUEST_SEED = 0x5EED_0F_5A_3B1EL;

  private final Set<String> methods;
  private final List<PathGlob> include;
  private final List<PathGlob> exclude;
  private final double sampleRate;
  private final @Nullable String sampleKey;

  /** Creates the rules. */
  public MirrorRules(
      Set<String> methods, List<String> include, List<String> exclude, double sampleRate, @Nullable String sampleKey) {
    this.methods = Set.copyOf(methods);
    this.include = include.stream().map(PathGlob::of).toList();
    this.exclude = exclude.stream().map(PathGlob::of).toList();
    this.sampleRate = sampleRate;
    this.sampleKey = sampleKey;
  }

  /** Returns whether a request with this method, path and headers is mirrored. */
  public boolean shouldMirror(String method, String path, HeaderLookup headers) {
    if (!methods.contains(method) || !pathMatches(path)) {
      return false;
    }
    if (headers.get(HeaderPolicy.MIRROR_ID) != null || isShadowHost(headers.get("Host"))) {
      return false;
    }
    return sampled(sampleRate, sampleKey == null ? null : headers.get(sampleKey), REQUEST_SEED);
  }

  /** Returns whether the path passes the include and exclude globs. */
  public boolean pathMatches(String path) {
    for (PathGlob glob : exclude) {
      if (glob.matches(path)) {
        return false;
      }
    }
    if (include.isEmpty()) {
      return true;
    }
    for (PathGlob glob : include) {
      if (glob.matches(path)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns whether a request goes to a target sampled at {@code rate}: by the sample key's value when
   * the request has one (sticky), else by its mirror id, hashed with the target's own seed so that
   * targets sample independently.
   */
  public boolean selectsForTarget(double rate, String targetName, @Nullable String sampleKeyValue, String mirrorId) {
    if (rate >= 1) {
      return true;
    }
    long seed = Hashing.hash(targetName, REQUEST_SEED);
    return Hashing.unit(sampleKeyValue != null ? sampleKeyValue : mirrorId, seed) < rate;
  }

  /** Returns the configured sample-key header, or null. */
  public @Nullable String sampleKey() {
    return sampleKey;
  }

  private static boolean sampled(double rate, @Nullable String keyValue, long seed) {
    if (rate >= 1) {
      return true;
    }
    if (rate <= 0) {
      return false;
    }
    double u = keyValue != null ? Hashing.unit(keyValue, seed) : ThreadLocalRandom.current().nextDouble();
    return u < rate;
  }

  /**
   * Returns whether {@code host} (a Host header, perhaps with a port) ends in {@code -shadow}, the
   * mark Envoy and Istio put on the traffic they mirror.
   */
  static boolean isShadowHost(@Nullable String host) {
    if (host == null) {
      return false;
    }
    int end = host.length();
    if (host.startsWith("[")) {
      int bracket = host.indexOf(']');
      end = bracket < 0 ? end : bracket;
    } else {
      int colon = host.lastIndexOf(':');
      if (colon >= 0 && host.indexOf(':') == colon) {
        end = colon;
      }
    }
    return end >= 7 && host.regionMatches(true, end - 7, "-shadow", 0, 7);
  }
}

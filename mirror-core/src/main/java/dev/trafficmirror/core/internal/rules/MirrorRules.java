package dev.trafficmirror.core.internal.rules;

import dev.trafficmirror.core.HeaderLookup;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a request is mirrored (method, loop marker, path globs on the normalised path,
 * sampling) and to which targets. Sticky sampling hashes the sample key's value with a keyed hash
 * ({@link Hashing}) so that clients cannot choose a value that is always sampled. The decision
 * allocates nothing for a path that needs no normalisation. Thread-safe: besides its configuration
 * it holds only a memo of the per-target keys.
 */
public final class MirrorRules {
  /** What {@link #decide} found. */
  public enum Decision {
    /** Mirror the request. */
    MIRROR,
    /**
     * Let the request pass unmirrored, counting nothing: not selected by the rules or the sample.
     */
    PASS,
    /**
     * The request was sampled, but its path cannot be normalised: count it as {@code
     * SKIPPED_BAD_PATH}.
     */
    BAD_PATH
  }

  private final Set<String> methods;
  private final List<PathGlob> include;
  private final List<PathGlob> exclude;
  private final double sampleRate;
  private final @Nullable String sampleKey;
  private final Hashing requestHash;
  private final Hashing keyHash;
  private final Map<String, Hashing> targetHashes = new ConcurrentHashMap<>();

  /**
   * Creates the rules.
   *
   * @param hashing the keyed hash of sample-key values and mirror ids, from {@code
   *     mirror.sample-seed}
   */
  public MirrorRules(
      Set<String> methods,
      List<String> include,
      List<String> exclude,
      double sampleRate,
      @Nullable String sampleKey,
      Hashing hashing) {
    this.methods = Set.copyOf(methods);
    this.include = include.stream().map(PathGlob::of).toList();
    this.exclude = exclude.stream().map(PathGlob::of).toList();
    this.sampleRate = sampleRate;
    this.sampleKey = sampleKey;
    this.requestHash = hashing.derive("request");
    this.keyHash = hashing;
  }

  /** Returns whether a request with this method, raw path and headers is mirrored. */
  public boolean shouldMirror(String method, String path, HeaderLookup headers) {
    return decide(method, path, headers) == Decision.MIRROR;
  }

  /**
   * Decides about a request with this method, raw (not decoded) path and headers: the path rules
   * see the path as {@link PathNormalisation} normalises it.
   */
  public Decision decide(String method, String path, HeaderLookup headers) {
    if (!methods.contains(method)) {
      return Decision.PASS;
    }
    if (headers.get(HeaderPolicy.MIRROR_ID) != null || isShadowHost(headers.get("Host"))) {
      return Decision.PASS;
    }
    String normalised = PathNormalisation.normalise(path);
    if (normalised != null && !pathMatches(normalised)) {
      return Decision.PASS;
    }
    if (!sampled(sampleRate, sampleKey == null ? null : headers.get(sampleKey))) {
      return Decision.PASS;
    }
    return normalised == null ? Decision.BAD_PATH : Decision.MIRROR;
  }

  /** Returns whether the (normalised) path passes the include and exclude globs. */
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
   * Returns whether a request goes to a target sampled at {@code rate}: by the sample key's value
   * when the request has one (sticky), else by its mirror id, hashed with the target's own seed so
   * that targets sample independently.
   */
  public boolean selectsForTarget(
      double rate, String targetName, @Nullable String sampleKeyValue, String mirrorId) {
    if (rate >= 1) {
      return true;
    }
    Hashing hash = targetHashes.get(targetName);
    if (hash == null) {
      hash = targetHashes.computeIfAbsent(targetName, name -> keyHash.derive("target:" + name));
    }
    return hash.unit(sampleKeyValue != null ? sampleKeyValue : mirrorId) < rate;
  }

  /** Returns the configured sample-key header, or null. */
  public @Nullable String sampleKey() {
    return sampleKey;
  }

  private boolean sampled(double rate, @Nullable String keyValue) {
    if (rate >= 1) {
      return true;
    }
    if (rate <= 0) {
      return false;
    }
    double u =
        keyValue != null ? requestHash.unit(keyValue) : ThreadLocalRandom.current().nextDouble();
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

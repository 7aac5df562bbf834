package dev.trafficmirror.core;

import dev.trafficmirror.core.internal.rules.PathGlob;
import dev.trafficmirror.spi.InvalidConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The immutable configuration of a {@link Mirror}. Each accessor names its configuration key and
 * default; {@link #fromProperties(Map)} reads the same keys from text.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class MirrorConfig {
  private static final Pattern METHOD = Pattern.compile("[A-Z]{1,20}");
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private final boolean enabled;
  private final double sampleRate;
  private final @Nullable String sampleKey;
  private final @Nullable String sampleSeed;
  private final Set<String> methods;
  private final List<String> include;
  private final List<String> exclude;
  private final int maxBodyBytes;
  private final int maxResponseBytes;
  private final long maxBufferedBytes;
  private final boolean forwardSensitiveHeaders;
  private final SensitiveData sensitiveData;
  private final Duration drainTimeout;
  private final Map<String, TargetConfig> targets;
  private final DefaultResponseComparator comparator;
  private final @Nullable Path logPath;
  private final boolean logBodies;
  private final long logMaxBytes;
  private final int logMaxFiles;
  private final int statsMaxRoutes;
  private final int mismatchesMaxCount;
  private final long mismatchesMaxBytes;
  private final Duration mismatchesMaxAge;
  private final @Nullable String baseline;
  private final boolean statusAllowRemote;
  private final boolean statusShowBodies;

  private MirrorConfig(Builder b) {
    this.enabled = b.enabled;
    this.sampleRate = b.sampleRate;
    this.sampleKey = b.sampleKey;
    this.sampleSeed = b.sampleSeed;
    this.methods = Collections.unmodifiableSet(new LinkedHashSet<>(b.methods));
    this.include = List.copyOf(b.include);
    this.exclude = List.copyOf(b.exclude);
    this.maxBodyBytes = b.maxBodyBytes;
    this.maxResponseBytes = b.maxResponseBytes;
    this.maxBufferedBytes = b.maxBufferedBytes;
    this.forwardSensitiveHeaders = b.forwardSensitiveHeaders;
    this.sensitiveData = b.sensitiveData;
    this.drainTimeout = b.drainTimeout;
    this.targets = Collections.unmodifiableMap(new LinkedHashMap<>(b.targets));
    this.comparator = b.comparator;
    this.logPath = b.logPath;
    this.logBodies = b.logBodies;
    this.logMaxBytes = b.logMaxBytes;
    this.logMaxFiles = b.logMaxFiles;
    this.statsMaxRoutes = b.statsMaxRoutes;
    this.mismatchesMaxCount = b.mismatchesMaxCount;
    this.mismatchesMaxBytes = b.mismatchesMaxBytes;
    this.mismatchesMaxAge = b.mismatchesMaxAge;
    this.baseline = b.baseline;
    this.statusAllowRemote = b.statusAllowRemote;
    this.statusShowBodies = b.statusShowBodies;
  }

  /** Returns a builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.enabled = enabled;
    b.sampleRate = sampleRate;
    b.sampleKey = sampleKey;
    b.sampleSeed = sampleSeed;
    b.methods.clear();
    b.methods.addAll(methods);
    b.include.addAll(include);
    b.exclude.addAll(exclude);
    b.maxBodyBytes = maxBodyBytes;
    b.maxResponseBytes = maxResponseBytes;
    b.maxBufferedBytes = maxBufferedBytes;
    b.forwardSensitiveHeaders = forwardSensitiveHeaders;
    b.sensitiveData = sensitiveData;
    b.drainTimeout = drainTimeout;
    b.targets.putAll(targets);
    b.comparator = comparator;
    b.logPath = logPath;
    b.logBodies = logBodies;
    b.logMaxBytes = logMaxBytes;
    b.logMaxFiles = logMaxFiles;
    b.statsMaxRoutes = statsMaxRoutes;
    b.mismatchesMaxCount = mismatchesMaxCount;
    b.mismatchesMaxBytes = mismatchesMaxBytes;
    b.mismatchesMaxAge = mismatchesMaxAge;
    b.baseline = baseline;
    b.statusAllowRemote = statusAllowRemote;
    b.statusShowBodies = statusShowBodies;
    return b;
  }

  /**
   * Parses exactly the {@code mirror.*} keys of {@code properties}; other keys are ignored. This is
   * the one parser of configuration text: filter init-params, JAX-RS properties and system
   * properties all come through it.
   *
   * @throws InvalidConfigException naming the key and value of the first bad entry, including an
   *     unknown {@code mirror.*} key
   */
  public static MirrorConfig fromProperties(Map<String, String> properties) {
    return ConfigParser.parse(properties);
  }

  /**
   * Parses {@code properties} overridden by {@code mirror.*} system properties and then by {@code
   * MIRROR_*} environment variables ({@code mirror.sample-rate} is {@code MIRROR_SAMPLE_RATE},
   * {@code mirror.target.v2.url} is {@code MIRROR_TARGET_V2_URL}). This is what the adapters use.
   *
   * @throws InvalidConfigException naming the key and value of the first bad entry
   */
  public static MirrorConfig fromPropertiesWithOverrides(Map<String, String> properties) {
    return ConfigParser.parse(
        ConfigParser.withOverrides(properties, System.getProperties(), System.getenv()));
  }

  /**
   * Returns the keys {@link #fromProperties} reads outside {@code mirror.target.<name>.}, in the
   * order the docs list them ({@code mirror.enabled}, {@code mirror.targets}, …): for adapters that
   * read configuration by name, such as a framework's relaxed binding.
   */
  public static List<String> globalKeys() {
    return ConfigParser.GLOBAL_KEYS;
  }

  /**
   * Returns the keys {@link #fromProperties} reads under {@code mirror.target.<name>.} whatever the
   * target's type ({@code type}, {@code timeout}, …), followed by those of the target types that
   * ship ({@code url}), relative to that prefix. A target's type may read further keys, and {@code
   * header.<name>} and {@code compare.<key>} are read for every target.
   */
  public static List<String> targetKeys() {
    return ConfigParser.TARGET_KEYS;
  }

  /** Returns {@code mirror.enabled}: whether anything is mirrored; default true. */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Returns {@code mirror.sample-rate}, the share of matching requests mirrored (0..1); default 1.
   */
  public double sampleRate() {
    return sampleRate;
  }

  /**
   * Returns {@code mirror.sample-key}, a request header whose value decides sampling by its hash
   * (sticky: all requests with one value are in or all out), or null for random sampling; default
   * null.
   */
  public @Nullable String sampleKey() {
    return sampleKey;
  }

  /**
   * Returns {@code mirror.sample-seed}, the secret mixed into the keyed hash of {@code
   * mirror.sample-key} values (and of the per-target selection), or null when none was set: the
   * mirror then draws a random seed, so instances and restarts sample different values. All
   * instances of a deployment must share one seed for consistent sticky sampling. Never printed:
   * {@link #toString()} and error messages leave it out; default null.
   */
  public @Nullable String sampleSeed() {
    return sampleSeed;
  }

  /**
   * Returns {@code mirror.methods}, the HTTP methods mirrored; default {@code GET,HEAD,OPTIONS}.
   * Unsafe methods are mirrored only when named, because a shadow that writes doubles side effects.
   */
  public Set<String> methods() {
    return methods;
  }

  /**
   * Returns {@code mirror.include}, path globs of requests mirrored; default empty, meaning all.
   */
  public List<String> include() {
    return include;
  }

  /** Returns {@code mirror.exclude}, path globs of requests never mirrored; default empty. */
  public List<String> exclude() {
    return exclude;
  }

  /**
   * Returns {@code mirror.max-body-bytes}: a request body larger than this is not mirrored ({@code
   * SKIPPED_BODY_TOO_LARGE}); default 1 MiB.
   */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /**
   * Returns {@code mirror.max-response-bytes}: how much of a production or shadow response body is
   * kept for comparison; default 1 MiB.
   */
  public int maxResponseBytes() {
    return maxResponseBytes;
  }

  /**
   * Returns {@code mirror.max-buffered-bytes}: the budget for all copies held at once, queued and
   * in flight (a copy costs its request body, production's captured body and 1 KiB); a copy that
   * does not fit is dropped ({@code DROPPED_BUDGET}); default 64 MiB; at least one largest copy.
   */
  public long maxBufferedBytes() {
    return maxBufferedBytes;
  }

  /**
   * Returns {@code mirror.headers.forward-sensitive}: whether the sensitive headers of {@link
   * #sensitiveData()} ({@code Authorization}, {@code Cookie}, {@code X-Api-Key}, …) are sent to
   * shadows; default false. A target may override it ({@link
   * TargetConfig#forwardSensitiveHeaders()}). Outputs redact them either way.
   */
  public boolean forwardSensitiveHeaders() {
    return forwardSensitiveHeaders;
  }

  /**
   * Returns the sensitive-data policy: {@code mirror.sensitive-headers} and {@code
   * mirror.sensitive-query-params} merged with their defaults, and {@code
   * mirror.redact.json-pointers}; default {@link SensitiveData#defaults()}.
   */
  public SensitiveData sensitiveData() {
    return sensitiveData;
  }

  /**
   * Returns {@code mirror.drain-timeout}: how long {@link Mirror#close()} waits for queued and
   * in-flight copies before abandoning them; default 5s.
   */
  public Duration drainTimeout() {
    return drainTimeout;
  }

  /** Returns the targets by name, in the order of {@code mirror.targets}. */
  public Map<String, TargetConfig> targets() {
    return targets;
  }

  /**
   * Returns the comparator of every target that has none of its own, configured by the {@code
   * mirror.compare.*} keys; default: status, {@code Content-Type} and body compared exactly (JSON
   * structurally).
   */
  public DefaultResponseComparator comparator() {
    return comparator;
  }

  /**
   * Returns {@code mirror.log.path}, the JSON Lines outcome log, or null for none; default none.
   */
  public @Nullable Path logPath() {
    return logPath;
  }

  /**
   * Returns {@code mirror.log.bodies}: whether log lines carry request, production and shadow
   * bodies and the request headers (redacted by {@link #sensitiveData()}); default false.
   */
  public boolean logBodies() {
    return logBodies;
  }

  /** Returns {@code mirror.log.max-bytes}: the size at which the log rotates; default 100 MiB. */
  public long logMaxBytes() {
    return logMaxBytes;
  }

  /**
   * Returns {@code mirror.log.max-files}: files kept, the current one included (1..100); default 5.
   */
  public int logMaxFiles() {
    return logMaxFiles;
  }

  /**
   * Returns {@code mirror.stats.max-routes}: routes kept in the statistics per target (1..10000);
   * default 100.
   */
  public int statsMaxRoutes() {
    return statsMaxRoutes;
  }

  /**
   * Returns {@code mirror.mismatches.max-count}: recent mismatches kept (1..100000); default 100.
   */
  public int mismatchesMaxCount() {
    return mismatchesMaxCount;
  }

  /** Returns {@code mirror.mismatches.max-bytes}: memory for recent mismatches; default 4 MiB. */
  public long mismatchesMaxBytes() {
    return mismatchesMaxBytes;
  }

  /** Returns {@code mirror.mismatches.max-age}: how long a mismatch is kept; default 1h. */
  public Duration mismatchesMaxAge() {
    return mismatchesMaxAge;
  }

  /**
   * Returns {@code mirror.baseline}: the target that runs production's own version, whose
   * differences from production calibrate what is noise (see {@code docs/comparison.md}); default
   * none (null).
   */
  public @Nullable String baseline() {
    return baseline;
  }

  /**
   * Returns {@code mirror.status.allow-remote}: whether the status page answers clients other than
   * loopback ones; default false (others get 403). Set it only when the page is protected
   * otherwise, by the container's security constraints or an admin-only port.
   */
  public boolean statusAllowRemote() {
    return statusAllowRemote;
  }

  /**
   * Returns {@code mirror.status.show-bodies}: whether the status page, its JSON and the recent
   * mismatches of {@link Mirror#statistics()} show bodies (the request body in {@code curl} lines,
   * whole-body previews of differences); default false.
   */
  public boolean statusShowBodies() {
    return statusShowBodies;
  }

  @Override
  public String toString() {
    return "MirrorConfig[enabled="
        + enabled
        + ", sampleRate="
        + sampleRate
        + ", methods="
        + methods
        + ", include="
        + include
        + ", exclude="
        + exclude
        + ", maxBodyBytes="
        + maxBodyBytes
        + ", maxBufferedBytes="
        + maxBufferedBytes
        + ", targets="
        + targets.values()
        + "]";
  }

  /** Builds a {@link MirrorConfig}; not thread-safe. Each setter validates its value. */
  public static final class Builder {
    private boolean enabled = true;
    private double sampleRate = 1;
    private @Nullable String sampleKey;
    private @Nullable String sampleSeed;
    private final Set<String> methods = new LinkedHashSet<>(List.of("GET", "HEAD", "OPTIONS"));
    private final List<String> include = new ArrayList<>();
    private final List<String> exclude = new ArrayList<>();
    private int maxBodyBytes = 1 << 20;
    private int maxResponseBytes = 1 << 20;
    private long maxBufferedBytes = 64L << 20;
    private boolean forwardSensitiveHeaders;
    private SensitiveData sensitiveData = SensitiveData.defaults();
    private Duration drainTimeout = Duration.ofSeconds(5);
    private final Map<String, TargetConfig> targets = new LinkedHashMap<>();
    private DefaultResponseComparator comparator = DefaultResponseComparator.builder().build();
    private @Nullable Path logPath;
    private boolean logBodies;
    private long logMaxBytes = 100L << 20;
    private int logMaxFiles = 5;
    private int statsMaxRoutes = 100;
    private int mismatchesMaxCount = 100;
    private long mismatchesMaxBytes = 4L << 20;
    private Duration mismatchesMaxAge = Duration.ofHours(1);
    private @Nullable String baseline;
    private boolean statusAllowRemote;
    private boolean statusShowBodies;

    private Builder() {}

    /** Sets {@code mirror.enabled}; default true. */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /** Sets {@code mirror.sample-rate}, 0..1; default 1. */
    public Builder sampleRate(double sampleRate) {
      MirrorKeys.SAMPLE_RATE.check(sampleRate);
      this.sampleRate = sampleRate;
      return this;
    }

    /** Sets {@code mirror.sample-key}, a header name, or null for random sampling. */
    public Builder sampleKey(@Nullable String headerName) {
      if (headerName != null && !HEADER_NAME.matcher(headerName).matches()) {
        throw new InvalidConfigException(
            "mirror.sample-key", headerName, "is not a valid header name");
      }
      this.sampleKey = headerName;
      return this;
    }

    /**
     * Sets {@code mirror.sample-seed}: text of 16 to 1024 characters (for example 32 random bytes
     * in hex, {@code openssl rand -hex 32}), or null for a random seed. The key of the sampling
     * hash is the first 128 bits of SHA-256 of its UTF-8 bytes.
     *
     * @throws InvalidConfigException when it is shorter or longer; the message never shows the
     *     value
     */
    public Builder sampleSeed(@Nullable String seed) {
      if (seed != null && (seed.length() < 16 || seed.length() > 1024)) {
        // The exception shows a seed as <hidden, N chars>, never the value.
        throw new InvalidConfigException(
            "mirror.sample-seed",
            seed,
            "must be 16 to 1024 characters, for example the output of openssl rand -hex 32");
      }
      this.sampleSeed = seed;
      return this;
    }

    /** Sets {@code mirror.methods}, replacing the default; names are upper-cased. */
    public Builder methods(Collection<String> methods) {
      Set<String> upper = new LinkedHashSet<>();
      for (String method : methods) {
        String m = method.trim().toUpperCase(Locale.ROOT);
        if (!METHOD.matcher(m).matches()) {
          throw new InvalidConfigException("mirror.methods", method, "is not an HTTP method name");
        }
        upper.add(m);
      }
      this.methods.clear();
      this.methods.addAll(upper);
      return this;
    }

    /**
     * Adds path globs to {@code mirror.include} ({@code *} within a segment, {@code **} across).
     */
    public Builder include(Collection<String> globs) {
      include.addAll(checkGlobs("mirror.include", globs));
      return this;
    }

    /** Adds path globs to {@code mirror.exclude}. */
    public Builder exclude(Collection<String> globs) {
      exclude.addAll(checkGlobs("mirror.exclude", globs));
      return this;
    }

    private static List<String> checkGlobs(String key, Collection<String> globs) {
      for (String glob : globs) {
        try {
          PathGlob.of(glob);
        } catch (IllegalArgumentException e) {
          throw new InvalidConfigException(key, glob, String.valueOf(e.getMessage()));
        }
      }
      return List.copyOf(globs);
    }

    /** Sets {@code mirror.max-body-bytes}, 0..2147483639; default 1 MiB. */
    public Builder maxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = MirrorKeys.MAX_BODY_BYTES.check((long) maxBodyBytes).intValue();
      return this;
    }

    /** Sets {@code mirror.max-response-bytes}, 0..2147483639; default 1 MiB. */
    public Builder maxResponseBytes(int maxResponseBytes) {
      this.maxResponseBytes =
          MirrorKeys.MAX_RESPONSE_BYTES.check((long) maxResponseBytes).intValue();
      return this;
    }

    /** Sets {@code mirror.max-buffered-bytes}, at least 1; default 64 MiB. */
    public Builder maxBufferedBytes(long maxBufferedBytes) {
      this.maxBufferedBytes = MirrorKeys.MAX_BUFFERED_BYTES.check(maxBufferedBytes);
      return this;
    }

    /** Sets {@code mirror.headers.forward-sensitive}; default false. */
    public Builder forwardSensitiveHeaders(boolean forwardSensitiveHeaders) {
      this.forwardSensitiveHeaders = forwardSensitiveHeaders;
      return this;
    }

    /**
     * Sets the sensitive-data policy ({@code mirror.sensitive-headers}, {@code
     * mirror.sensitive-query-params}, {@code mirror.redact.json-pointers}); default {@link
     * SensitiveData#defaults()}.
     */
    public Builder sensitiveData(SensitiveData sensitiveData) {
      this.sensitiveData = Objects.requireNonNull(sensitiveData, "sensitiveData");
      return this;
    }

    /** Sets {@code mirror.drain-timeout}; must be positive; default 5s. */
    public Builder drainTimeout(Duration drainTimeout) {
      this.drainTimeout = MirrorKeys.DRAIN_TIMEOUT.check(drainTimeout);
      return this;
    }

    /** Adds a target, or replaces the one with the same name. */
    public Builder target(TargetConfig target) {
      Objects.requireNonNull(target, "target");
      targets.put(target.name(), target);
      return this;
    }

    /** Sets the comparator of targets without their own ({@code mirror.compare.*}). */
    public Builder comparator(DefaultResponseComparator comparator) {
      this.comparator = Objects.requireNonNull(comparator, "comparator");
      return this;
    }

    /** Sets {@code mirror.log.path}, or null for no outcome log. */
    public Builder logPath(@Nullable Path logPath) {
      this.logPath = logPath;
      return this;
    }

    /** Sets {@code mirror.log.bodies}; default false. */
    public Builder logBodies(boolean logBodies) {
      this.logBodies = logBodies;
      return this;
    }

    /** Sets {@code mirror.log.max-bytes}, at least 1 KiB; default 100 MiB. */
    public Builder logMaxBytes(long logMaxBytes) {
      this.logMaxBytes = MirrorKeys.LOG_MAX_BYTES.check(logMaxBytes);
      return this;
    }

    /** Sets {@code mirror.log.max-files}, 1..100; default 5. */
    public Builder logMaxFiles(int logMaxFiles) {
      this.logMaxFiles = MirrorKeys.LOG_MAX_FILES.check(logMaxFiles);
      return this;
    }

    /** Sets {@code mirror.stats.max-routes}, 1..10000; default 100. */
    public Builder statsMaxRoutes(int statsMaxRoutes) {
      this.statsMaxRoutes = MirrorKeys.STATS_MAX_ROUTES.check(statsMaxRoutes);
      return this;
    }

    /** Sets {@code mirror.mismatches.max-count}, 1..100000; default 100. */
    public Builder mismatchesMaxCount(int mismatchesMaxCount) {
      this.mismatchesMaxCount = MirrorKeys.MISMATCHES_MAX_COUNT.check(mismatchesMaxCount);
      return this;
    }

    /** Sets {@code mirror.mismatches.max-bytes}, at least 1 KiB; default 4 MiB. */
    public Builder mismatchesMaxBytes(long mismatchesMaxBytes) {
      this.mismatchesMaxBytes = MirrorKeys.MISMATCHES_MAX_BYTES.check(mismatchesMaxBytes);
      return this;
    }

    /** Sets {@code mirror.mismatches.max-age}; must be positive; default 1h. */
    public Builder mismatchesMaxAge(Duration mismatchesMaxAge) {
      this.mismatchesMaxAge = MirrorKeys.MISMATCHES_MAX_AGE.check(mismatchesMaxAge);
      return this;
    }

    /** Sets {@code mirror.status.allow-remote}; default false. */
    public Builder statusAllowRemote(boolean statusAllowRemote) {
      this.statusAllowRemote = statusAllowRemote;
      return this;
    }

    /** Sets {@code mirror.status.show-bodies}; default false. */
    public Builder statusShowBodies(boolean statusShowBodies) {
      this.statusShowBodies = statusShowBodies;
      return this;
    }

    /**
     * Names the baseline target, one running production's own version, or null for none; default
     * none. {@link #build()} rejects a name that is not a configured target.
     */
    public Builder baseline(@Nullable String baseline) {
      this.baseline = baseline == null || baseline.isBlank() ? null : baseline.trim();
      return this;
    }

    /**
     * Returns the configuration.
     *
     * @throws InvalidConfigException when {@code mirror.max-buffered-bytes} cannot hold one largest
     *     copy, or {@code mirror.baseline} names a target that is not configured
     */
    public MirrorConfig build() {
      if (baseline != null && !targets.isEmpty() && !targets.containsKey(baseline)) {
        throw new InvalidConfigException(
            "mirror.baseline",
            baseline,
            "names no configured target (mirror.targets: "
                + String.join(",", targets.keySet())
                + ")");
      }
      long largestCopy = (long) maxBodyBytes + maxResponseBytes + 1024;
      if (maxBufferedBytes < largestCopy) {
        throw new InvalidConfigException(
            "mirror.max-buffered-bytes",
            String.valueOf(maxBufferedBytes),
            "must hold at least one largest copy: mirror.max-body-bytes + mirror.max-response-bytes + 1 KiB = "
                + largestCopy);
      }
      return new MirrorConfig(this);
    }
  }
}

package dev.trafficmirror.core;

import dev.trafficmirror.spi.InvalidConfigException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The configuration of one shadow target: its name, its type, how it is sampled and queued, and the
 * settings its {@link dev.trafficmirror.spi.ShadowTargetProvider} reads (such as {@code url}).
 *
 * <p>Each accessor names its configuration key, {@code mirror.target.<name>.<key>}. Instances are
 * immutable and thread-safe.
 */
public final class TargetConfig {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private final String name;
  private final String type;
  private final Map<String, String> settings;
  private final Duration timeout;
  private final double sampleRate;
  private final int threads;
  private final int queueCapacity;
  private final int maxInFlight;
  private final Duration connectBackoff;
  private final Map<String, String> headers;
  private final @Nullable Boolean forwardSensitiveHeaders;
  private final @Nullable DefaultResponseComparator comparator;
  // Experiment limits (issue 15): kept apart from the dispatch settings above.
  private final @Nullable Duration stopAfter;
  private final long maxMismatches;

  private TargetConfig(Builder b) {
    this.name = b.name;
    this.type = b.type;
    this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(b.settings));
    this.timeout = b.timeout;
    this.sampleRate = b.sampleRate;
    this.threads = b.threads;
    this.queueCapacity = b.queueCapacity;
    this.maxInFlight = b.maxInFlight;
    this.connectBackoff = b.connectBackoff;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
    this.forwardSensitiveHeaders = b.forwardSensitiveHeaders;
    this.comparator = b.comparator;
    this.stopAfter = b.stopAfter;
    this.maxMismatches = b.maxMismatches;
  }

  /**
   * Returns a builder for the target called {@code name}.
   *
   * @throws InvalidConfigException when the name is not 1 to 64 letters, digits, {@code _} or
   *     {@code -}
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Returns a builder holding this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.type = type;
    b.settings.putAll(settings);
    b.timeout = timeout;
    b.sampleRate = sampleRate;
    b.threads = threads;
    b.queueCapacity = queueCapacity;
    b.maxInFlight = maxInFlight;
    b.connectBackoff = connectBackoff;
    b.headers.putAll(headers);
    b.forwardSensitiveHeaders = forwardSensitiveHeaders;
    b.comparator = comparator;
    b.stopAfter = stopAfter;
    b.maxMismatches = maxMismatches;
    return b;
  }

  /** Returns the target's name, as listed in {@code mirror.targets}. */
  public String name() {
    return name;
  }

  /** Returns {@code mirror.target.<name>.type}, the provider type; default {@code http}. */
  public String type() {
    return type;
  }

  /**
   * Returns the provider's own settings by relative key (for the {@code http} type: {@code url}),
   * everything under {@code mirror.target.<name>.} that the engine does not read itself.
   */
  public Map<String, String> settings() {
    return settings;
  }

  /** Returns {@code mirror.target.<name>.timeout}, the deadline of one shadow call; default 1s. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Returns {@code mirror.target.<name>.sample-rate}, the share of mirrored requests sent to this
   * target (0..1, applied after {@code mirror.sample-rate}); default 1.
   */
  public double sampleRate() {
    return sampleRate;
  }

  /**
   * Returns {@code mirror.target.<name>.threads}, the target's mirror threads (1..256); default 4.
   * A synchronous target runs one call per thread; an asynchronous one (the {@code http} and {@code
   * redis-stream} types) holds no thread while its shadow works, and its threads only start calls
   * and compare answers.
   */
  public int threads() {
    return threads;
  }

  /**
   * Returns {@code mirror.target.<name>.max-in-flight}, the most calls this target has started and
   * not yet seen end (1..100000); default 64. Copies beyond it wait in the queue. By Little's law
   * the calls in flight are the rate times the shadow's latency: 2000 req/s to a shadow answering
   * in 5 ms keep 10 in flight, so the default leaves six times that room (2000 req/s up to 32 ms,
   * or 320 req/s to a 200 ms shadow), and the queue absorbs a shadow's pauses. It is also how many
   * connections the {@code http} target may open at once after a pause, which a shadow's accept
   * queue must take (Java servers accept 50 by default). The {@code http} target keeps up to this
   * many connections open to the shadow. A synchronous target is also bounded by its {@link
   * #threads()}.
   */
  public int maxInFlight() {
    return maxInFlight;
  }

  /**
   * Returns {@code mirror.target.<name>.queue-capacity}, the copies that may wait for a worker
   * (1..1000000) before further ones are dropped; default 2048.
   */
  public int queueCapacity() {
    return queueCapacity;
  }

  /**
   * Returns {@code mirror.target.<name>.connect-backoff}: after a call that could not connect to
   * the target, copies are not sent (each counted {@code DROPPED_TARGET_PAUSED}) for this long,
   * doubling with each further failure up to 50 times as long; any answer ends the pause. Zero
   * disables it; default 100ms.
   */
  public Duration connectBackoff() {
    return connectBackoff;
  }

  /**
   * Returns the static headers set on every call to this target, {@code
   * mirror.target.<name>.header.<Header-Name>} (for example the shadow's own credential).
   */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * Returns {@code mirror.target.<name>.headers.forward-sensitive}: whether this target is sent the
   * sensitive headers, overriding {@link MirrorConfig#forwardSensitiveHeaders()}; null (the
   * default) to follow it.
   */
  public @Nullable Boolean forwardSensitiveHeaders() {
    return forwardSensitiveHeaders;
  }

  /**
   * Returns whether this target is sent the sensitive headers when the mirror's setting is {@code
   * global}.
   */
  public boolean forwardsSensitiveHeaders(boolean global) {
    return forwardSensitiveHeaders == null ? global : forwardSensitiveHeaders;
  }

  /**
   * Returns this target's own comparator ({@code mirror.target.<name>.compare.*} keys, which
   * override the same {@code mirror.compare.*} keys), or null to use {@link
   * MirrorConfig#comparator()}.
   */
  public @Nullable DefaultResponseComparator comparator() {
    return comparator;
  }

  /**
   * Returns {@code mirror.target.<name>.stop-after}: how long after the mirror is built (or the
   * target resumed) the target stops taking copies; null (the default) for no limit.
   */
  public @Nullable Duration stopAfter() {
    return stopAfter;
  }

  /**
   * Returns {@code mirror.target.<name>.max-mismatches}: after this many mismatches the target
   * stops taking copies; 0 (the default) for no limit.
   */
  public long maxMismatches() {
    return maxMismatches;
  }

  @Override
  public String toString() {
    return "TargetConfig["
        + name
        + ", type="
        + type
        + ", timeout="
        + timeout
        + ", sampleRate="
        + sampleRate
        + ", threads="
        + threads
        + ", queueCapacity="
        + queueCapacity
        + ", maxInFlight="
        + maxInFlight
        + ", connectBackoff="
        + connectBackoff
        + ", settings="
        + settings.keySet()
        + ", headers="
        + headers.keySet()
        + "]";
  }

  /** Builds a {@link TargetConfig}; not thread-safe. */
  public static final class Builder {
    private final String name;
    private String type = "http";
    private final Map<String, String> settings = new LinkedHashMap<>();
    private Duration timeout = Duration.ofSeconds(1);
    private double sampleRate = 1;
    private int threads = 4;
    private int queueCapacity = 2048;
    private int maxInFlight = 64;
    private Duration connectBackoff = Duration.ofMillis(100);
    private final Map<String, String> headers = new LinkedHashMap<>();
    private @Nullable Boolean forwardSensitiveHeaders;
    private @Nullable DefaultResponseComparator comparator;
    private @Nullable Duration stopAfter;
    private long maxMismatches;

    private Builder(String name) {
      Objects.requireNonNull(name, "name");
      if (!NAME.matcher(name).matches()) {
        throw new InvalidConfigException(
            "mirror.targets", name, "target names are 1 to 64 letters, digits, _ or -");
      }
      this.name = name;
    }

    private String key(String relative) {
      return "mirror.target." + name + "." + relative;
    }

    /** Sets the provider type; default {@code http}. */
    public Builder type(String type) {
      Objects.requireNonNull(type, "type");
      if (type.isBlank()) {
        throw new InvalidConfigException(key("type"), type, "must not be blank");
      }
      this.type = type.trim().toLowerCase(Locale.ROOT);
      return this;
    }

    /** Sets the {@code url} setting read by the {@code http} type. */
    public Builder url(String url) {
      return setting("url", url);
    }

    /** Sets a provider setting by its relative key (for example {@code url}). */
    public Builder setting(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      settings.put(key, value);
      return this;
    }

    /** Sets the deadline of one shadow call; must be positive; default 1s. */
    public Builder timeout(Duration timeout) {
      this.timeout = MirrorKeys.TIMEOUT.check(name, Objects.requireNonNull(timeout, "timeout"));
      return this;
    }

    /** Sets the share of mirrored requests sent to this target, 0..1; default 1. */
    public Builder sampleRate(double sampleRate) {
      MirrorKeys.TARGET_SAMPLE_RATE.check(name, sampleRate);
      this.sampleRate = sampleRate;
      return this;
    }

    /** Sets the number of mirror threads, 1..256; default 4. */
    public Builder threads(int threads) {
      this.threads = MirrorKeys.THREADS.check(name, threads);
      return this;
    }

    /** Sets how many copies may wait for a worker, 1..1000000; default 2048. */
    public Builder queueCapacity(int queueCapacity) {
      this.queueCapacity = MirrorKeys.QUEUE_CAPACITY.check(name, queueCapacity);
      return this;
    }

    /** Sets the most calls in flight at once, 1..100000; default 64. */
    public Builder maxInFlight(int maxInFlight) {
      this.maxInFlight = MirrorKeys.MAX_IN_FLIGHT.check(name, maxInFlight);
      return this;
    }

    /**
     * Sets how long copies are not sent after a call could not connect to the target (doubling up
     * to 50 times as long while it stays unreachable); zero disables the pause; default 100ms.
     */
    public Builder connectBackoff(Duration connectBackoff) {
      this.connectBackoff =
          MirrorKeys.CONNECT_BACKOFF.check(
              name, Objects.requireNonNull(connectBackoff, "connectBackoff"));
      return this;
    }

    /** Adds a static header sent on every call to this target, replacing the client's. */
    public Builder header(String headerName, String value) {
      Objects.requireNonNull(headerName, "headerName");
      Objects.requireNonNull(value, "value");
      if (!HEADER_NAME.matcher(headerName).matches()) {
        throw new InvalidConfigException(
            key("header." + headerName), value, "has an invalid header name");
      }
      if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
        // The value is a secret as often as not: the exception shows only its length.
        throw new InvalidConfigException(
            key("header." + headerName), value, "must not contain CR or LF");
      }
      headers.put(headerName, value);
      return this;
    }

    /**
     * Sets {@code mirror.target.<name>.headers.forward-sensitive}, or null to follow {@code
     * mirror.headers.forward-sensitive}; default null.
     */
    public Builder forwardSensitiveHeaders(@Nullable Boolean forwardSensitiveHeaders) {
      this.forwardSensitiveHeaders = forwardSensitiveHeaders;
      return this;
    }

    /** Sets this target's own comparator, or null to use the mirror's. */
    public Builder comparator(@Nullable DefaultResponseComparator comparator) {
      this.comparator = comparator;
      return this;
    }

    /**
     * Stops the target this long after the mirror is built (or it resumed); must be positive, or
     * null for no limit.
     */
    public Builder stopAfter(@Nullable Duration stopAfter) {
      this.stopAfter = stopAfter == null ? null : MirrorKeys.STOP_AFTER.check(name, stopAfter);
      return this;
    }

    /** Stops the target after this many mismatches, 0..1000000000 (0: no limit); default 0. */
    public Builder maxMismatches(long maxMismatches) {
      this.maxMismatches = MirrorKeys.MAX_MISMATCHES.check(name, maxMismatches);
      return this;
    }

    /** Returns the configuration. */
    public TargetConfig build() {
      return new TargetConfig(this);
    }
  }
}

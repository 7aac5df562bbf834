package dev.trafficmirror.redis;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.MirrorConfig;
import dev.trafficmirror.core.TargetConfig;
import dev.trafficmirror.redis.internal.ConsumerGroup;
import dev.trafficmirror.redis.internal.EntryScreen;
import dev.trafficmirror.redis.internal.OutcomeTracker;
import dev.trafficmirror.redis.internal.RedisClients;
import dev.trafficmirror.redis.internal.ReplayLoop;
import dev.trafficmirror.redis.internal.ReplayerMain;
import dev.trafficmirror.spi.InvalidConfigException;
import dev.trafficmirror.spi.OutcomeListener;
import dev.trafficmirror.spi.ResponseComparator;
import dev.trafficmirror.spi.ShadowTarget;
import io.opentelemetry.api.OpenTelemetry;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.RedisClient;

/**
 * The shadow side of the Redis Streams transport: a worker that joins a consumer group on the
 * stream the {@code redis-stream} target appends to, replays each entry to its shadow targets,
 * compares each answer with production's response in the entry, and then acknowledges the entry.
 *
 * <p>The replayer owns a {@link Mirror} built with its shadow targets (HTTP, or any {@link
 * ShadowTarget}) and submits every decoded entry to it, so a replay gets exactly what a direct
 * mirror gets: the comparison ({@code mirror.compare.*}), one outcome per target, a CLIENT span
 * linked to the production span through the recorded trace context, metrics, the JSON Lines log
 * ({@code mirror.log.path}), statistics and listeners. An entry is acknowledged only once the
 * outcomes of all targets are in.
 *
 * <p><b>Scaling and failures.</b> Replayers on any number of machines share the stream through the
 * group: each entry is delivered to one of them. Entries held by a replayer are kept alive while it
 * works on them; entries of a replayer that stopped are claimed by the others after {@link
 * ReplayerConfig#claimIdle()} ({@code XAUTOCLAIM}), whatever the backlog of new entries: claims
 * come first, from a quarter of {@code max-in-flight} kept for them. An entry whose replay failed
 * (shadow error or timeout) is left pending and retried the same way; one that failed on its {@link
 * ReplayerConfig#maxDeliveries()}th delivery, or is not a readable record, goes to the dead letter
 * stream with its error and is acknowledged. An entry whose copy the mirror dropped (memory budget,
 * shutdown) is left pending and retried, never counted as a failure. Delivery is at least once: a
 * replayer that stops after the shadow answered and before it acknowledged causes a second replay.
 *
 * <p><b>Trust.</b> Every entry is screened before anything of it is sent. With {@link
 * ReplayerConfig#signed() a signing key}, an entry without a valid HMAC signature of the {@code
 * redis-stream} target sharing that key is refused; without one, the replayer trusts every writer
 * to the stream, and says so in a warning at start-up. Then every entry's fields must be what a
 * request can be (an upper-case token as method, a path from {@code /} without spaces or control
 * characters, a hex id, bounded headers), its bodies within the mirror's {@code max-body-bytes} and
 * {@code max-response-bytes} and the whole within {@code max-buffered-bytes}, and its method in the
 * mirror's {@code mirror.methods}. A refused entry is sent to the dead letter stream at once with
 * its reason, acknowledged, and counted ({@link #rejected(EntryRejection)}); it never reaches a
 * shadow.
 *
 * <p><b>Back-pressure.</b> A replayer holds at most {@link ReplayerConfig#maxInFlight()} entries,
 * which must not exceed any target's {@code queue-capacity}: the mirror never drops a replay for a
 * full queue.
 *
 * <p>Thread-safe. The replayer starts when built and runs until {@link #close()}.
 */
public final class MirrorReplayer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.trafficmirror.redis");

  /** Connect and read timeout of the replayer's Redis commands. */
  private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(2);

  private final ReplayerConfig config;
  private final Mirror mirror;
  private final RedisClient redis;
  private final ReplayLoop loop;
  private final Thread thread;
  private boolean closing;

  private MirrorReplayer(ReplayerConfig config, Mirror mirror, OutcomeTracker tracker) {
    this.config = config;
    this.mirror = mirror;
    this.redis =
        RedisClients.create(
            config.uri(), REDIS_TIMEOUT, REDIS_TIMEOUT.plusMillis(ReplayLoop.MAX_BLOCK_MILLIS), 4);
    ConsumerGroup group =
        new ConsumerGroup(
            redis,
            config.stream(),
            config.group(),
            config.consumer(),
            config.deadLetterStream(),
            config.deadLetterMaxLen());
    MirrorConfig mirrorConfig = mirror.config();
    EntryScreen screen =
        new EntryScreen(
            config.signature(),
            config.stream(),
            mirrorConfig.methods(),
            mirrorConfig.maxBodyBytes(),
            mirrorConfig.maxResponseBytes(),
            mirrorConfig.maxBufferedBytes());
    this.loop =
        new ReplayLoop(
            group,
            mirror,
            tracker,
            mirrorConfig.targets().keySet(),
            config.maxInFlight(),
            config.claimIdle(),
            config.maxDeliveries(),
            stuckAfter(config, mirrorConfig),
            mirrorConfig.drainTimeout(),
            config.consumer(),
            screen);
    this.thread = new Thread(loop, "mirror-replayer-" + config.consumer());
    thread.setDaemon(true);
  }

  /**
   * Returns how long an entry may wait for its outcomes before the replayer gives it up for a
   * retry: twice the time a full load of entries takes on the slowest target, at least ten idle
   * times. Outcomes normally come within a target's timeout; this only guards against one never
   * coming.
   */
  static Duration stuckAfter(ReplayerConfig config, MirrorConfig mirrorConfig) {
    Duration longest = config.claimIdle().multipliedBy(10);
    for (TargetConfig target : mirrorConfig.targets().values()) {
      int rounds = (config.maxInFlight() + target.threads() - 1) / target.threads() + 1;
      Duration fullLoad = target.timeout().multipliedBy(2L * rounds);
      if (fullLoad.compareTo(longest) > 0) {
        longest = fullLoad;
      }
    }
    return longest;
  }

  /** Returns a builder for a replayer with {@code config}. */
  public static Builder builder(ReplayerConfig config) {
    return new Builder(config);
  }

  /**
   * Builds and starts a replayer from configuration text: the {@code mirror.replayer.*} keys
   * configure the replayer ({@link ReplayerConfig#fromProperties}), every other {@code mirror.*}
   * key its mirror ({@link MirrorConfig#fromProperties}): targets, comparison, log.
   *
   * @throws InvalidConfigException naming the key and value of the first bad entry
   */
  public static MirrorReplayer fromProperties(Map<String, String> properties) {
    ReplayerConfig replayerConfig = ReplayerConfig.fromProperties(properties);
    Map<String, String> rest = new LinkedHashMap<>();
    properties.forEach(
        (k, v) -> {
          if (!k.startsWith(ReplayerConfig.PREFIX)) {
            rest.put(k, v);
          }
        });
    return builder(replayerConfig).mirrorConfig(MirrorConfig.fromProperties(rest)).build();
  }

  /**
   * Runs a replayer until the process is stopped. Arguments are properties files and {@code
   * key=value} pairs, later ones overriding earlier ones; {@code mirror.*} system properties
   * override both, and environment variables named after a key ({@code MIRROR_REPLAYER_URI}, {@code
   * MIRROR_TARGET_V2_URL}) override everything, for every replayer key and every key given. Exits
   * with status 2 on a configuration error.
   */
  public static void main(String[] args) throws InterruptedException {
    int status = ReplayerMain.run(args);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Returns the replayer's configuration. */
  public ReplayerConfig config() {
    return config;
  }

  /**
   * Returns the replayer's mirror, for its outcome counts and statistics. It is closed by {@link
   * #close()}; do not submit to it.
   */
  public Mirror mirror() {
    return mirror;
  }

  /**
   * Returns how many entries this replayer has sent to the dead letter stream, for any reason:
   * failed on their last delivery, unreadable, or refused ({@link #rejected(EntryRejection)}).
   */
  public long deadLettered() {
    return loop.deadLettered();
  }

  /**
   * Returns how many entries this replayer refused for {@code reason} and sent to the dead letter
   * stream.
   */
  public long rejected(EntryRejection reason) {
    return loop.rejected(Objects.requireNonNull(reason, "reason"));
  }

  /** Returns how many entries this replayer refused, by reason, every reason present; a copy. */
  public Map<EntryRejection, Long> rejectedCounts() {
    Map<EntryRejection, Long> counts = new EnumMap<>(EntryRejection.class);
    for (EntryRejection reason : EntryRejection.values()) {
      counts.put(reason, loop.rejected(reason));
    }
    return counts;
  }

  /**
   * Stops reading, lets the entries it holds finish (up to the mirror's {@code drain-timeout}) and
   * acknowledges them, closes the mirror (which drains again within its timeout), and leaves the
   * consumer group when nothing is pending on it. What could not finish stays pending and is
   * claimed by another replayer after the idle time. Idempotent.
   */
  @Override
  public void close() {
    if (!startClosing()) {
      return;
    }
    loop.stop();
    joinLoop();
    mirror.close();
    loop.finish();
    redis.close();
    LOG.log(
        Level.INFO,
        "Replayer {0} closed; dead-lettered {1}, of which rejected {2}",
        config.consumer(),
        deadLettered(),
        rejectedCounts());
  }

  /**
   * Stops at once without settling anything, as a replayer whose process died: nothing it holds is
   * acknowledged, and the other replayers claim it after the idle time. For tests.
   */
  void abandon() {
    if (!startClosing()) {
      return;
    }
    loop.abandon();
    joinLoop();
    mirror.close();
    redis.close();
  }

  private synchronized boolean startClosing() {
    if (closing) {
      return false;
    }
    closing = true;
    return true;
  }

  private void joinLoop() {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "MirrorReplayer["
        + config.consumer()
        + ", stream="
        + config.stream()
        + ", group="
        + config.group()
        + "]";
  }

  /** Builds a {@link MirrorReplayer}; not thread-safe. */
  public static final class Builder {
    private final ReplayerConfig config;
    private MirrorConfig mirrorConfig = MirrorConfig.builder().build();
    private final Map<String, ShadowTarget> targets = new LinkedHashMap<>();
    private final List<OutcomeListener> listeners = new ArrayList<>();
    private @Nullable ResponseComparator comparator;
    private @Nullable OpenTelemetry openTelemetry;

    private Builder(ReplayerConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Sets the configuration of the replayer's mirror: its targets (an {@code http} target by
     * {@code url}, or any type with a provider), the comparison, the log; default: every default
     * and no targets. Its {@code methods} apply: an entry with another method is refused and
     * dead-lettered ({@link EntryRejection#METHOD_NOT_ALLOWED}). Its {@code include}, {@code
     * exclude} and {@code sample-rate} do not filter replays: production already chose what to
     * mirror.
     */
    public Builder mirrorConfig(MirrorConfig mirrorConfig) {
      this.mirrorConfig = Objects.requireNonNull(mirrorConfig, "mirrorConfig");
      return this;
    }

    /** Replays to {@code target} under {@code name}, as {@link Mirror.Builder#target} does. */
    public Builder target(String name, ShadowTarget target) {
      targets.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(target, "target"));
      return this;
    }

    /** Adds a listener for every outcome of the replayer's mirror (see {@link OutcomeListener}). */
    public Builder listener(OutcomeListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Uses {@code comparator} instead of the one configured by {@code mirror.compare.*}. */
    public Builder comparator(ResponseComparator comparator) {
      this.comparator = Objects.requireNonNull(comparator, "comparator");
      return this;
    }

    /** Sets the OpenTelemetry of the replayer's mirror; default {@code GlobalOpenTelemetry}. */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
      return this;
    }

    /**
     * Builds the mirror, checks that it can replay every entry, and starts reading. Redis need not
     * be up: the replayer retries until it is.
     *
     * @throws InvalidConfigException naming the key when mirroring is disabled, a target samples
     *     ({@code sample-rate} below 1), a target's {@code queue-capacity} is below {@code
     *     mirror.replayer.max-in-flight}, or the mirror's configuration is invalid
     */
    public MirrorReplayer build() {
      if (!mirrorConfig.enabled()) {
        throw new InvalidConfigException("mirror.enabled", "false", "must be true for a replayer");
      }
      OutcomeTracker tracker = new OutcomeTracker();
      Mirror.Builder mirrorBuilder = Mirror.builder().config(mirrorConfig).listener(tracker);
      targets.forEach(mirrorBuilder::target);
      listeners.forEach(mirrorBuilder::listener);
      if (comparator != null) {
        mirrorBuilder.comparator(comparator);
      }
      if (openTelemetry != null) {
        mirrorBuilder.openTelemetry(openTelemetry);
      }
      Mirror mirror = mirrorBuilder.build();
      MirrorReplayer replayer;
      try {
        check(mirror.config());
        replayer = new MirrorReplayer(config, mirror, tracker);
      } catch (RuntimeException | Error e) {
        mirror.close();
        throw e;
      }
      if (!config.signed()) {
        LOG.log(
            Level.WARNING,
            "Replayer {0}: mirror.replayer.signing-key is not set, so it trusts every writer"
                + " to the stream {1}: whoever can XADD to it chooses what is sent to the shadows. Set the same"
                + " signing-key on the redis-stream target and the replayer (see docs/redis.md)",
            config.consumer(),
            config.stream());
      }
      replayer.thread.start();
      return replayer;
    }

    private void check(MirrorConfig effective) {
      for (TargetConfig target : effective.targets().values()) {
        String prefix = "mirror.target." + target.name() + ".";
        if (target.sampleRate() < 1) {
          // AdapterProtocol.submit samples per target, and an unsampled target sends no outcome to
          // wait for.
          throw new InvalidConfigException(
              prefix + "sample-rate",
              String.valueOf(target.sampleRate()),
              "must be 1 for a replayer: production already sampled, and every entry is replayed to every target");
        }
        if (target.queueCapacity() < config.maxInFlight()) {
          throw new InvalidConfigException(
              prefix + "queue-capacity",
              String.valueOf(target.queueCapacity()),
              "must be at least mirror.replayer.max-in-flight ("
                  + config.maxInFlight()
                  + "), so that no replay is dropped for a full queue");
        }
      }
    }
  }
}

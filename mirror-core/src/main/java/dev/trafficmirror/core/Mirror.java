package dev.trafficmirror.core;

import dev.trafficmirror.core.internal.dispatch.ExperimentControl;
import dev.trafficmirror.core.internal.dispatch.MemoryBudget;
import dev.trafficmirror.core.internal.dispatch.MirrorTelemetry;
import dev.trafficmirror.core.internal.dispatch.NamedThreadFactory;
import dev.trafficmirror.core.internal.dispatch.OutcomeCounters;
import dev.trafficmirror.core.internal.dispatch.OutcomeRecorder;
import dev.trafficmirror.core.internal.dispatch.RateLimitedLog;
import dev.trafficmirror.core.internal.dispatch.TargetWorker;
import dev.trafficmirror.core.internal.report.OutcomeLog;
import dev.trafficmirror.core.internal.report.RecentMismatches;
import dev.trafficmirror.core.internal.report.Redaction;
import dev.trafficmirror.core.internal.report.StatisticsRecorder;
import dev.trafficmirror.core.internal.rules.Hashing;
import dev.trafficmirror.core.internal.rules.HeaderPolicy;
import dev.trafficmirror.core.internal.rules.MirrorRules;
import dev.trafficmirror.spi.InvalidConfigException;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.OutcomeListener;
import dev.trafficmirror.spi.ResponseComparator;
import dev.trafficmirror.spi.ShadowTarget;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * The mirror: decides which requests are copied, queues each copy for every target on bounded
 * workers, calls the targets with a deadline, and reports every outcome as counts, metrics, spans
 * and listener calls. Built once and shared by the adapters.
 *
 * <p>Applications build it, read its {@link #statistics()}, steer its targets ({@link #pause},
 * {@link #resume}) and {@link #close()} it. Adapters talk to its {@link #adapterProtocol()}.
 *
 * <p>Thread-safe. {@link #close()} stops intake, drains within {@link MirrorConfig#drainTimeout()},
 * and records what it abandons.
 */
public final class Mirror implements AutoCloseable {
  /**
   * The request attribute (servlet request attribute, JAX-RS request property) an adapter sets when
   * it has taken charge of mirroring a request, so that another adapter on the same request (the
   * JAX-RS feature behind the servlet filter) stands aside: every request is mirrored once.
   */
  public static final String CAPTURED_ATTRIBUTE = "dev.trafficmirror.captured";

  private static final System.Logger LOG = System.getLogger("dev.trafficmirror");

  private final MirrorConfig config;
  private final MemoryBudget budget;
  private final AdapterProtocol adapter;
  private final List<TargetWorker> workers;

  /**
   * The workers whose calls the deadline timer sweeps: those whose own thread does not (a driven
   * target's does). Empty: the timer never starts a thread.
   */
  private final List<TargetWorker> timedWorkers;

  private final Map<String, ShadowTarget> targets;
  private final OutcomeCounters counters;
  private final OutcomeRecorder recorder;
  private final MirrorTelemetry telemetry;
  private final ScheduledThreadPoolExecutor timer;
  private final RateLimitedLog log = new RateLimitedLog(Duration.ofMinutes(1));
  private final StatisticsRecorder statistics;
  private final RecentMismatches mismatches;
  private final @Nullable OutcomeLog outcomeLog;
  private final Instant since;
  private final Ticker ticker;
  private final Clock clock;
  private final ExperimentControl experiments;
  private volatile boolean closed;

  private Mirror(
      MirrorConfig config,
      Map<String, ShadowTarget> targets,
      @Nullable ResponseComparator comparator,
      List<OutcomeListener> userListeners,
      OpenTelemetry otel,
      Ticker ticker,
      Clock clock,
      ThreadFactory threadFactory) {
    this.config = config;
    this.ticker = ticker;
    this.clock = clock;
    this.since = clock.instant();
    this.targets = targets;
    String seed = config.sampleSeed();
    MirrorRules rules =
        new MirrorRules(
            config.methods(),
            config.include(),
            config.exclude(),
            config.sampleRate(),
            config.sampleKey(),
            seed != null ? Hashing.fromSeed(seed) : Hashing.random());
    if (seed == null && config.sampleKey() != null) {
      LOG.log(
          Level.INFO,
          "mirror.sample-key is set without mirror.sample-seed: a random seed is used, so this "
              + "instance samples other {0} values than its peers and than after a restart",
          config.sampleKey());
    }
    this.budget = new MemoryBudget(config.maxBufferedBytes());
    this.counters = new OutcomeCounters(config.targets().keySet());
    Map<String, @Nullable URI> baseUris = destinations(targets);
    this.telemetry = new MirrorTelemetry(otel, baseUris);
    Redaction redaction = new Redaction(config.sensitiveData());
    this.statistics =
        new StatisticsRecorder(
            config.targets().keySet(), config.statsMaxRoutes(), config.baseline(), redaction);
    this.experiments = experimentControl(config, ticker);
    Map<String, String> baseUrls = new LinkedHashMap<>();
    baseUris.forEach(
        (name, uri) -> {
          if (uri != null
              && ("http".equalsIgnoreCase(uri.getScheme())
                  || "https".equalsIgnoreCase(uri.getScheme()))) {
            baseUrls.put(name, uri.toString());
          }
        });
    Map<String, Map<String, String>> targetHeaders = new LinkedHashMap<>();
    config.targets().forEach((name, target) -> targetHeaders.put(name, target.headers()));
    this.mismatches =
        new RecentMismatches(
            config.mismatchesMaxCount(),
            config.mismatchesMaxBytes(),
            config.mismatchesMaxAge(),
            baseUrls,
            targetHeaders,
            config.statusShowBodies(),
            redaction);
    Path logPath = config.logPath();
    this.outcomeLog =
        logPath == null
            ? null
            : new OutcomeLog(
                logPath,
                config.logMaxBytes(),
                config.logMaxFiles(),
                config.logBodies(),
                redaction,
                log,
                threadFactory);
    // The engine's own listeners first: a slow user listener must not delay the statistics.
    List<OutcomeListener> listeners = new ArrayList<>(List.of(statistics, mismatches, experiments));
    if (outcomeLog != null) {
      listeners.add(outcomeLog);
    }
    listeners.addAll(userListeners);
    this.recorder = new OutcomeRecorder(telemetry, counters, listeners, log, threadFactory);
    this.timer =
        new ScheduledThreadPoolExecutor(
            1, new NamedThreadFactory("mirror-deadline", threadFactory));
    List<TargetWorker> started = new ArrayList<>();
    for (TargetConfig target : config.targets().values()) {
      ResponseComparator own =
          comparator != null
              ? comparator
              : target.comparator() != null ? target.comparator() : config.comparator();
      if (own instanceof DefaultResponseComparator d) {
        // A body is decoded to no more than a response may have: a compressed bomb stops there.
        own = d.withDefaultDecodeLimit(config.maxResponseBytes());
      }
      ShadowTarget shadow = Objects.requireNonNull(targets.get(target.name()));
      started.add(
          new TargetWorker(
              target,
              shadow,
              Objects.requireNonNull(own),
              new HeaderPolicy(
                  config.sensitiveData(),
                  target.forwardsSensitiveHeaders(config.forwardSensitiveHeaders())),
              telemetry,
              recorder,
              log,
              ticker,
              threadFactory,
              // The http target's loop is turned by the target's own mirror thread.
              shadow instanceof HttpShadowTarget http ? http.claimDriver() : null));
    }
    this.workers = List.copyOf(started);
    this.adapter =
        new AdapterProtocol(
            config, rules, budget, workers, recorder, experiments, log, () -> closed, clock);
    // Driven targets' threads enforce their own deadlines: the timer sweeps the others, at their
    // pace, and with none it never starts a thread.
    this.timedWorkers = workers.stream().filter(w -> !w.enforcesOwnDeadlines()).toList();
    if (!timedWorkers.isEmpty()) {
      long sweep = deadlineSweepNanos(timedWorkers.stream().map(TargetWorker::config).toList());
      // Its future is never consulted: enforceDeadlines catches everything, and close stops the
      // timer.
      var unused =
          timer.scheduleWithFixedDelay(this::enforceDeadlines, sweep, sweep, TimeUnit.NANOSECONDS);
    }
    Map<String, ToLongFunction<String>> depth = new LinkedHashMap<>();
    workers.forEach(w -> depth.put(w.name(), name -> w.queueDepth()));
    OutcomeLog logForGauge = outcomeLog;
    telemetry.registerGauges(
        depth,
        budget,
        recorder::reporterOverflow,
        () -> logForGauge == null ? 0 : logForGauge.lost());
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a mirror from configuration text, creating its targets through their providers; the same
   * as {@code builder().config(MirrorConfig.fromProperties(properties)).build()}.
   *
   * @throws InvalidConfigException naming the key and value of the first bad entry
   */
  public static Mirror fromProperties(Map<String, String> properties) {
    return builder().config(MirrorConfig.fromProperties(properties)).build();
  }

  /** Returns the configuration. */
  public MirrorConfig config() {
    return config;
  }

  /**
   * Returns the protocol adapters talk to: whether a request is mirrored ({@code shouldMirror}), a
   * new request's identity ({@code newRequest}), and the hand-over of copies ({@code submit}) and
   * skip reasons ({@code skip}). For adapters and transports (see {@code docs/adapters.md});
   * applications need not call it.
   */
  public AdapterProtocol adapterProtocol() {
    return adapter;
  }

  /** Returns the outcomes counted so far, by target and kind. */
  public OutcomeCounts outcomeCounts() {
    return new OutcomeCounts(counters.snapshot());
  }

  /**
   * Returns a snapshot of the statistics: exact outcome counts per target, agreement, latencies
   * side by side, error rates, the busiest routes, and the recent mismatches.
   */
  public MirrorStatistics statistics() {
    Map<String, Map<OutcomeKind, Long>> exact = counters.snapshot();
    Instant now = clock.instant();
    List<TargetStatistics> perTarget = new ArrayList<>();
    for (String name : config.targets().keySet()) {
      perTarget.add(
          statistics.snapshot(
              name, exact.getOrDefault(name, Map.of()), experiments.state(name), now));
    }
    return new MirrorStatistics(
        since,
        perTarget,
        mismatches.newestFirst(),
        recorder.reporterOverflow(),
        outcomeLog == null ? 0 : outcomeLog.lost());
  }

  // --- Experiment control (issue 15): pausing, resuming and self-stopping targets. ---

  private static ExperimentControl experimentControl(MirrorConfig config, Ticker ticker) {
    Map<String, @Nullable Duration> stopAfter = new LinkedHashMap<>();
    Map<String, Long> maxMismatches = new LinkedHashMap<>();
    config
        .targets()
        .forEach(
            (name, target) -> {
              stopAfter.put(name, target.stopAfter());
              maxMismatches.put(name, target.maxMismatches());
            });
    return new ExperimentControl(stopAfter, maxMismatches, ticker::read);
  }

  /**
   * Pauses a target: from now on it takes no copies (and records no outcomes) until {@link
   * #resume(String)}; copies it already holds still end in their outcome.
   *
   * @return whether it was running
   * @throws IllegalArgumentException when no target has that name
   */
  public boolean pause(String target) {
    return experiments.pause(Objects.requireNonNull(target, "target"));
  }

  /**
   * Lets a paused or stopped target take copies again; its {@code stop-after} and {@code
   * max-mismatches} limits start over from now.
   *
   * @return whether it was not running
   * @throws IllegalArgumentException when no target has that name
   */
  public boolean resume(String target) {
    return experiments.resume(Objects.requireNonNull(target, "target"));
  }

  /**
   * Returns whether a target takes copies: running, paused, or stopped by its own limits.
   *
   * @throws IllegalArgumentException when no target has that name
   */
  public TargetState targetState(String target) {
    return experiments.state(Objects.requireNonNull(target, "target"));
  }

  /**
   * Returns the copies waiting for a worker of {@code target} now (the {@code mirror.queue.depth}
   * gauge), or 0 when no target has that name. For meter registries other than OpenTelemetry's.
   */
  public int queueDepth(String target) {
    Objects.requireNonNull(target, "target");
    for (TargetWorker worker : workers) {
      if (worker.name().equals(target)) {
        return worker.queueDepth();
      }
    }
    return 0;
  }

  /** Returns the bytes of copies held now, queued and in flight. */
  public long bufferedBytes() {
    return budget.used();
  }

  /**
   * Stops intake, waits up to {@link MirrorConfig#drainTimeout()} for queued and in-flight copies,
   * then abandons the rest (each recorded as {@code DROPPED_SHUTDOWN}, the total logged), and
   * closes the targets. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    long deadline = System.nanoTime() + config.drainTimeout().toNanos();
    workers.forEach(TargetWorker::stopIntake);
    int abandoned = 0;
    try {
      for (TargetWorker worker : workers) {
        if (!worker.awaitDrained(deadline)) {
          abandoned += worker.abandon();
        }
      }
      // Cancelled and interrupted calls get a moment to end, so their threads and slots are freed.
      long grace = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
      for (TargetWorker worker : workers) {
        worker.awaitDrained(grace);
      }
    } catch (InterruptedException e) {
      for (TargetWorker worker : workers) {
        abandoned += worker.abandon();
      }
      Thread.currentThread().interrupt();
    }
    // A submit that raced with close may have queued after the threads left: record it too.
    for (TargetWorker worker : workers) {
      abandoned += worker.terminate();
    }
    timer.shutdownNow();
    recorder.close(Duration.ofSeconds(2));
    if (outcomeLog != null) {
      outcomeLog.close(Duration.ofSeconds(2));
    }
    telemetry.close();
    targets.forEach(this::closeTarget);
    if (abandoned > 0) {
      LOG.log(
          Level.WARNING,
          "Mirror closed: abandoned {0} copies still queued or in flight after {1}",
          abandoned,
          config.drainTimeout());
    } else {
      LOG.log(Level.DEBUG, "Mirror closed; every copy was delivered");
    }
  }

  /** Asks each target where it sends copies; a target that fails to say has no address. */
  private Map<String, @Nullable URI> destinations(Map<String, ShadowTarget> targets) {
    Map<String, @Nullable URI> destinations = new LinkedHashMap<>();
    targets.forEach(
        (name, target) -> {
          URI uri = null;
          try {
            uri = target.destination();
          } catch (Throwable t) {
            RateLimitedLog.rethrowIfFatal(t);
            log.warn(
                "destination:" + name,
                "Target " + name + " failed to say where it sends copies",
                t);
          }
          destinations.put(name, uri);
        });
    return destinations;
  }

  /**
   * How often the timer looks for calls past their deadline: a fiftieth of the shortest timeout of
   * {@code targets} (those whose threads do not sweep their own), between 1 ms and 100 ms, so a
   * deadline is enforced at most 2 % (and 100 ms) late.
   */
  static long deadlineSweepNanos(Collection<TargetConfig> targets) {
    long shortest =
        targets.stream()
            .mapToLong(t -> t.timeout().toNanos())
            .min()
            .orElse(TimeUnit.SECONDS.toNanos(1));
    return TargetWorker.sweepNanos(shortest);
  }

  private void enforceDeadlines() {
    try {
      long now = ticker.read();
      for (TargetWorker worker : timedWorkers) {
        worker.enforceDeadlines(now);
      }
    } catch (Throwable t) {
      // A periodic task that throws is never run again: keep enforcing whatever happens.
      RateLimitedLog.rethrowIfFatal(t);
      log.warn("deadline", "Enforcing shadow deadlines failed once", t);
    }
  }

  private void closeTarget(String name, ShadowTarget target) {
    try {
      target.close();
    } catch (Throwable t) {
      RateLimitedLog.rethrowIfFatal(t);
      LOG.log(Level.WARNING, "Closing shadow target " + name + " failed", t);
    }
  }

  @Override
  public String toString() {
    return "Mirror" + config.targets().keySet() + (closed ? " (closed)" : "");
  }

  /** Builds a {@link Mirror}; not thread-safe. */
  public static final class Builder {
    private MirrorConfig config = MirrorConfig.builder().build();
    private final Map<String, ShadowTarget> targets = new LinkedHashMap<>();
    private final List<OutcomeListener> listeners = new ArrayList<>();
    private @Nullable ResponseComparator comparator;
    private @Nullable OpenTelemetry openTelemetry;
    private Ticker ticker = Ticker.system();
    private Clock clock = Clock.systemUTC();
    private ThreadFactory threadFactory = NamedThreadFactory.daemon();

    private Builder() {}

    /** Sets the configuration; default: every default and no targets. */
    public Builder config(MirrorConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Uses {@code target} for the target named {@code name}: its settings (timeout, threads, …)
     * come from the configuration's target of that name, or are the defaults when there is none.
     * The mirror closes the target when it closes.
     */
    public Builder target(String name, ShadowTarget target) {
      Objects.requireNonNull(name, "name");
      targets.put(name, Objects.requireNonNull(target, "target"));
      return this;
    }

    /** Adds a listener called for every outcome (see {@link OutcomeListener} for its threads). */
    public Builder listener(OutcomeListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Uses {@code comparator} for every target instead of the {@link DefaultResponseComparator}
     * configured by the {@code mirror.compare.*} keys (see {@link ResponseComparator} for its
     * threads).
     */
    public Builder comparator(ResponseComparator comparator) {
      this.comparator = Objects.requireNonNull(comparator, "comparator");
      return this;
    }

    /**
     * Sets the OpenTelemetry used for spans and metrics; default {@link GlobalOpenTelemetry#get()}.
     */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
      return this;
    }

    /**
     * Sets the time source of deadlines, connect back-off pauses, {@code stop-after} and measured
     * durations; default {@link Ticker#system()}. Tests pass a fake one to move time by hand.
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Sets the wall clock of the times shown and stored (when a request was received, the start of
     * the statistics, their per-minute series); default {@link Clock#systemUTC()}.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the factory of the mirror's own threads: each target's workers, the deadline timer, the
     * reporter and the log writer. Default: daemon threads. An application server passes its
     * managed thread factory (for example a {@code ManagedThreadFactory}); the mirror names the
     * threads it gets ({@code mirror-<target>-worker-1}, …) where the factory allows. A target's
     * own client threads (the {@code http} target's event loop) are the target's.
     */
    public Builder threadFactory(ThreadFactory threadFactory) {
      this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
      return this;
    }

    /**
     * Creates the targets and starts the workers.
     *
     * @throws InvalidConfigException when mirroring is enabled with no target, or a target's type
     *     has no provider, or a provider rejects its settings
     */
    public Mirror build() {
      MirrorConfig.Builder merged = config.toBuilder();
      targets
          .keySet()
          .forEach(
              name -> {
                if (!config.targets().containsKey(name)) {
                  merged.target(TargetConfig.builder(name).type("instance").build());
                }
              });
      MirrorConfig effective = merged.build();
      if (effective.enabled() && effective.targets().isEmpty()) {
        throw new InvalidConfigException(
            "mirror.targets",
            null,
            "is required: name at least one target, for example mirror.targets=v2");
      }
      Map<String, ShadowTarget> created = TargetFactory.create(effective, targets);
      try {
        Mirror mirror =
            new Mirror(
                effective,
                created,
                comparator,
                listeners,
                openTelemetry != null ? openTelemetry : GlobalOpenTelemetry.get(),
                ticker,
                clock,
                threadFactory);
        LOG.log(
            Level.INFO,
            "Traffic Mirror {0}: methods {1}, targets {2}",
            effective.enabled() ? "enabled" : "disabled",
            effective.methods(),
            effective.targets().keySet());
        return mirror;
      } catch (RuntimeException | Error e) {
        created.values().forEach(ShadowTarget::close);
        throw e;
      }
    }
  }
}

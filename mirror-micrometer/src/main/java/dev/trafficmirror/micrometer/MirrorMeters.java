package dev.trafficmirror.micrometer;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.OutcomeListener;
import dev.trafficmirror.spi.ProductionResponse;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;

/**
 * Publishes a mirror's meters to a Micrometer {@link MeterRegistry}, under the names and tags of
 * the OpenTelemetry instruments the mirror records (see {@code docs/operations.md}):
 *
 * <ul>
 *   <li>{@code mirror.outcomes}, counter of outcomes by {@code mirror.target} and {@code
 *       mirror.outcome}, read from {@link Mirror#outcomeCounts()} and so exact, also when the
 *       reporter had to skip listeners;
 *   <li>{@code mirror.shadow.duration} and {@code mirror.production.duration}, timers by target and
 *       outcome, recorded as this listener receives outcomes;
 *   <li>{@code mirror.queue.depth} by target, {@code mirror.budget.used} and {@code
 *       mirror.budget.limit} (bytes), gauges;
 *   <li>{@code mirror.reporter.overflow} and {@code mirror.log.lost}, counters.
 * </ul>
 *
 * <p>Use it as a listener of the mirror, then bind the built mirror:
 *
 * <pre>{@code
 * MirrorMeters meters = MirrorMeters.create(registry);
 * Mirror mirror = Mirror.builder().config(config).listener(meters).build();
 * meters.bind(mirror);
 * }</pre>
 *
 * <p>Thread-safe. {@link #onOutcome} runs on the mirror's reporter thread and does not block.
 */
public final class MirrorMeters implements OutcomeListener {
  private static final String TARGET = "mirror.target";
  private static final String OUTCOME = "mirror.outcome";

  private final MeterRegistry registry;

  private MirrorMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Returns meters that register in {@code registry}. */
  public static MirrorMeters create(MeterRegistry registry) {
    return new MirrorMeters(Objects.requireNonNull(registry, "registry"));
  }

  /**
   * Registers the counters and gauges that read {@code mirror}: outcomes per target and kind, queue
   * depth, budget, reporter overflow and lost log lines. Call once, after the mirror is built. The
   * registry keeps a weak reference to the mirror, as Micrometer gauges do.
   *
   * @return this
   */
  public MirrorMeters bind(Mirror mirror) {
    Objects.requireNonNull(mirror, "mirror");
    for (String target : mirror.config().targets().keySet()) {
      for (OutcomeKind kind : OutcomeKind.values()) {
        FunctionCounter.builder("mirror.outcomes", mirror, m -> m.outcomeCounts().get(target, kind))
            .description(
                "Mirrored requests by target and outcome; they add up to the requests sampled.")
            .baseUnit("requests")
            .tags(TARGET, target, OUTCOME, kind.label())
            .register(registry);
      }
      Gauge.builder("mirror.queue.depth", mirror, m -> m.queueDepth(target))
          .description("Copies waiting for a worker, by target.")
          .baseUnit("requests")
          .tag(TARGET, target)
          .register(registry);
    }
    Gauge.builder("mirror.budget.used", mirror, Mirror::bufferedBytes)
        .description(
            "Bytes of copies held now, queued and in flight (limit: mirror.max-buffered-bytes).")
        .baseUnit("bytes")
        .register(registry);
    Gauge.builder("mirror.budget.limit", mirror, m -> m.config().maxBufferedBytes())
        .description("mirror.max-buffered-bytes.")
        .baseUnit("bytes")
        .register(registry);
    FunctionCounter.builder(
            "mirror.reporter.overflow", mirror, m -> m.statistics().reporterOverflow())
        .description(
            "Outcomes whose span and listener calls were skipped because the reporter was full (counts are exact regardless).")
        .register(registry);
    FunctionCounter.builder("mirror.log.lost", mirror, m -> m.statistics().logLinesLost())
        .description("Outcomes the JSON Lines log could not write (queue full or I/O error).")
        .register(registry);
    return this;
  }

  /** Records the outcome's shadow and production durations. */
  @Override
  public void onOutcome(MirrorOutcome outcome) {
    Tags tags = Tags.of(TARGET, outcome.target(), OUTCOME, outcome.kind().label());
    Duration shadow = outcome.shadowDuration();
    if (shadow != null) {
      Timer.builder("mirror.shadow.duration")
          .description("Duration of shadow calls.")
          .tags(tags)
          .register(registry)
          .record(shadow);
    }
    ProductionResponse production = outcome.production();
    if (production != null && !outcome.kind().notSent()) {
      Timer.builder("mirror.production.duration")
          .description("Duration of production requests that were mirrored.")
          .tags(tags)
          .register(registry)
          .record(production.duration());
    }
  }

  @Override
  public String toString() {
    return "MirrorMeters[" + registry.getClass().getSimpleName() + "]";
  }
}

package dev.trafficmirror.core.internal.report;

import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ProductionResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Outcome counts and latencies of one target or route. Thread-safe; fixed size. */
final class TrafficSeries {
  private final LongAdder[] counts = new LongAdder[OutcomeKind.values().length];
  private final LongAdder productionErrors = new LongAdder();
  private final LatencyHistogram production = new LatencyHistogram();
  private final LatencyHistogram shadow = new LatencyHistogram();

  TrafficSeries() {
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  void record(MirrorOutcome outcome) {
    counts[outcome.kind().ordinal()].increment();
    ProductionResponse p = outcome.production();
    if (p != null) {
      production.record(p.duration());
      if (p.status() >= 500 || p.exceptionClass() != null) {
        productionErrors.increment();
      }
    }
    Duration took = outcome.shadowDuration();
    if (took != null && outcome.kind().shadowAnswered()) {
      shadow.record(took);
    }
  }

  /** Returns counts by kind, every kind present. */
  public Map<OutcomeKind, Long> counts() {
    Map<OutcomeKind, Long> byKind = new EnumMap<>(OutcomeKind.class);
    for (OutcomeKind kind : OutcomeKind.values()) {
      byKind.put(kind, counts[kind.ordinal()].sum());
    }
    return byKind;
  }

  /** Returns the sum of all counts. */
  public long total() {
    long n = 0;
    for (LongAdder c : counts) {
      n += c.sum();
    }
    return n;
  }

  public long productionErrors() {
    return productionErrors.sum();
  }

  public LatencyHistogram production() {
    return production;
  }

  public LatencyHistogram shadow() {
    return shadow;
  }
}

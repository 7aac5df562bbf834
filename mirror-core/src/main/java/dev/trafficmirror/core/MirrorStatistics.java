package dev.trafficmirror.core;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of everything a mirror knows about how it is doing: per-target statistics and the
 * recent mismatches. Immutable; read it from {@link Mirror#statistics()}.
 *
 * @param since when the mirror was built
 * @param targets statistics per target, in configuration order
 * @param recentMismatches the latest mismatches, newest first
 * @param reporterOverflow outcomes whose listeners and span were skipped because the reporter was
 *     full (their counts are exact regardless)
 * @param logLinesLost outcomes the JSON Lines log could not write (queue full or I/O error); zero
 *     without a log
 */
public record MirrorStatistics(
    Instant since,
    List<TargetStatistics> targets,
    List<MismatchRecord> recentMismatches,
    long reporterOverflow,
    long logLinesLost) {

  /** Copies the lists. */
  public MirrorStatistics {
    targets = List.copyOf(targets);
    recentMismatches = List.copyOf(recentMismatches);
  }

  /** Returns the statistics of {@code target}, or null when there is no such target. */
  public @Nullable TargetStatistics target(String target) {
    for (TargetStatistics t : targets) {
      if (t.target().equals(target)) {
        return t;
      }
    }
    return null;
  }
}

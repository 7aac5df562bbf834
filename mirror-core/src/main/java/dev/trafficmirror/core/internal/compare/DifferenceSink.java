package dev.trafficmirror.core.internal.compare;

import dev.trafficmirror.spi.Comparison;
import dev.trafficmirror.spi.Difference;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Collects the differences of one comparison: lists the first ones, counts all, and gathers notes
 * on what was not compared. Not thread-safe: one per comparison.
 */
public final class DifferenceSink {
  private final int maxListed;
  private final int maxValueChars;
  private final List<Difference> listed = new ArrayList<>();
  private final List<String> notes = new ArrayList<>(1);
  private int total;
  private @Nullable String uncompared;

  /** Creates a sink listing {@code maxListed} differences with values of {@code maxValueChars}. */
  public DifferenceSink(int maxListed, int maxValueChars) {
    this.maxListed = maxListed;
    this.maxValueChars = maxValueChars;
  }

  /** Returns the most characters a value rendering may have. */
  public int maxValueChars() {
    return maxValueChars;
  }

  /** Returns whether another difference would still be listed, so it is worth rendering. */
  public boolean listsMore() {
    return listed.size() < maxListed;
  }

  /** Records a difference; lists it while there is room, else only counts it. */
  public void add(String path, @Nullable String production, @Nullable String shadow) {
    total++;
    if (listsMore()) {
      listed.add(Difference.of(path, cap(production), cap(shadow)));
    }
  }

  /** Counts a difference that is not listed (the caller saw {@link #listsMore()} false). */
  public void count() {
    total++;
  }

  /** Adds a note on something not compared. */
  public void note(String note) {
    notes.add(note);
  }

  /**
   * Adds a note on a part that decides agreement and could not be judged, with its short reason
   * (the first reason given is kept): with no difference, the outcome is {@code UNCOMPARED}.
   */
  public void uncompared(String reason, String note) {
    if (uncompared == null) {
      uncompared = reason;
    }
    notes.add(note);
  }

  /** Returns the comparison collected so far. */
  public Comparison toComparison() {
    return Comparison.of(
        listed, total, notes.isEmpty() ? null : String.join("; ", notes), uncompared);
  }

  private @Nullable String cap(@Nullable String value) {
    return value == null ? null : JsonText.cap(value, maxValueChars);
  }
}

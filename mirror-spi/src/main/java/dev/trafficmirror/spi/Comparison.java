package dev.trafficmirror.spi;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The result of comparing a shadow's response with production's: whether they match, the first
 * differences found, and how many were found in all.
 *
 * <p>A comparator lists a bounded number of differences but counts every one, so {@link
 * #differenceCount()} may exceed the size of {@link #differences()}. A part that could not be
 * compared (a truncated body, for example) is not a difference; {@link #note()} says what was left
 * out, and {@link #matches()} speaks for the rest. When a part that decides agreement could not be
 * judged, {@link #uncompared()} names why; with no difference found elsewhere the outcome is then
 * {@link OutcomeKind#UNCOMPARED}, never {@link OutcomeKind#MATCH}.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class Comparison {
  private static final Comparison MATCH = new Comparison(List.of(), 0, null, null);

  private final List<Difference> differences;
  private final int differenceCount;
  private final @Nullable String note;
  private final @Nullable String uncompared;

  private Comparison(
      List<Difference> differences,
      int differenceCount,
      @Nullable String note,
      @Nullable String uncompared) {
    this.differences = differences;
    this.differenceCount = differenceCount;
    this.note = note;
    this.uncompared = uncompared;
  }

  /** Returns a comparison that found no difference and has no note. */
  public static Comparison match() {
    return MATCH;
  }

  /**
   * Returns a comparison listing {@code listed} out of {@code total} differences found, without a
   * note.
   *
   * @throws IllegalArgumentException if {@code total} is less than the number listed
   */
  public static Comparison of(List<Difference> listed, int total) {
    return of(listed, total, null);
  }

  /**
   * Returns a comparison listing {@code listed} out of {@code total} differences found, with a note
   * on what was not compared.
   *
   * @param listed the differences listed, in the order found; copied
   * @param total how many differences were found in all
   * @param note what was not compared and why, or null when everything was compared
   * @throws IllegalArgumentException if {@code total} is less than the number listed, or {@code
   *     note} is blank
   */
  public static Comparison of(List<Difference> listed, int total, @Nullable String note) {
    return of(listed, total, note, null);
  }

  /**
   * Returns a comparison listing {@code listed} out of {@code total} differences found, with a note
   * on what was not compared and, when that part decides agreement, why it could not be judged.
   *
   * @param listed the differences listed, in the order found; copied
   * @param total how many differences were found in all
   * @param note what was not compared and why, or null when everything was compared
   * @param uncompared a short lower-case reason such as {@code truncated} or {@code decode-limit}
   *     when a part that decides agreement could not be judged, else null
   * @throws IllegalArgumentException if {@code total} is less than the number listed, a note or
   *     reason is blank, or a reason is given without a note
   */
  public static Comparison of(
      List<Difference> listed, int total, @Nullable String note, @Nullable String uncompared) {
    List<Difference> copy = List.copyOf(Objects.requireNonNull(listed, "listed"));
    if (total < copy.size()) {
      throw new IllegalArgumentException(
          "total must be at least the " + copy.size() + " differences listed: " + total);
    }
    if (note != null && note.isBlank()) {
      throw new IllegalArgumentException("note is blank; use null for no note");
    }
    if (uncompared != null && (uncompared.isBlank() || note == null)) {
      throw new IllegalArgumentException("uncompared needs a reason and a note: " + uncompared);
    }
    return total == 0 && note == null ? MATCH : new Comparison(copy, total, note, uncompared);
  }

  /**
   * Returns whether no difference was found in what was compared; see {@link #note()} and {@link
   * #uncompared()}.
   */
  public boolean matches() {
    return differenceCount == 0;
  }

  /**
   * Returns why a part that decides agreement could not be judged ({@code truncated}, {@code
   * decode-limit}, {@code unknown-encoding}, {@code corrupt-encoding}, {@code unparseable}, {@code
   * json-limit}, {@code budget}), or null when everything that decides it was compared.
   */
  public @Nullable String uncompared() {
    return uncompared;
  }

  /** Returns the differences listed, in the order found; immutable, possibly fewer than found. */
  public List<Difference> differences() {
    return differences;
  }

  /** Returns how many differences were found in all; may exceed {@code differences().size()}. */
  public int differenceCount() {
    return differenceCount;
  }

  /**
   * Returns what was not compared and why, for example {@code body not compared: production body
   * truncated}, or null when everything was compared.
   */
  public @Nullable String note() {
    return note;
  }

  /** Returns the path of the first difference listed, or null when none is listed. */
  public @Nullable String firstPath() {
    return differences.isEmpty() ? null : differences.get(0).path();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Comparison that
        && differenceCount == that.differenceCount
        && differences.equals(that.differences)
        && Objects.equals(note, that.note)
        && Objects.equals(uncompared, that.uncompared);
  }

  @Override
  public int hashCode() {
    return Objects.hash(differences, differenceCount, note, uncompared);
  }

  /** Returns the outcome, the count, the paths listed and the note; never values. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("Comparison[");
    text.append(
        matches()
            ? uncompared != null ? "uncompared (" + uncompared + ")" : "match"
            : differenceCount + (differenceCount == 1 ? " difference" : " differences"));
    if (!differences.isEmpty()) {
      text.append(" at ");
      for (int i = 0; i < differences.size(); i++) {
        text.append(i == 0 ? "" : ", ").append(differences.get(i).path());
      }
      if (differenceCount > differences.size()) {
        text.append(", …");
      }
    }
    if (note != null) {
      text.append("; ").append(note);
    }
    return text.append(']').toString();
  }
}

package dev.trafficmirror.core.internal.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A JSON Pointer (RFC 6901) whose segments may be {@code *}, matching any one key or index; for
 * example {@code /items/*}{@code /timestamp}. The empty pointer {@code ""} is the whole document.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class PointerPattern {
  private static final String WILDCARD = "*";

  private final String text;
  private final List<String> segments;
  private final int wildcards;

  private PointerPattern(String text, List<String> segments) {
    this.text = text;
    this.segments = segments;
    this.wildcards = (int) segments.stream().filter(WILDCARD::equals).count();
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the text when it does not start with {@code /} (and is
   *     not empty) or has a {@code ~} not followed by {@code 0} or {@code 1}
   */
  public static PointerPattern parse(String text) {
    Objects.requireNonNull(text, "pointer");
    if (text.isEmpty()) {
      return new PointerPattern(text, List.of());
    }
    if (text.charAt(0) != '/') {
      throw new IllegalArgumentException(
          "invalid JSON Pointer \"" + text + "\": must be empty or start with /");
    }
    List<String> segments = new ArrayList<>();
    for (String raw : text.substring(1).split("/", -1)) {
      segments.add(unescape(text, raw));
    }
    return new PointerPattern(text, List.copyOf(segments));
  }

  /** Returns whether {@code path} is the place this pattern names, or lies under it. */
  public boolean covers(List<String> path) {
    return segments.size() <= path.size() && matchesFirst(path, segments.size());
  }

  /** Returns whether {@code path} is exactly the place this pattern names. */
  public boolean matches(List<String> path) {
    return segments.size() == path.size() && matchesFirst(path, segments.size());
  }

  /**
   * Returns whether a place this pattern names lies strictly under {@code path}: a value at {@code
   * path} then contains it.
   */
  public boolean liesUnder(List<String> path) {
    return segments.size() > path.size() && matchesFirst(path, path.size());
  }

  /** Returns the unescaped segments. */
  public List<String> segments() {
    return segments;
  }

  /** Returns the number of segments: the longer, the more specific. */
  public int length() {
    return segments.size();
  }

  /** Returns the number of {@code *} segments: the fewer, the more specific. */
  public int wildcards() {
    return wildcards;
  }

  /** Returns the pattern as written. */
  @Override
  public String toString() {
    return text;
  }

  /** Returns the JSON Pointer of {@code path}, escaping {@code ~} and {@code /} in segments. */
  public static String pointer(List<String> path) {
    StringBuilder pointer = new StringBuilder();
    for (String segment : path) {
      pointer.append('/');
      for (int i = 0; i < segment.length(); i++) {
        char c = segment.charAt(i);
        if (c == '~') {
          pointer.append("~0");
        } else if (c == '/') {
          pointer.append("~1");
        } else {
          pointer.append(c);
        }
      }
    }
    return pointer.toString();
  }

  private boolean matchesFirst(List<String> path, int count) {
    for (int i = 0; i < count; i++) {
      String segment = segments.get(i);
      if (!segment.equals(WILDCARD) && !segment.equals(path.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static String unescape(String text, String raw) {
    if (raw.indexOf('~') < 0) {
      return raw;
    }
    StringBuilder segment = new StringBuilder(raw.length());
    int i = 0;
    while (i < raw.length()) {
      char c = raw.charAt(i++);
      if (c != '~') {
        segment.append(c);
        continue;
      }
      char next = i < raw.length() ? raw.charAt(i++) : ' ';
      if (next != '0' && next != '1') {
        throw new IllegalArgumentException(
            "invalid JSON Pointer \"" + text + "\": ~ must be followed by 0 or 1");
      }
      segment.append(next == '0' ? '~' : '/');
    }
    return segment.toString();
  }
}

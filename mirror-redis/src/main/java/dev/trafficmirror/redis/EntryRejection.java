package dev.trafficmirror.redis;

import java.util.Locale;

/**
 * Why a {@link MirrorReplayer} refused to replay a stream entry. A refused entry is never sent to a
 * shadow: it is appended to the dead letter stream with the reason and acknowledged, and counted
 * under its reason ({@link MirrorReplayer#rejected(EntryRejection)}).
 *
 * <p>Immutable and thread-safe.
 */
public enum EntryRejection {
  /** The replayer has a {@code signing-key} and the entry carries no signature. */
  UNSIGNED,
  /** The entry's signature does not match its fields: forged, tampered with, or another key. */
  BAD_SIGNATURE,
  /**
   * A field is outside what a request can be: a method that is not an upper-case token, a path that
   * does not start with {@code /} or holds a space or control character, an id that is not hex, too
   * many or too long headers, a repeated field.
   */
  INVALID,
  /** The method is not in the replayer's {@code mirror.methods}. */
  METHOD_NOT_ALLOWED,
  /**
   * A body is over the replayer's {@code mirror.max-body-bytes} or {@code max-response-bytes}, or
   * the entry could never fit into {@code mirror.max-buffered-bytes}.
   */
  OVER_BUDGET;

  /**
   * Returns the lower-case name used in the dead letter stream and the log: {@code bad_signature}.
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}

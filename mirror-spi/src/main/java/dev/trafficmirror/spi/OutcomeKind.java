package dev.trafficmirror.spi;

import java.util.Locale;

/**
 * How mirroring one request to one target ended. Every sampled request ends in exactly one kind per
 * target, so the counts of all kinds add up to the requests sampled.
 */
public enum OutcomeKind {
  /** The shadow answered, and its answer agrees with production's (see {@link Comparison}). */
  MATCH(Category.ANSWERED),
  /** The shadow answered, and its answer differs from production's (see {@link Comparison}). */
  MISMATCH(Category.ANSWERED),
  /**
   * The shadow answered, but what differed could not be judged and nothing else differed: a body
   * truncated, over the decode limit, in an unknown or corrupt encoding, or not parseable as its
   * content type says; {@link Comparison#uncompared()} names the reason. Neither agreement nor
   * disagreement: it is excluded from the agreement rate.
   */
  UNCOMPARED(Category.ANSWERED),
  /** The shadow answered, but the {@link ResponseComparator} threw; recorded, never propagated. */
  COMPARISON_ERROR(Category.ANSWERED),
  /**
   * A transport target handed the copy over (for example appended it to a stream) to be compared
   * elsewhere; see {@link ShadowResponse#delivered()}.
   */
  DELIVERED(Category.SENT),
  /** The target threw, or the shadow could not be reached. */
  SHADOW_ERROR(Category.SENT),
  /** The shadow did not answer within the target's timeout. */
  SHADOW_TIMEOUT(Category.SENT),
  /** The target's queue was full: the copy was dropped on the production thread. */
  DROPPED_QUEUE_FULL(Category.DROPPED),
  /** Holding the copy would have exceeded {@code mirror.max-buffered-bytes}. */
  DROPPED_BUDGET(Category.DROPPED),
  /** The mirror was closing or closed: the copy was not sent, or was abandoned at shutdown. */
  DROPPED_SHUTDOWN(Category.DROPPED),
  /**
   * The target was paused because it could not be connected to a moment ago (its {@code
   * connect-backoff}): the copy was not sent.
   */
  DROPPED_TARGET_PAUSED(Category.DROPPED),
  /**
   * The request body exceeded {@code mirror.max-body-bytes}: production got it, no copy was sent.
   */
  SKIPPED_BODY_TOO_LARGE(Category.SKIPPED),
  /** The client aborted while sending the body: a partial body is never sent. */
  SKIPPED_CLIENT_ABORT(Category.SKIPPED),
  /**
   * The request body broke the framing rules (a malformed chunk, fewer or more bytes than its
   * length allows), as the server reported it: production got the server's answer, no copy was
   * sent.
   */
  SKIPPED_MALFORMED_BODY(Category.SKIPPED),
  /**
   * Production answered without reading the whole request body, and the rest had not arrived when
   * it did: the copy is not sent rather than hold production's answer for a client's bytes.
   */
  SKIPPED_BODY_UNREAD(Category.SKIPPED),
  /** Capturing the request failed unexpectedly; production went on unmirrored. */
  SKIPPED_CAPTURE_ERROR(Category.SKIPPED),
  /**
   * The request path cannot be normalised for the path rules (an encoded {@code /} or NUL, a
   * malformed percent-encoding, {@code ..} above the root): it was not mirrored.
   */
  SKIPPED_BAD_PATH(Category.SKIPPED);

  /** The four groups of outcome kinds; every kind belongs to exactly one. */
  public enum Category {
    /** The shadow was called and answered. */
    ANSWERED,
    /** The copy was sent (or handed to a transport), without an answer to compare. */
    SENT,
    /** The copy was sampled and captured but not sent: no room, no budget, closing or paused. */
    DROPPED,
    /** The request was sampled but not captured, so there was nothing to send. */
    SKIPPED
  }

  private final Category category;
  private final String label;

  OutcomeKind(Category category) {
    this.category = category;
    // Enum's constructor has set the name by now; labels are read on every recorded outcome.
    this.label = name().toLowerCase(Locale.ROOT);
  }

  /** Returns the group this kind belongs to. */
  public Category category() {
    return category;
  }

  /** Returns whether the shadow was called and gave an answer (of any status). */
  public boolean shadowAnswered() {
    return category == Category.ANSWERED;
  }

  /**
   * Returns whether the answer was judged: {@link #MATCH} or {@link #MISMATCH}, the kinds the
   * agreement rate is made of.
   */
  public boolean judged() {
    return this == MATCH || this == MISMATCH;
  }

  /** Returns whether the shadow was called: it answered, failed or timed out. */
  public boolean sent() {
    return category == Category.ANSWERED || category == Category.SENT;
  }

  /** Returns whether the copy never reached the shadow (a drop or a skip). */
  public boolean notSent() {
    return category == Category.DROPPED || category == Category.SKIPPED;
  }

  /**
   * Returns the lower-case name used in metrics, spans and logs, for example {@code
   * dropped_budget}.
   */
  public String label() {
    return label;
  }
}

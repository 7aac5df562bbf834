package dev.trafficmirror.spi;

import java.util.Locale;

/**
 * How mirroring one request to one target ended. Every sampled request ends in exactly one kind
 * per target, so the counts of all kinds add up to the requests sampled.
 */
public enum OutcomeKind {
  /** The shadow answered, and its answer agrees with production's (see {@link Comparison}). */
  MATCH(Category.JUDGED),
  /** The shadow answered, and its answer differs from production's (see {@link Comparison}). */
  MISMATCH(Category.JUDGED),
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
  DELIVERED(Category.DELIVERED),
  /** The target threw, or the shadow could not be reached. */
  SHADOW_ERROR(Category.FAILED),
  /** The shadow did not answer within the target's timeout. */
  SHADOW_TIMEOUT(Category.FAILED),
  /** The target's queue was full: the copy was dropped on the production thread. */
  DROPPED_QUEUE_FULL(Category.NOT_SENT),
  /** Holding the copy would have exceeded {@code mirror.max-buffered-bytes}. */
  DROPPED_BUDGET(Category.NOT_SENT),
  /** The mirror was closing or closed: the copy was not sent, or was abandoned at shutdown. */
  DROPPED_SHUTDOWN(Category.NOT_SENT),
  /** The request body exceeded {@code mirror.max-body-bytes}: production got it, no copy was sent. */
  SKIPPED_BODY_TOO_LARGE(Category.NOT_SENT),
  /** The client aborted while sending the body: a partial body is never sent. */
  SKIPPED_CLIENT_ABORT(Category.NOT_SENT),
  /** Capturing the request failed unexpectedly; production went on unmirrored. */
  SKIPPED_CAPTURE_ERROR(Category.NOT_SENT);

  /** What became of the copy, for the predicates below. */
  private enum Category {
    /** Answered and compared: agreement or disagreement. */
    JUDGED,
    /** Answered, but not judged. */
    ANSWERED,
    /** Handed over to be compared elsewhere. */
    DELIVERED,
    /** Sent, with no answer. */
    FAILED,
    /** Never sent. */
    NOT_SENT
  }

  private final String label;

  private final Category category;

  OutcomeKind(Category category) {
    this.category = category;
    // Enum's constructor has set the name by now; labels are read on every recorded outcome.
    this.label = name().toLowerCase(Locale.ROOT);
  }

  /** Returns whether the shadow was called and gave an answer (of any status). */
  public boolean shadowAnswered() {
    return category == Category.JUDGED || category == Category.ANSWERED;
  }

  /**
   * Returns whether the answer was judged: {@link #MATCH} or {@link #MISMATCH}, the kinds the
   * agreement rate is made of.
   */
  public boolean judged() {
    return category == Category.JUDGED;
  }

  /** Returns whether the shadow was called: it answered, failed or timed out. */
  public boolean sent() {
    return category != Category.NOT_SENT;
  }

  /** Returns whether the copy never reached the shadow (a drop or a skip). */
  public boolean notSent() {
    return category == Category.NOT_SENT;
  }

  /** Returns the lower-case name used in metrics, spans and logs, for example {@code dropped_budget}. */
  public String label() {
    return label;
  }
}

package dev.trafficmirror.spi;

import java.util.Locale;

/**
 * How mirroring one request to one target ended. Every sampled request ends in exactly one kind
 * per target, so the counts of all kinds add up to the requests sampled.
 */
public enum OutcomeKind {
  /** The shadow answered, and its answer agrees with production's (see {@link Comparison}). */
  MATCH,
  /** The shadow answered, and its answer differs from production's (see {@link Comparison}). */
  MISMATCH,
  /** The shadow answered, but the {@link ResponseComparator} threw; recorded, never propagated. */
  COMPARISON_ERROR,
  /**
   * A transport target handed the copy over (for example appended it to a stream) to be compared
   * elsewhere; see {@link ShadowResponse#delivered()}.
   */
  DELIVERED,
  /** The target threw, or the shadow could not be reached. */
  SHADOW_ERROR,
  /** The shadow did not answer within the target's timeout. */
  SHADOW_TIMEOUT,
  /** The target's queue was full: the copy was dropped on the production thread. */
  DROPPED_QUEUE_FULL,
  /** Holding the copy would have exceeded {@code mirror.max-buffered-bytes}. */
  DROPPED_BUDGET,
  /** The mirror was closing or closed: the copy was not sent, or was abandoned at shutdown. */
  DROPPED_SHUTDOWN,
  /** The request body exceeded {@code mirror.max-body-bytes}: production got it, no copy was sent. */
  SKIPPED_BODY_TOO_LARGE,
  /** The client aborted while sending the body: a partial body is never sent. */
  SKIPPED_CLIENT_ABORT,
  /**
   * The request body broke the framing rules (a malformed chunk, fewer or more bytes than its
   * length allows), as the server reported it: production got the server's answer, no copy was sent.
   */
  SKIPPED_MALFORMED_BODY,
  /**
   * Production answered without reading the whole request body, and the rest had not arrived when
   * it did: the copy is not sent rather than hold production's answer for a client's bytes.
   */
  SKIPPED_BODY_UNREAD,
  /** Capturing the request failed unexpectedly; production went on unmirrored. */
  SKIPPED_CAPTURE_ERROR;

  private final String label;

  OutcomeKind() {
    // Enum's constructor has set the name by now; labels are read on every recorded outcome.
    this.label = name().toLowerCase(Locale.ROOT);
  }

  /** Returns whether the shadow was called and gave an answer (of any status). */
  public boolean shadowAnswered() {
    return this == MATCH || this == MISMATCH || this == COMPARISON_ERROR;
  }

  /** Returns whether the shadow was called: it answered, failed or timed out. */
  public boolean sent() {
    return shadowAnswered() || this == DELIVERED || this == SHADOW_ERROR || this == SHADOW_TIMEOUT;
  }

  /** Returns whether the copy never reached the shadow (a drop or a skip). */
  public boolean notSent() {
    return name().startsWith("DROPPED_") || name().startsWith("SKIPPED_");
  }

  /** Returns the lower-case name used in metrics, spans and logs, for example {@code dropped_budget}. */
  public String label() {
    return label;
  }
}

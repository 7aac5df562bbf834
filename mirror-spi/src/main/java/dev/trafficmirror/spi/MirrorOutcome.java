package dev.trafficmirror.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How mirroring one request to one target ended, with everything known about it.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class MirrorOutcome {
  private final String target;
  private final OutcomeKind kind;
  private final MirroredRequest request;
  private final @Nullable ProductionResponse production;
  private final @Nullable ShadowResponse shadow;
  private final @Nullable Duration shadowDuration;
  private final @Nullable Throwable error;
  private final @Nullable Comparison comparison;
  private final Instant finishedAt;

  private MirrorOutcome(Builder b) {
    this.target = b.target;
    this.kind = b.kind;
    this.request = b.request;
    this.production = b.production;
    this.shadow = b.shadow;
    this.shadowDuration = b.shadowDuration;
    this.error = b.error;
    this.comparison = b.comparison;
    this.finishedAt = b.finishedAt != null ? b.finishedAt : Instant.now();
  }

  /** Returns a new builder. */
  public static Builder builder(String target, OutcomeKind kind, MirroredRequest request) {
    return new Builder(target, kind, request);
  }

  /** Returns the target's configured name. */
  public String target() {
    return target;
  }

  /** Returns how it ended. */
  public OutcomeKind kind() {
    return kind;
  }

  /** Returns the mirrored request (its body is empty for requests skipped before capture ended). */
  public MirroredRequest request() {
    return request;
  }

  /** Returns production's response, or null when it was not captured. */
  public @Nullable ProductionResponse production() {
    return production;
  }

  /** Returns the shadow's response, or null when the shadow did not answer. */
  public @Nullable ShadowResponse shadow() {
    return shadow;
  }

  /** Returns how long the shadow call took, or null when the shadow was not called. */
  public @Nullable Duration shadowDuration() {
    return shadowDuration;
  }

  /**
   * Returns what the target (or, for {@link OutcomeKind#COMPARISON_ERROR}, the comparator) threw,
   * or null.
   */
  public @Nullable Throwable error() {
    return error;
  }

  /**
   * Returns how the shadow's answer compared with production's; non-null exactly when the kind is
   * {@link OutcomeKind#MATCH}, {@link OutcomeKind#MISMATCH} or {@link OutcomeKind#UNCOMPARED}
   * (whose {@link Comparison#uncompared()} says why).
   */
  public @Nullable Comparison comparison() {
    return comparison;
  }

  /** Returns when the outcome was decided. */
  public Instant finishedAt() {
    return finishedAt;
  }

  @Override
  public String toString() {
    return "MirrorOutcome[" + target + " " + kind + " " + request.id() + "]";
  }

  /** Builds a {@link MirrorOutcome}; not thread-safe. */
  public static final class Builder {
    private final String target;
    private final OutcomeKind kind;
    private final MirroredRequest request;
    private @Nullable ProductionResponse production;
    private @Nullable ShadowResponse shadow;
    private @Nullable Duration shadowDuration;
    private @Nullable Throwable error;
    private @Nullable Comparison comparison;
    private @Nullable Instant finishedAt;

    private Builder(String target, OutcomeKind kind, MirroredRequest request) {
      this.target = Objects.requireNonNull(target, "target");
      this.kind = Objects.requireNonNull(kind, "kind");
      this.request = Objects.requireNonNull(request, "request");
    }

    /** Sets production's response. */
    public Builder production(@Nullable ProductionResponse production) {
      this.production = production;
      return this;
    }

    /** Sets the shadow's response. */
    public Builder shadow(@Nullable ShadowResponse shadow) {
      this.shadow = shadow;
      return this;
    }

    /** Sets how long the shadow call took. */
    public Builder shadowDuration(@Nullable Duration shadowDuration) {
      this.shadowDuration = shadowDuration;
      return this;
    }

    /** Sets what the target threw. */
    public Builder error(@Nullable Throwable error) {
      this.error = error;
      return this;
    }

    /** Sets the comparison of the shadow's answer with production's. */
    public Builder comparison(@Nullable Comparison comparison) {
      this.comparison = comparison;
      return this;
    }

    /** Sets when the outcome was decided; default: when {@link #build()} is called. */
    public Builder finishedAt(Instant finishedAt) {
      this.finishedAt = Objects.requireNonNull(finishedAt, "finishedAt");
      return this;
    }

    /** Returns the outcome. */
    public MirrorOutcome build() {
      return new MirrorOutcome(this);
    }
  }
}

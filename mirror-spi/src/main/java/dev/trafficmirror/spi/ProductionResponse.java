package dev.trafficmirror.spi;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What production answered to a mirrored request, as far as it was captured.
 *
 * <p>The body is captured up to a bound: when production wrote more, {@link #bodyComplete()} is
 * false and {@link #body()} holds the first bytes only (a comparison then does not judge the body).
 * When production threw instead of answering, {@link #exceptionClass()} names the exception and the
 * status is what the container sent, if known.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class ProductionResponse {
  private final int status;
  private final Headers headers;
  private final Body body;
  private final boolean bodyComplete;
  private final Duration duration;
  private final @Nullable String exceptionClass;

  private ProductionResponse(Builder b) {
    this.status = b.status;
    this.headers = b.headers;
    this.body = b.body;
    this.bodyComplete = b.bodyComplete;
    this.duration = b.duration;
    this.exceptionClass = b.exceptionClass;
  }

  /** Returns a new builder for a response with the given status. */
  public static Builder builder(int status) {
    return new Builder(status);
  }

  /** Returns a builder initialised from this response. */
  public Builder toBuilder() {
    Builder b = new Builder(status);
    b.headers = headers;
    b.body = body;
    b.bodyComplete = bodyComplete;
    b.duration = duration;
    b.exceptionClass = exceptionClass;
    return b;
  }

  /** Returns the HTTP status production sent (for example 200). */
  public int status() {
    return status;
  }

  /** Returns the response headers production sent. */
  public Headers headers() {
    return headers;
  }

  /** Returns the captured response body; see {@link #bodyComplete()}. */
  public Body body() {
    return body;
  }

  /**
   * Returns whether {@link #body()} is the whole body (false when it exceeded the capture bound).
   */
  public boolean bodyComplete() {
    return bodyComplete;
  }

  /** Returns how long production took, from receiving the request to completing the response. */
  public Duration duration() {
    return duration;
  }

  /** Returns the class name of the exception production threw, or null when it did not throw. */
  public @Nullable String exceptionClass() {
    return exceptionClass;
  }

  @Override
  public String toString() {
    return "ProductionResponse["
        + status
        + ", "
        + body
        + (bodyComplete ? "" : " (truncated)")
        + ", "
        + duration.toMillis()
        + "ms"
        + (exceptionClass == null ? "" : ", threw " + exceptionClass)
        + "]";
  }

  /** Builds a {@link ProductionResponse}; not thread-safe. */
  public static final class Builder {
    private final int status;
    private Headers headers = Headers.empty();
    private Body body = Body.empty();
    private boolean bodyComplete = true;
    private Duration duration = Duration.ZERO;
    private @Nullable String exceptionClass;

    private Builder(int status) {
      if (status < 100 || status > 999) {
        throw new IllegalArgumentException("status must be 100..999: " + status);
      }
      this.status = status;
    }

    /** Sets the headers; default: none. */
    public Builder headers(Headers headers) {
      this.headers = Objects.requireNonNull(headers, "headers");
      return this;
    }

    /** Sets the captured body; default: empty. */
    public Builder body(Body body) {
      this.body = Objects.requireNonNull(body, "body");
      return this;
    }

    /** Sets whether the body is complete; default: true. */
    public Builder bodyComplete(boolean bodyComplete) {
      this.bodyComplete = bodyComplete;
      return this;
    }

    /** Sets how long production took; default: zero. */
    public Builder duration(Duration duration) {
      this.duration = Objects.requireNonNull(duration, "duration");
      return this;
    }

    /** Sets the class name of the exception production threw; default: none. */
    public Builder exceptionClass(@Nullable String exceptionClass) {
      this.exceptionClass = exceptionClass;
      return this;
    }

    /** Returns the response. */
    public ProductionResponse build() {
      return new ProductionResponse(this);
    }
  }
}

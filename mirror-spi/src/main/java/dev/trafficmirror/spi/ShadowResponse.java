package dev.trafficmirror.spi;

import java.util.Objects;

/**
 * What a shadow target answered.
 *
 * <p>Like {@link ProductionResponse}, the body may be bounded by the target: when it read only the
 * first bytes, {@link #bodyComplete()} is false.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class ShadowResponse {
  private static final ShadowResponse DELIVERED =
      new ShadowResponse(0, Headers.empty(), Body.empty(), true);

  private final int status;
  private final Headers headers;
  private final Body body;
  private final boolean bodyComplete;

  private ShadowResponse(int status, Headers headers, Body body, boolean bodyComplete) {
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.bodyComplete = bodyComplete;
  }

  /**
   * Returns a response with a complete body.
   *
   * @throws IllegalArgumentException if {@code status} is not 100..999
   */
  public static ShadowResponse of(int status, Headers headers, Body body) {
    return of(status, headers, body, true);
  }

  /**
   * Returns a response whose body is complete or only the first bytes of a longer one.
   *
   * @throws IllegalArgumentException if {@code status} is not 100..999
   */
  public static ShadowResponse of(int status, Headers headers, Body body, boolean bodyComplete) {
    if (status < 100 || status > 999) {
      throw new IllegalArgumentException("status must be 100..999: " + status);
    }
    return new ShadowResponse(
        status,
        Objects.requireNonNull(headers, "headers"),
        Objects.requireNonNull(body, "body"),
        bodyComplete);
  }

  /**
   * Returns the answer of a transport target that handed the copy over to be compared elsewhere
   * (for example appended it to a stream): there is nothing to compare here, and the outcome is
   * {@link OutcomeKind#DELIVERED}.
   */
  public static ShadowResponse delivered() {
    return DELIVERED;
  }

  /** Returns whether this is {@link #delivered()}: no answer, the copy was handed over. */
  public boolean isDelivery() {
    return this == DELIVERED;
  }

  /** Returns the HTTP status the shadow sent; 0 for {@link #delivered()}. */
  public int status() {
    return status;
  }

  /** Returns the response headers the shadow sent. */
  public Headers headers() {
    return headers;
  }

  /** Returns the response body, or its first bytes; see {@link #bodyComplete()}. */
  public Body body() {
    return body;
  }

  /** Returns whether {@link #body()} is the whole body. */
  public boolean bodyComplete() {
    return bodyComplete;
  }

  @Override
  public String toString() {
    if (isDelivery()) {
      return "ShadowResponse[delivered]";
    }
    return "ShadowResponse[" + status + ", " + body + (bodyComplete ? "" : " (truncated)") + "]";
  }
}

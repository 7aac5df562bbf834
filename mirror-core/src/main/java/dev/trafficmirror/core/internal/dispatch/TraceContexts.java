package dev.trafficmirror.core.internal.dispatch;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import org.jspecify.annotations.Nullable;

/** Converts span contexts to and from W3C {@code traceparent} values. */
final class TraceContexts {
  private TraceContexts() {}

  /** Returns {@code 00-<trace-id>-<span-id>-<flags>}, or null for an invalid context. */
  public static @Nullable String toTraceparent(SpanContext context) {
    if (!context.isValid()) {
      return null;
    }
    return "00-"
        + context.getTraceId()
        + "-"
        + context.getSpanId()
        + "-"
        + context.getTraceFlags().asHex();
  }

  /**
   * Returns the remote span context in {@code traceparent}, or an invalid context when it is
   * malformed.
   */
  public static SpanContext fromTraceparent(@Nullable String traceparent) {
    if (traceparent == null
        || traceparent.length() != 55
        || !traceparent.startsWith("00-")
        || traceparent.charAt(35) != '-'
        || traceparent.charAt(52) != '-') {
      return SpanContext.getInvalid();
    }
    String flags = traceparent.substring(53, 55);
    if (!isHex(flags)) {
      return SpanContext.getInvalid();
    }
    return SpanContext.createFromRemoteParent(
        traceparent.substring(3, 35),
        traceparent.substring(36, 52),
        TraceFlags.fromHex(flags, 0),
        TraceState.getDefault());
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}

package dev.trafficmirror.core.internal.rules;

import dev.trafficmirror.core.SensitiveData;
import dev.trafficmirror.spi.Headers;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a shadow call carries of the client's headers: hop-by-hop headers and the ones the HTTP
 * client sets itself are removed, the sensitive headers of a {@link SensitiveData} policy are
 * removed unless forwarding them was configured, the target's static headers replace the client's,
 * and {@code X-Mirror-Id} marks the call so that it is never mirrored again. Immutable and
 * thread-safe.
 */
public final class HeaderPolicy {
  /** The loop marker, carrying the mirror id. */
  public static final String MIRROR_ID = "X-Mirror-Id";

  private static final List<String> HOP_BY_HOP =
      List.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "proxy-authenticate");

  /** Set by the HTTP client from the target's URL and the body; never copied from the client. */
  private static final List<String> SET_BY_CLIENT = List.of("host", "content-length", "expect");

  /**
   * Every name a call never carries from the client, lower case: hop-by-hop, set by the client, and
   * the sensitive ones unless forwarding them was configured. Removed in one pass over the client's
   * names, not looked up one by one.
   */
  private final Predicate<String> removed;

  /** Creates the policy; {@code forwardSensitive} keeps the headers {@code sensitive} names. */
  public HeaderPolicy(SensitiveData sensitive, boolean forwardSensitive) {
    Set<String> names = new HashSet<>(HOP_BY_HOP);
    names.addAll(SET_BY_CLIENT);
    if (!forwardSensitive) {
      // Lower case already (SensitiveData#headers).
      names.addAll(sensitive.headers());
    }
    this.removed = Set.copyOf(names)::contains;
  }

  /** Returns the headers a shadow call carries for a request with these client headers. */
  public Headers apply(Headers client, String mirrorId, Map<String, String> targetHeaders) {
    return builder(client, mirrorId, targetHeaders).build();
  }

  /**
   * Returns a builder holding what {@link #apply} returns, for a caller that adds to it before
   * building.
   */
  public Headers.Builder builder(
      Headers client, String mirrorId, Map<String, String> targetHeaders) {
    // Removing names from the client's headers keeps their order and spelling, as copying the
    // others would, and shares their values instead of copying them.
    Headers.Builder out = client.toBuilder().removeIf(removed);
    // Headers named by Connection are hop-by-hop too (RFC 9110, 7.6.1).
    for (String value : client.all("Connection")) {
      for (String option : value.split(",", -1)) {
        out.remove(option.trim());
      }
    }
    targetHeaders.forEach(out::set);
    out.set(MIRROR_ID, mirrorId);
    return out;
  }
}

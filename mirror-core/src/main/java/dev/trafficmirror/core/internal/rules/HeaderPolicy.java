package dev.trafficmirror.core.internal.rules;

import dev.trafficmirror.core.SensitiveData;
import dev.trafficmirror.spi.Headers;
import java.util.List;
import java.util.Map;

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

  private final SensitiveData sensitive;
  private final boolean forwardSensitive;

  /** Creates the policy; {@code forwardSensitive} keeps the headers {@code sensitive} names. */
  public HeaderPolicy(SensitiveData sensitive, boolean forwardSensitive) {
    this.sensitive = sensitive;
    this.forwardSensitive = forwardSensitive;
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
    Headers.Builder out = client.toBuilder();
    for (String name : HOP_BY_HOP) {
      out.remove(name);
    }
    for (String name : SET_BY_CLIENT) {
      out.remove(name);
    }
    if (!forwardSensitive) {
      for (String name : sensitive.headers()) {
        out.remove(name);
      }
    }
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

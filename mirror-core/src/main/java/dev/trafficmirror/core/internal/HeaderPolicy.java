package dev.trafficmirror.core.internal;

import dev.trafficmirror.spi.Headers;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a shadow call carries of the client's headers: hop-by-hop headers and the ones the HTTP
 * client sets itself are removed, credentials are removed unless forwarding them was configured,
 * the target's static headers replace the client's, and {@code X-Mirror-Id} marks the call so that
 * it is never mirrored again. Immutable and thread-safe.
 */
public final class HeaderPolicy {
  /** The loop marker, carrying the mirror id. */
  public static final String MIRROR_ID = "X-Mirror-Id";

  private static final Set<String> HOP_BY_HOP =
      Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
          "proxy-authenticate");
  /** Set by the HTTP client from the target's URL and the body; never copied from the client. */
  private static final Set<String> SET_BY_CLIENT = Set.of("host", "content-length", "expect");
  private static final Set<String> SENSITIVE = Set.of("authorization", "proxy-authorization", "cookie");

  private final boolean forwardSensitive;

  /** Creates the policy; {@code forwardSensitive} keeps credentials and cookies. */
  public HeaderPolicy(boolean forwardSensitive) {
    this.forwardSensitive = forwardSensitive;
  }

  /** Returns whether {@code name} is a credential or cookie header. */
  public static boolean isSensitive(String name) {
    return SENSITIVE.contains(name.toLowerCase(Locale.ROOT));
  }

  /** Returns the headers a shadow call carries for a request with these client headers. */
  public Headers apply(Headers client, String mirrorId, Map<String, String> targetHeaders) {
    Headers.Builder out = Headers.builder();
    Set<String> named = connectionOptions(client);
    client.forEach(
        (name, value) -> {
          String lower = name.toLowerCase(Locale.ROOT);
          if (HOP_BY_HOP.contains(lower)
              || SET_BY_CLIENT.contains(lower)
              || named.contains(lower)
              || (!forwardSensitive && SENSITIVE.contains(lower))) {
            return;
          }
          out.add(name, value);
        });
    targetHeaders.forEach(out::set);
    out.set(MIRROR_ID, mirrorId);
    return out.build();
  }

  /** Headers named by {@code Connection}, which are hop-by-hop too (RFC 9110, 7.6.1). */
  private static Set<String> connectionOptions(Headers client) {
    if (!client.contains("Connection")) {
      return Set.of();
    }
    Set<String> named = new java.util.HashSet<>();
    for (String value : client.all("Connection")) {
      for (String option : value.split(",", -1)) {
        named.add(option.trim().toLowerCase(Locale.ROOT));
      }
    }
    return named;
  }
}

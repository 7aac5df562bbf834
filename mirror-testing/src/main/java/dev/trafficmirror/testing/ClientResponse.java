package dev.trafficmirror.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What a client received: status, headers (names lower case) and body bytes.
 *
 * @param status the HTTP status
 * @param headers the headers by lower-case name
 * @param body the body bytes as received
 */
public record ClientResponse(int status, Map<String, List<String>> headers, byte[] body) {

  /**
   * Returns the headers that must be equal with and without the filter: all but {@code Date}, and
   * {@code Connection}, which is the container's hop-by-hop decision: Jetty closes a connection
   * when a request body it could not consume in time is left unread, and with the filter the body
   * is read.
   */
  public Map<String, List<String>> comparableHeaders() {
    Map<String, List<String>> copy = new TreeMap<>(headers);
    copy.remove("date");
    copy.remove("connection");
    return copy;
  }

  /** Returns the first value of header {@code name}, or null. */
  public @Nullable String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** Returns the body decoded as UTF-8. */
  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "ClientResponse["
        + status
        + " "
        + comparableHeaders()
        + " "
        + body.length
        + " bytes: "
        + text().substring(0, Math.min(200, body.length))
        + "]";
  }
}

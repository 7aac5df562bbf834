package dev.trafficmirror.core.internal.report;

import dev.trafficmirror.core.SensitiveData;
import dev.trafficmirror.core.internal.rules.HeaderPolicy;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirroredRequest;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@code curl} command line that replays a mirrored request with the headers a shadow call
 * carries ({@link HeaderPolicy}: no hop-by-hop headers, the target's static headers, {@code
 * X-Mirror-Id}), every part (method, URL, each header, the body) single-quoted for POSIX shells, so
 * that no value can end the quoting. The values of sensitive headers and query parameters ({@link
 * SensitiveData}) and of the target's static headers are shown as {@code REDACTED}; a body is shown
 * as given (the caller redacts it). Stateless and thread-safe.
 */
final class CurlCommand {
  /** Longest body shown inline; a longer or binary body makes no command. */
  static final int MAX_INLINE_BODY = 8 * 1024;

  /** Keeps sensitive headers so that the line shows they were there, redacted. */
  private static final HeaderPolicy REPLAY = new HeaderPolicy(SensitiveData.defaults(), true);

  private CurlCommand() {}

  /**
   * Returns the command for {@code request} sent to {@code baseUrl} (no trailing slash needed) by a
   * target with these static headers, or null when the body is binary or longer than 8 KiB.
   */
  public static @Nullable String of(
      MirroredRequest request, String baseUrl, Map<String, String> targetHeaders) {
    return of(request, baseUrl, targetHeaders, SensitiveData.defaults(), true);
  }

  /**
   * Returns the command for {@code request} sent to {@code baseUrl} by a target with these static
   * headers, redacting what {@code sensitive} names. With {@code withBody}, null when the body is
   * binary or longer than 8 KiB; without, always a command: without the body, ending in a shell
   * comment saying a body was left out when the request had one ({@code
   * mirror.status.show-bodies}).
   */
  public static @Nullable String of(
      MirroredRequest request,
      String baseUrl,
      Map<String, String> targetHeaders,
      SensitiveData sensitive,
      boolean withBody) {
    String body = withBody ? text(request.body()) : "";
    if (body == null) {
      return null;
    }
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    String query = sensitive.redactQuery(request.rawQuery());
    StringBuilder out =
        new StringBuilder("curl -sS -X ")
            .append(quote(request.method()))
            .append(' ')
            .append(quote(base + request.path() + (query == null ? "" : "?" + query)));
    Headers sent =
        REPLAY
            .builder(request.headers(), request.id(), targetHeaders)
            .remove("traceparent")
            .remove("tracestate")
            .build();
    Set<String> secret = new HashSet<>();
    targetHeaders.keySet().forEach(name -> secret.add(name.toLowerCase(Locale.ROOT)));
    sent.forEach(
        (name, value) -> {
          boolean redact =
              sensitive.isSensitiveHeader(name) || secret.contains(name.toLowerCase(Locale.ROOT));
          out.append(" -H ").append(quote(name + ": " + (redact ? SensitiveData.REDACTED : value)));
        });
    if (!request.body().isEmpty()) {
      out.append(
          withBody
              ? " --data-binary " + quote(body)
              : " # body of "
                  + request.body().size()
                  + " bytes not shown (mirror.status.show-bodies=false)");
    }
    return out.toString();
  }

  private static @Nullable String text(Body body) {
    if (body.size() > MAX_INLINE_BODY) {
      return null;
    }
    String text = Utf8.decode(body.toByteArray());
    if (text == null) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
        return null;
      }
    }
    return text;
  }

  /** Quotes {@code s} for a POSIX shell: {@code it's} becomes {@code 'it'\''s'}. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}

package dev.trafficmirror.core.internal;

import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.MirroredRequest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@code curl} command line that replays a mirrored request: every argument single-quoted
 * for POSIX shells, credentials and cookies redacted, hop-by-hop headers left out.
 */
public final class CurlCommand {
  /** Longest body shown inline; a longer or binary body makes no command. */
  static final int MAX_INLINE_BODY = 8 * 1024;

  private CurlCommand() {}

  /**
   * Returns the command for {@code request} sent to {@code baseUrl} (no trailing slash needed), or
   * null when the body is binary or longer than 8 KiB.
   */
  public static @Nullable String of(MirroredRequest request, String baseUrl) {
    String body = text(request.body());
    if (body == null) {
      return null;
    }
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    String query = request.rawQuery();
    StringBuilder out = new StringBuilder("curl -sS -X ").append(request.method()).append(' ')
        .append(quote(base + request.path() + (query == null ? "" : "?" + query)));
    request.headers().forEach((name, value) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals("host") || lower.equals("content-length") || lower.equals("connection")
          || lower.equals("transfer-encoding") || lower.equals("keep-alive") || lower.equals("expect")) {
        return;
      }
      String shown = HeaderPolicy.isSensitive(name) ? "REDACTED" : value;
      out.append(" -H ").append(quote(name + ": " + shown));
    });
    if (!request.body().isEmpty()) {
      out.append(" --data-binary ").append(quote(body));
    }
    return out.toString();
  }

  private static @Nullable String text(Body body) {
    if (body.size() > MAX_INLINE_BODY) {
      return null;
    }
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body.toByteArray()))
          .toString();
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
          return null;
        }
      }
      return text;
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Quotes {@code s} for a POSIX shell: {@code it's} becomes {@code 'it'\''s'}. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}

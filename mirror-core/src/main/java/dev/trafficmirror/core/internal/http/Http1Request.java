package dev.trafficmirror.core.internal.http;

import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.ShadowResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * One HTTP/1.1 request of the http target, written out as bytes once on the calling mirror thread,
 * and the stage its answer completes. The head carries the method, the base path plus the request's
 * raw path and query, {@code Host}, the request's headers as production received them (each value's
 * characters as the bytes they were read from) and the body's length. Cancelling the stage closes
 * the connection it is on.
 */
final class Http1Request extends CompletableFuture<ShadowResponse> {
  final ByteBuffer head;
  final ByteBuffer body;
  final boolean bodyless;
  final int limit;

  private Http1Request(ByteBuffer head, ByteBuffer body, boolean bodyless, int limit) {
    this.head = head;
    this.body = body;
    this.bodyless = bodyless;
    this.limit = limit;
  }

  /**
   * Encodes {@code request} for {@code host} (the {@code Host} header's value) under {@code
   * basePath}.
   *
   * @throws IllegalArgumentException when the method, path or query would break the request line
   */
  static Http1Request of(MirroredRequest request, String host, String basePath, int limit) {
    String method = request.method();
    if (!isToken(method)) {
      throw new IllegalArgumentException("method is not an HTTP token");
    }
    String path = request.path();
    String query = request.rawQuery();
    if (!path.startsWith("/") || !isTarget(path) || (query != null && !isTarget(query))) {
      throw new IllegalArgumentException(
          "path or query has characters a request line cannot carry");
    }
    Body body = request.body();
    StringBuilder text = new StringBuilder(256 + 32 * request.headers().size());
    text.append(method).append(' ').append(basePath).append(path);
    if (query != null) {
      text.append('?').append(query);
    }
    text.append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n");
    boolean[] unencodable = {false};
    request
        .headers()
        .forEach(
            (name, value) -> {
              if (isToken(name) && isFieldValue(value)) {
                text.append(name).append(": ").append(value).append("\r\n");
                if (!isLatin1(value)) {
                  unencodable[0] = true;
                }
              }
            });
    String upper = method.toUpperCase(Locale.ROOT);
    if (!body.isEmpty() || upper.equals("POST") || upper.equals("PUT") || upper.equals("PATCH")) {
      text.append("Content-Length: ").append(body.size()).append("\r\n");
    }
    text.append("\r\n");
    // Header values hold the bytes production received, one character each (ISO-8859-1); a value
    // built in code with wider characters goes as UTF-8.
    byte[] bytes =
        text.toString()
            .getBytes(unencodable[0] ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    return new Http1Request(
        ByteBuffer.wrap(bytes), body.asByteBuffer(), upper.equals("HEAD"), limit);
  }

  private static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isTarget(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static boolean isFieldValue(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLatin1(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0xff) {
        return false;
      }
    }
    return true;
  }

  /** Returns a parser for this request's answer. */
  Http1Response newResponse() {
    return new Http1Response(bodyless, limit);
  }

  /** Returns the bytes to write, head then body, positioned at their start. */
  ByteBuffer[] output() {
    return new ByteBuffer[] {head.duplicate(), body.duplicate()};
  }

  @Override
  public String toString() {
    return "Http1Request[" + (isDone() ? "done" : "pending") + "]";
  }
}

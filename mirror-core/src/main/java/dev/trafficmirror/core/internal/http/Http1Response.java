package dev.trafficmirror.core.internal.http;

import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.ShadowResponse;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads one HTTP/1.1 response from the bytes a connection receives, in as many pieces as they come:
 * status line and headers (interim 1xx answers skipped), then a body delimited by {@code
 * Content-Length}, by chunked coding, or by the end of the connection. At most {@code limit} body
 * bytes are kept, in a buffer that grows with the bytes that arrive; past the limit the answer is
 * complete as far as it goes (marked incomplete) and the connection must be closed. Not
 * thread-safe: one per exchange, on the connection's thread.
 */
final class Http1Response {
  /** The most bytes a status line and its headers may take. */
  static final int MAX_HEAD_BYTES = 64 * 1024;

  private static final int FIRST_BUFFER = 512;

  private enum State {
    HEAD,
    FIXED,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_END,
    TRAILERS,
    UNTIL_CLOSE,
    DONE
  }

  private final boolean bodyless;
  private final int limit;
  private State state = State.HEAD;
  private byte[] head = new byte[256];
  private int headSize;
  private int status;
  private @Nullable Headers headers;
  private boolean reusable;
  private long remaining;
  private byte[] body = new byte[0];
  private int bodySize;
  private boolean truncated;
  private final StringBuilder line = new StringBuilder();

  /**
   * A parser for the answer to a request; {@code bodyless} for a {@code HEAD} request, whose answer
   * never has a body.
   */
  Http1Response(boolean bodyless, int limit) {
    this.bodyless = bodyless;
    this.limit = limit;
  }

  /**
   * Takes the bytes in {@code in} (consuming what it uses); returns true once the answer is
   * complete, or kept as far as the limit allows.
   *
   * @throws IOException when the bytes are not an HTTP/1.x response
   */
  boolean feed(ByteBuffer in) throws IOException {
    while (in.hasRemaining() && state != State.DONE) {
      switch (state) {
        case HEAD -> readHead(in);
        case FIXED -> {
          int n = (int) Math.min(remaining, in.remaining());
          keep(in, n);
          remaining -= n;
          if (remaining == 0) {
            state = State.DONE;
          }
        }
        case CHUNK_SIZE -> readChunkSize(in);
        case CHUNK_DATA -> {
          int n = (int) Math.min(remaining, in.remaining());
          keep(in, n);
          remaining -= n;
          if (remaining == 0) {
            state = State.CHUNK_END;
          }
        }
        case CHUNK_END -> {
          if (readLine(in) != null) {
            state = State.CHUNK_SIZE;
          }
        }
        case TRAILERS -> {
          String trailer = readLine(in);
          if (trailer != null && trailer.isEmpty()) {
            state = State.DONE;
          }
        }
        case UNTIL_CLOSE -> keep(in, in.remaining());
        default -> throw new IllegalStateException(state.name());
      }
      if (truncated) {
        state = State.DONE;
      }
    }
    return state == State.DONE;
  }

  /**
   * Notes that the connection ended; returns true when that completes the answer (a body delimited
   * by the end of the connection), false when the answer was cut short.
   */
  boolean endOfInput() {
    if (state == State.UNTIL_CLOSE) {
      state = State.DONE;
      return true;
    }
    return state == State.DONE;
  }

  /** Returns whether no byte of the answer has arrived yet. */
  boolean nothingYet() {
    return state == State.HEAD && headSize == 0;
  }

  /** Returns the answer; call once {@link #feed} or {@link #endOfInput} said it is complete. */
  ShadowResponse response() {
    Headers h = headers == null ? Headers.empty() : headers;
    return ShadowResponse.of(status, h, Body.wrap(body, bodySize), !truncated);
  }

  /** Returns whether the connection can carry another request after this answer. */
  boolean reusable() {
    return reusable && !truncated && state == State.DONE;
  }

  private void keep(ByteBuffer in, int n) {
    int room = limit - bodySize;
    int kept = Math.min(n, room);
    if (kept > 0) {
      if (bodySize + kept > body.length) {
        int grown = Math.max(bodySize + kept, Math.max(FIRST_BUFFER, body.length * 2));
        body = Arrays.copyOf(body, Math.min(limit, grown));
      }
      in.get(body, bodySize, kept);
      bodySize += kept;
    }
    if (kept < n) {
      truncated = true;
      in.position(in.position() + (n - kept));
    }
  }

  private void readHead(ByteBuffer in) throws IOException {
    while (in.hasRemaining()) {
      if (headSize == MAX_HEAD_BYTES) {
        throw new ProtocolException("response head longer than " + MAX_HEAD_BYTES + " bytes");
      }
      if (headSize == head.length) {
        head = Arrays.copyOf(head, Math.min(MAX_HEAD_BYTES, head.length * 2));
      }
      byte b = in.get();
      head[headSize++] = b;
      if (b == '\n'
          && headSize >= 4
          && head[headSize - 2] == '\r'
          && head[headSize - 3] == '\n'
          && head[headSize - 4] == '\r') {
        parseHead();
        return;
      }
    }
  }

  private void parseHead() throws IOException {
    // Lines are cut from the head's bytes directly (no regular expression, no copy of the whole
    // head): this runs once per answer on the thread that turns the connections.
    int end = headSize - 4;
    headSize = 0;
    int lineEnd = lineEnd(0, end);
    String statusLine = new String(head, 0, lineEnd, StandardCharsets.ISO_8859_1);
    if (!statusLine.startsWith("HTTP/1.")
        || statusLine.length() < 12
        || statusLine.charAt(8) != ' ') {
      throw new ProtocolException("not an HTTP/1.x status line: " + printable(statusLine));
    }
    int code = 0;
    for (int i = 9; i < 12; i++) {
      char c = statusLine.charAt(i);
      if (c < '0' || c > '9') {
        throw new ProtocolException("bad status code: " + printable(statusLine));
      }
      code = code * 10 + (c - '0');
    }
    if (code < 100) {
      throw new ProtocolException("bad status code: " + printable(statusLine));
    }
    if (code < 200 && code != 101) {
      // An interim answer (100 Continue, 103 Early Hints): the real one follows.
      return;
    }
    Headers.Builder builder = Headers.builder();
    String contentLength = null;
    boolean chunked = false;
    boolean close = statusLine.startsWith("HTTP/1.0");
    for (int from = lineEnd + 2; from <= end; from = lineEnd + 2) {
      lineEnd = lineEnd(from, end);
      int colon = -1;
      for (int i = from; i < lineEnd; i++) {
        if (head[i] == ':') {
          colon = i;
          break;
        }
      }
      if (colon <= from || head[from] == ' ' || head[from] == '\t') {
        throw new ProtocolException(
            "malformed header line: "
                + printable(new String(head, from, lineEnd - from, StandardCharsets.ISO_8859_1)));
      }
      String name = trimmed(from, colon);
      String value = trimmed(colon + 1, lineEnd);
      builder.add(name, value);
      if (name.equalsIgnoreCase("content-length")) {
        if (contentLength != null && !contentLength.equals(value)) {
          throw new ProtocolException("conflicting Content-Length headers");
        }
        contentLength = value;
      } else if (name.equalsIgnoreCase("transfer-encoding")) {
        chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
      } else if (name.equalsIgnoreCase("connection")) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.contains("close")) {
          close = true;
        } else if (v.contains("keep-alive")) {
          close = false;
        }
      }
    }
    status = code;
    headers = builder.build();
    reusable = !close;
    if (bodyless || code == 204 || code == 304) {
      state = State.DONE;
    } else if (chunked) {
      state = State.CHUNK_SIZE;
    } else if (contentLength != null) {
      try {
        remaining = Long.parseLong(contentLength);
      } catch (NumberFormatException e) {
        throw new ProtocolException("bad Content-Length: " + printable(contentLength));
      }
      if (remaining < 0) {
        throw new ProtocolException("bad Content-Length: " + contentLength);
      }
      state = remaining == 0 ? State.DONE : State.FIXED;
    } else {
      reusable = false;
      state = State.UNTIL_CLOSE;
    }
  }

  /** Returns where the line starting at {@code from} ends: its CRLF, or {@code end}. */
  private int lineEnd(int from, int end) {
    for (int i = from; i + 1 < end; i++) {
      if (head[i] == '\r' && head[i + 1] == '\n') {
        return i;
      }
    }
    return end;
  }

  /** The head's bytes from {@code from} to {@code to} as text, without surrounding white space. */
  private String trimmed(int from, int to) {
    int a = from;
    int b = to;
    while (a < b && (head[a] & 0xff) <= ' ') {
      a++;
    }
    while (b > a && (head[b - 1] & 0xff) <= ' ') {
      b--;
    }
    return new String(head, a, b - a, StandardCharsets.ISO_8859_1);
  }

  private void readChunkSize(ByteBuffer in) throws IOException {
    String size = readLine(in);
    if (size == null) {
      return;
    }
    int semicolon = size.indexOf(';');
    String hex = (semicolon >= 0 ? size.substring(0, semicolon) : size).trim();
    long n;
    try {
      n = Long.parseLong(hex, 16);
    } catch (NumberFormatException e) {
      throw new ProtocolException("bad chunk size: " + printable(size));
    }
    if (n < 0) {
      throw new ProtocolException("bad chunk size: " + printable(size));
    }
    if (n == 0) {
      state = State.TRAILERS;
    } else {
      remaining = n;
      state = State.CHUNK_DATA;
    }
  }

  /** Reads up to a CRLF; returns the line without it, or null when it has not all arrived yet. */
  private @Nullable String readLine(ByteBuffer in) throws IOException {
    while (in.hasRemaining()) {
      char c = (char) (in.get() & 0xff);
      if (c == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          end--;
        }
        String text = line.substring(0, end);
        line.setLength(0);
        return text;
      }
      if (line.length() >= 8192) {
        throw new ProtocolException("chunk line longer than 8192 bytes");
      }
      line.append(c);
    }
    return null;
  }

  private static String printable(String s) {
    String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }
}

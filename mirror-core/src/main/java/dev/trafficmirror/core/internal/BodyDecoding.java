package dev.trafficmirror.core.internal;

import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Undoes a body's {@code Content-Encoding} ({@code gzip}, {@code x-gzip}, {@code deflate}, and
 * chains of them), never holding more than a bound: a small compressed body can expand to
 * gigabytes. Decoding streams into a buffer that grows with the bytes produced and stops one byte
 * past the bound, so one decoding holds at most the bound (plus the buffer it grows from) and the
 * inflater's few tens of KiB. Stateless; thread-safe.
 */
public final class BodyDecoding {
  private static final int CHUNK = 8192;

  /** How a decoding ended. */
  public enum Status {
    /** The bytes are the decoded body (or the body itself when it was not encoded). */
    DECODED,
    /** The decoded body would exceed the bound. */
    TOO_LARGE,
    /** The body is not valid for its encoding. */
    CORRUPT,
    /** An encoding this class cannot undo, such as {@code br}. */
    UNSUPPORTED
  }

  private final Status status;
  private final byte[] bytes;
  private final String encoding;

  private BodyDecoding(Status status, byte[] bytes, String encoding) {
    this.status = status;
    this.bytes = bytes;
    this.encoding = encoding;
  }

  /**
   * Decodes {@code body} as its {@code Content-Encoding} header says, producing at most
   * {@code maxBytes} bytes; a body with no encoding is returned as it is.
   */
  public static BodyDecoding decode(Body body, Headers headers, int maxBytes) {
    List<String> encodings = encodings(headers);
    byte[] bytes = body.toByteArray();
    if (bytes.length == 0) {
      return new BodyDecoding(Status.DECODED, bytes, ""); // a HEAD or 204 answer may say gzip
    }
    // Encodings are listed in the order they were applied: undo them from the last.
    for (int i = encodings.size() - 1; i >= 0; i--) {
      String encoding = encodings.get(i);
      try {
        switch (encoding) {
          case "gzip", "x-gzip" -> bytes = gunzip(bytes, maxBytes);
          case "deflate" -> bytes = inflate(bytes, maxBytes);
          default -> {
            return new BodyDecoding(Status.UNSUPPORTED, new byte[0], encoding);
          }
        }
      } catch (TooLarge e) {
        return new BodyDecoding(Status.TOO_LARGE, new byte[0], encoding);
      } catch (IOException | RuntimeException e) {
        // A corrupt stream may also fail as an IllegalArgumentException from the inflater.
        return new BodyDecoding(Status.CORRUPT, new byte[0], encoding);
      }
    }
    return new BodyDecoding(Status.DECODED, bytes, String.join(", ", encodings));
  }

  /** Returns the encodings named by {@code Content-Encoding}, lower case, without identity. */
  public static List<String> encodings(Headers headers) {
    List<String> encodings = new ArrayList<>(1);
    for (String value : headers.all("Content-Encoding")) {
      for (String token : value.split(",", -1)) {
        String encoding = token.strip().toLowerCase(Locale.ROOT);
        if (!encoding.isEmpty() && !encoding.equals("identity")) {
          encodings.add(encoding);
        }
      }
    }
    return encodings;
  }

  /** Returns how the decoding ended. */
  public Status status() {
    return status;
  }

  /** Returns the decoded bytes; empty unless {@link #status()} is {@link Status#DECODED}. */
  public byte[] bytes() {
    return bytes;
  }

  /** Returns the encoding that failed, or the encodings undone; for messages. */
  public String encoding() {
    return encoding;
  }

  private static byte[] gunzip(byte[] bytes, int maxBytes) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes), CHUNK)) {
      return readBounded(in, maxBytes);
    }
  }

  private static byte[] inflate(byte[] bytes, int maxBytes) throws IOException {
    try {
      return inflate(bytes, maxBytes, false);
    } catch (ZipException notZlib) {
      // HTTP deflate is zlib-wrapped, but some servers send the raw deflate stream.
      return inflate(bytes, maxBytes, true);
    }
  }

  private static byte[] inflate(byte[] bytes, int maxBytes, boolean raw) throws IOException {
    Inflater inflater = new Inflater(raw);
    try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(bytes), inflater, CHUNK)) {
      return readBounded(in, maxBytes);
    } finally {
      inflater.end(); // a caller-supplied Inflater is not ended by close()
    }
  }

  /**
   * Reads {@code in} to its end into a buffer that grows with what arrives and never beyond
   * {@code maxBytes}; throws {@link TooLarge} as soon as one more byte is produced.
   */
  static byte[] readBounded(InputStream in, int maxBytes) throws IOException {
    byte[] buffer = new byte[Math.min(maxBytes, CHUNK)];
    int size = 0;
    while (true) {
      if (size == buffer.length) {
        if (size >= maxBytes) {
          if (in.read() < 0) {
            return buffer;
          }
          throw new TooLarge();
        }
        buffer = Arrays.copyOf(buffer, (int) Math.min(maxBytes, Math.max(CHUNK, 2L * size)));
      }
      int n = in.read(buffer, size, buffer.length - size);
      if (n < 0) {
        return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
      }
      size += n;
    }
  }

  /** The decoded body passed the bound. */
  private static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("decoded body over the limit", null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // control flow, not a failure worth a stack
    }
  }
}

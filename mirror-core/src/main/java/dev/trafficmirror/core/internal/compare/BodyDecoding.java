package dev.trafficmirror.core.internal.compare;

import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
import org.jspecify.annotations.Nullable;

/**
 * Undoes a body's {@code Content-Encoding} ({@code gzip}, {@code x-gzip}, {@code deflate}, and
 * chains of them), never holding more than a bound: a small compressed body can expand to
 * gigabytes. Each encoding is undone twice: once into a scratch buffer of 8 KiB, only counting,
 * which stops one byte past the bound; then, when the size fits, into an array of exactly that
 * size. So a gzip bomb costs inflating up to the bound and allocates nothing that grows with it,
 * and a body that fits is allocated once. The compressed input is read in place. Stateless;
 * thread-safe.
 */
final class BodyDecoding {
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
   * Decodes {@code body} as its {@code Content-Encoding} header says, producing at most {@code
   * maxBytes} bytes; a body with no encoding is returned as it is.
   */
  public static BodyDecoding decode(Body body, Headers headers, int maxBytes) {
    List<String> encodings = encodings(headers);
    if (encodings.isEmpty() || body.isEmpty()) {
      // Not encoded; or empty, as a HEAD or 204 answer that says gzip may be.
      return new BodyDecoding(Status.DECODED, body.toByteArray(), "");
    }
    byte @Nullable [] decoded = null; // null while the input is the body itself
    // Encodings are listed in the order they were applied: undo them from the last.
    for (int i = encodings.size() - 1; i >= 0; i--) {
      String encoding = encodings.get(i);
      if (!encoding.equals("gzip") && !encoding.equals("x-gzip") && !encoding.equals("deflate")) {
        return new BodyDecoding(Status.UNSUPPORTED, new byte[0], encoding);
      }
      byte[] input = decoded;
      Source source = input == null ? body::newInputStream : () -> new ByteArrayInputStream(input);
      try {
        decoded = undo(encoding, source, maxBytes);
      } catch (TooLarge e) {
        return new BodyDecoding(Status.TOO_LARGE, new byte[0], encoding);
      } catch (IOException | RuntimeException e) {
        // A corrupt stream may also fail as an IllegalArgumentException from the inflater.
        return new BodyDecoding(Status.CORRUPT, new byte[0], encoding);
      }
    }
    // Set by the loop, which ran at least once.
    return new BodyDecoding(
        Status.DECODED, Objects.requireNonNull(decoded), String.join(", ", encodings));
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

  /** The encoded input, opened afresh for each pass. */
  private interface Source {
    InputStream open();
  }

  /** Undoes one encoding: counts the decoded size within the bound, then decodes exactly that. */
  private static byte[] undo(String encoding, Source source, int maxBytes) throws IOException {
    boolean raw = false;
    int size;
    try {
      size = count(encoding, source, false, maxBytes);
    } catch (ZipException notZlib) {
      if (!encoding.equals("deflate")) {
        throw notZlib;
      }
      // HTTP deflate is zlib-wrapped, but some servers send the raw deflate stream.
      raw = true;
      size = count(encoding, source, true, maxBytes);
    }
    byte[] out = new byte[size];
    try (InputStream in = decoder(encoding, source.open(), raw)) {
      if (in.readNBytes(out, 0, size) != size) {
        throw new IOException("decoded differently the second time");
      }
    }
    return out;
  }

  /**
   * Returns the decoded size, reading through a scratch buffer; throws {@link TooLarge} past the
   * bound.
   */
  private static int count(String encoding, Source source, boolean raw, int maxBytes)
      throws IOException {
    byte[] scratch = new byte[CHUNK];
    long size = 0;
    try (InputStream in = decoder(encoding, source.open(), raw)) {
      for (int n; (n = in.read(scratch)) >= 0; ) {
        size += n;
        if (size > maxBytes) {
          throw new TooLarge();
        }
      }
    }
    return (int) size;
  }

  /** Returns the decoding stream; closing it releases its inflater's native memory. */
  private static InputStream decoder(String encoding, InputStream in, boolean raw)
      throws IOException {
    if (!encoding.equals("deflate")) {
      return new GZIPInputStream(in, CHUNK);
    }
    Inflater inflater = new Inflater(raw);
    return new InflaterInputStream(in, inflater, CHUNK) {
      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          inflater.end(); // a supplied Inflater is not ended by close()
        }
      }
    };
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

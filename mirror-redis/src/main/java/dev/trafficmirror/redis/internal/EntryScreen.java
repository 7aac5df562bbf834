package dev.trafficmirror.redis.internal;

import dev.trafficmirror.redis.EntryRejection;
import dev.trafficmirror.redis.internal.StreamRecord.Replay;
import dev.trafficmirror.spi.Headers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a stream entry may be replayed, before anything of it is sent: its signature when
 * the replayer has a key, then its fields against fixed bounds, then its sizes against the
 * replayer's limits, then its method against {@code mirror.methods}. Whoever can write to the
 * stream must not be able to make the replayer send anything a production request could not be.
 *
 * <p>An entry of an unknown format version is not judged: it is {@link Unreadable}, retried like a
 * failure (a newer replayer of a mixed fleet may read it), then dead-lettered.
 *
 * <p>Bounds, beyond the replayer's {@code mirror.max-body-bytes}, {@code max-response-bytes} and
 * {@code max-buffered-bytes}: the method is 1 to {@value #MAX_METHOD} characters of RFC 9110 {@code
 * tchar} without lower-case letters; the path 1 to {@value #MAX_TARGET} bytes starting with {@code
 * /}, the query up to as many, neither holding a space, a control character or {@code #} (nor the
 * path {@code ?}); the mirror id {@value #MIN_ID} to {@value #MAX_ID} hex digits; each header list
 * at most {@value #MAX_HEADERS} pairs, {@value #MAX_HEADER_FIELD_BYTES} bytes as stored, names
 * {@code tchar} tokens up to {@value #MAX_HEADER_NAME} characters, values up to {@value
 * #MAX_HEADER_VALUE} characters without CR, LF or NUL.
 *
 * <p>Immutable and thread-safe.
 */
public final class EntryScreen {
  static final int MAX_METHOD = 32;
  static final int MAX_TARGET = 8192;
  static final int MIN_ID = 8;
  static final int MAX_ID = 64;
  static final int MAX_HEADERS = 256;
  static final int MAX_HEADER_FIELD_BYTES = 256 * 1024;
  static final int MAX_HEADER_NAME = 256;
  static final int MAX_HEADER_VALUE = 16 * 1024;
  static final int MAX_SHORT_TEXT = 1024;

  /**
   * What the engine counts for a copy besides its bodies (as {@code AdapterProtocol.submit} does).
   */
  static final long COPY_OVERHEAD_BYTES = 1024;

  private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

  private final @Nullable RecordSignature signature;
  private final byte[] stream;
  private final Set<String> methods;
  private final long maxBodyBytes;
  private final long maxResponseBytes;
  private final long maxBufferedBytes;

  /** What the screen decided about one entry. */
  public sealed interface Result permits Accepted, Rejected, Unreadable {}

  /** The entry may be replayed as {@code replay}. */
  public record Accepted(Replay replay) implements Result {}

  /** The entry must not be replayed, for {@code reason}; {@code message} shows no field value. */
  public record Rejected(EntryRejection reason, String message) implements Result {}

  /** The entry is not a record this version reads (a missing field, an unknown format): retried. */
  public record Unreadable(String message) implements Result {}

  /**
   * Creates the screen.
   *
   * @param signature the replayer's key, or null to trust every entry's origin
   * @param stream the stream the entries are read from (signed with them)
   * @param methods the methods replayed ({@code mirror.methods})
   */
  public EntryScreen(
      @Nullable RecordSignature signature,
      String stream,
      Set<String> methods,
      long maxBodyBytes,
      long maxResponseBytes,
      long maxBufferedBytes) {
    this.signature = signature;
    this.stream = StreamRecord.utf8(stream);
    this.methods = Set.copyOf(methods);
    this.maxBodyBytes = maxBodyBytes;
    this.maxResponseBytes = maxResponseBytes;
    this.maxBufferedBytes = maxBufferedBytes;
  }

  /** Screens the fields of one entry, as read from the stream. */
  public Result screen(Map<byte[], byte[]> fields) {
    if (signature != null) {
      switch (signature.check(fields, stream)) {
        case MISSING -> {
          return new Rejected(
              EntryRejection.UNSIGNED, "unsigned entry (the replayer has a signing key)");
        }
        case MISMATCH -> {
          return new Rejected(
              EntryRejection.BAD_SIGNATURE,
              "bad signature (forged, changed after signing, or signed with another key)");
        }
        case VALID -> {
          // Go on to the fields.
        }
      }
    }
    Map<String, byte[]> named = StreamRecord.byName(fields);
    if (named.size() != fields.size()) {
      return new Rejected(EntryRejection.INVALID, "a field appears more than once");
    }
    try {
      // A record of another version may mean other things by its fields: a newer replayer may read
      // it.
      StreamRecord.checkFormat(named);
    } catch (RecordFormatException e) {
      return new Unreadable(String.valueOf(e.getMessage()));
    }
    String invalid = invalidText(named);
    if (invalid != null) {
      return new Rejected(EntryRejection.INVALID, invalid);
    }
    String over = overBudget(named);
    if (over != null) {
      return new Rejected(EntryRejection.OVER_BUDGET, over);
    }
    Replay replay;
    try {
      replay = StreamRecord.decode(named);
    } catch (RecordFormatException e) {
      return new Unreadable(String.valueOf(e.getMessage()));
    }
    String badHeaders = invalidHeaders(StreamRecord.REQUEST_HEADERS, replay.request().headers());
    if (badHeaders == null) {
      badHeaders = invalidHeaders(StreamRecord.RESPONSE_HEADERS, replay.production().headers());
    }
    if (badHeaders != null) {
      return new Rejected(EntryRejection.INVALID, badHeaders);
    }
    String method = replay.request().method();
    if (!methods.contains(method)) {
      return new Rejected(
          EntryRejection.METHOD_NOT_ALLOWED,
          "method " + method + " is not in mirror.methods (" + String.join(",", methods) + ")");
    }
    return new Accepted(replay);
  }

  /** Checks the text fields that choose what is sent, before anything is decoded. */
  private static @Nullable String invalidText(Map<String, byte[]> named) {
    byte[] method = named.get(StreamRecord.METHOD);
    if (method != null && !isMethod(method)) {
      return invalidField(
          StreamRecord.METHOD, "not an upper-case token of 1 to " + MAX_METHOD + " characters");
    }
    byte[] path = named.get(StreamRecord.PATH);
    if (path != null && !isPath(path)) {
      return invalidField(
          StreamRecord.PATH,
          "must start with / and hold no space, control character, ? or #,"
              + " at most "
              + MAX_TARGET
              + " bytes");
    }
    byte[] query = named.get(StreamRecord.QUERY);
    if (query != null && !isQuery(query)) {
      return invalidField(
          StreamRecord.QUERY,
          "must hold no space, control character or #, at most " + MAX_TARGET + " bytes");
    }
    byte[] id = named.get(StreamRecord.MIRROR_ID);
    if (id != null && !isHex(id)) {
      return invalidField(
          StreamRecord.MIRROR_ID, "not " + MIN_ID + " to " + MAX_ID + " hex digits");
    }
    for (String name : List.of(StreamRecord.TRACEPARENT, StreamRecord.RESPONSE_EXCEPTION)) {
      byte[] value = named.get(name);
      if (value != null && (value.length > MAX_SHORT_TEXT || hasControl(value))) {
        return invalidField(
            name, "longer than " + MAX_SHORT_TEXT + " bytes or holds a control character");
      }
    }
    for (String name : List.of(StreamRecord.REQUEST_HEADERS, StreamRecord.RESPONSE_HEADERS)) {
      byte[] value = named.get(name);
      if (value != null && value.length > MAX_HEADER_FIELD_BYTES) {
        return invalidField(name, value.length + " bytes, more than " + MAX_HEADER_FIELD_BYTES);
      }
    }
    return null;
  }

  private @Nullable String overBudget(Map<String, byte[]> named) {
    long requestBody = length(named, StreamRecord.REQUEST_BODY);
    if (requestBody > maxBodyBytes) {
      return StreamRecord.REQUEST_BODY
          + " of "
          + requestBody
          + " bytes is over mirror.max-body-bytes ("
          + maxBodyBytes
          + ")";
    }
    long responseBody = length(named, StreamRecord.RESPONSE_BODY);
    if (responseBody > maxResponseBytes) {
      return StreamRecord.RESPONSE_BODY
          + " of "
          + responseBody
          + " bytes is over mirror.max-response-bytes ("
          + maxResponseBytes
          + ")";
    }
    // Counted as AdapterProtocol.submit counts a copy; a copy that costs more there still ends here
    // as a
    // budget drop with nothing else held (see ReplayEntry#submittedAlone).
    long copy = requestBody + responseBody + COPY_OVERHEAD_BYTES;
    if (copy > maxBufferedBytes) {
      return "a copy of "
          + copy
          + " bytes can never fit into mirror.max-buffered-bytes ("
          + maxBufferedBytes
          + ")";
    }
    return null;
  }

  private static @Nullable String invalidHeaders(String field, Headers headers) {
    int[] pairs = new int[1];
    List<String> problems = new ArrayList<>(1);
    headers.forEach(
        (name, value) -> {
          pairs[0]++;
          if (!problems.isEmpty()) {
            return;
          }
          if (!isHeaderName(name)) {
            problems.add(
                invalidField(
                    field,
                    "a header name is not a token of 1 to " + MAX_HEADER_NAME + " characters"));
          } else if (!isHeaderValue(value)) {
            problems.add(
                invalidField(
                    field,
                    "a header value holds CR, LF or NUL, or is longer than "
                        + MAX_HEADER_VALUE
                        + " characters"));
          }
        });
    if (pairs[0] > MAX_HEADERS) {
      return invalidField(field, pairs[0] + " headers, more than " + MAX_HEADERS);
    }
    return problems.isEmpty() ? null : problems.get(0);
  }

  private static String invalidField(String name, String why) {
    return "invalid field " + name + ": " + why;
  }

  private static long length(Map<String, byte[]> named, String name) {
    byte[] value = named.get(name);
    return value == null ? 0 : value.length;
  }

  static boolean isMethod(byte[] method) {
    if (method.length == 0 || method.length > MAX_METHOD) {
      return false;
    }
    for (byte b : method) {
      if (!isTchar(b) || (b >= 'a' && b <= 'z')) {
        return false;
      }
    }
    return true;
  }

  static boolean isPath(byte[] path) {
    if (path.length == 0 || path.length > MAX_TARGET || path[0] != '/') {
      return false;
    }
    for (byte b : path) {
      if (isControlOrSpace(b) || b == '?' || b == '#') {
        return false;
      }
    }
    return true;
  }

  static boolean isQuery(byte[] query) {
    if (query.length > MAX_TARGET) {
      return false;
    }
    for (byte b : query) {
      if (isControlOrSpace(b) || b == '#') {
        return false;
      }
    }
    return true;
  }

  static boolean isHex(byte[] id) {
    if (id.length < MIN_ID || id.length > MAX_ID) {
      return false;
    }
    for (byte b : id) {
      if (!((b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHeaderName(String name) {
    if (name.isEmpty() || name.length() > MAX_HEADER_NAME) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c > 0x7E || !isTchar((byte) c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHeaderValue(String value) {
    return value.length() <= MAX_HEADER_VALUE
        && value.indexOf('\r') < 0
        && value.indexOf('\n') < 0
        && value.indexOf('\0') < 0;
  }

  private static boolean isTchar(byte b) {
    return (b >= '0' && b <= '9')
        || (b >= 'A' && b <= 'Z')
        || (b >= 'a' && b <= 'z')
        || TCHAR_SYMBOLS.indexOf(b) >= 0;
  }

  /** Bytes 0x00-0x20 and 0x7F; UTF-8 bytes of non-ASCII characters (0x80 and up) are allowed. */
  private static boolean isControlOrSpace(byte b) {
    return (b >= 0 && b <= 0x20) || b == 0x7F;
  }

  private static boolean hasControl(byte[] text) {
    for (byte b : text) {
      if ((b >= 0 && b < 0x20) || b == 0x7F) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "EntryScreen[signed="
        + (signature != null)
        + ", stream="
        + new String(stream, StandardCharsets.UTF_8)
        + ", methods="
        + methods
        + "]";
  }
}

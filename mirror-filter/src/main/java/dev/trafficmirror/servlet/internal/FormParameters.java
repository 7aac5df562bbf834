package dev.trafficmirror.servlet.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses an {@code application/x-www-form-urlencoded} body and merges it after the query
 * parameters, as the Servlet specification orders them: query values first, then body values; names
 * in the order they first appear.
 */
final class FormParameters {
  private FormParameters() {}

  /**
   * Returns the parameters of {@code query} (the container's own parsing of the query string)
   * followed by those of {@code body}, as an unmodifiable map.
   *
   * @param emptyChunksAreParameters whether empty chunks and names are parameters (see {@link
   *     FormRules}) rather than skipped or errors
   * @throws IllegalStateException when the body is malformed (a bad {@code %} escape, a byte
   *     sequence invalid in {@code charset}, or an empty name where the container refuses one)
   */
  static Map<String, String[]> merge(
      Map<String, String[]> query, byte[] body, Charset charset, boolean emptyChunksAreParameters) {
    Map<String, List<String>> merged = new LinkedHashMap<>();
    query.forEach(
        (name, values) ->
            merged.computeIfAbsent(name, k -> new ArrayList<>()).addAll(List.of(values)));
    parse(body, charset, emptyChunksAreParameters, merged);
    Map<String, String[]> result = new LinkedHashMap<>();
    merged.forEach((name, values) -> result.put(name, values.toArray(new String[0])));
    return Collections.unmodifiableMap(result);
  }

  static void parse(
      byte[] body,
      Charset charset,
      boolean emptyChunksAreParameters,
      Map<String, List<String>> into) {
    int start = 0;
    while (start <= body.length) {
      int end = indexOf(body, (byte) '&', start);
      boolean last = end == body.length;
      if (end == start) {
        if (emptyChunksAreParameters && !last) {
          into.computeIfAbsent("", k -> new ArrayList<>()).add("");
        }
      } else {
        int eq = indexOf(body, (byte) '=', start);
        int nameEnd = Math.min(eq, end);
        if (nameEnd == start && !emptyChunksAreParameters) {
          throw new IllegalStateException("Unable to parse form content: a parameter has no name");
        }
        String name;
        String value;
        try {
          name = decode(body, start, nameEnd, charset);
          value = nameEnd < end ? decode(body, nameEnd + 1, end, charset) : "";
        } catch (IllegalStateException e) {
          throw new MalformedForm(
              raw(body, start, nameEnd), nameEnd < end ? raw(body, nameEnd + 1, end) : "", e);
        }
        into.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      }
      start = end + 1;
    }
  }

  private static String raw(byte[] bytes, int from, int to) {
    return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
  }

  /** A parameter that could not be decoded, with its name and value as they were sent. */
  static final class MalformedForm extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    final String rawName;
    final String rawValue;

    MalformedForm(String rawName, String rawValue, IllegalStateException cause) {
      super(cause.getMessage(), cause);
      this.rawName = rawName;
      this.rawValue = rawValue;
    }
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return bytes.length;
  }

  private static String decode(byte[] bytes, int from, int to, Charset charset) {
    ByteArrayOutputStream decoded = new ByteArrayOutputStream(to - from);
    for (int i = from; i < to; i++) {
      byte b = bytes[i];
      if (b == '+') {
        decoded.write(' ');
      } else if (b == '%') {
        if (i + 2 >= to) {
          throw new IllegalStateException(
              "Unable to parse form content: incomplete percent escape");
        }
        int hi = Character.digit(bytes[i + 1], 16);
        int lo = Character.digit(bytes[i + 2], 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalStateException("Unable to parse form content: bad percent escape");
        }
        decoded.write(hi << 4 | lo);
        i += 2;
      } else {
        decoded.write(b);
      }
    }
    try {
      return charset
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(decoded.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException(
          "Unable to parse form content: not valid " + charset.name(), e);
    }
  }
}

package dev.trafficmirror.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Builds {@code multipart/form-data} bodies, and parses them back to compare their parts. */
public final class Multipart {
  /** The boundary of the bodies built here. */
  public static final String BOUNDARY = "----TrafficMirrorBoundary7MA4YWxk";

  /** The Content-Type of the bodies built here. */
  public static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

  /**
   * One part: its name, file name (null for a plain field), content type (null when not sent) and
   * bytes.
   *
   * @param name the field name
   * @param filename the submitted file name, or null
   * @param contentType the part's Content-Type, or null
   * @param bytes the part's content
   */
  public record Part(
      String name, @Nullable String filename, @Nullable String contentType, byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Part p
          && name.equals(p.name)
          && Objects.equals(filename, p.filename)
          && Objects.equals(contentType, p.contentType)
          && Arrays.equals(bytes, p.bytes);
    }

    @Override
    public int hashCode() {
      return name.hashCode();
    }

    @Override
    public String toString() {
      return "Part["
          + name
          + ", "
          + filename
          + ", "
          + contentType
          + ", "
          + bytes.length
          + " bytes, sha256 "
          + Bodies.sha256(bytes)
          + "]";
    }
  }

  private Multipart() {}

  /** Returns the body of {@code parts}, formatted as browsers format it. */
  public static byte[] body(List<Part> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Part part : parts) {
      StringBuilder head =
          new StringBuilder("--")
              .append(BOUNDARY)
              .append("\r\n")
              .append("Content-Disposition: form-data; name=\"")
              .append(part.name())
              .append('"');
      if (part.filename() != null) {
        head.append("; filename=\"").append(part.filename()).append('"');
      }
      head.append("\r\n");
      if (part.contentType() != null) {
        head.append("Content-Type: ").append(part.contentType()).append("\r\n");
      }
      head.append("\r\n");
      out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
      out.writeBytes(part.bytes());
      out.writeBytes(new byte[] {'\r', '\n'});
    }
    out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  /** Parses a body built with {@link #BOUNDARY} (by this class or rebuilt by the filter). */
  public static List<Part> parse(byte[] body) {
    byte[] delimiter = ("\r\n--" + BOUNDARY).getBytes(StandardCharsets.US_ASCII);
    byte[] framed = new byte[body.length + 2];
    framed[0] = '\r';
    framed[1] = '\n';
    System.arraycopy(body, 0, framed, 2, body.length);
    List<Part> parts = new ArrayList<>();
    int pos = indexOf(framed, delimiter, 0);
    while (pos >= 0) {
      int start = pos + delimiter.length;
      if (framed[start] == '-' && framed[start + 1] == '-') {
        break;
      }
      start += 2;
      int headersEnd = indexOf(framed, new byte[] {'\r', '\n', '\r', '\n'}, start);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String line :
          new String(framed, start, headersEnd - start, StandardCharsets.UTF_8).split("\r\n", -1)) {
        int colon = line.indexOf(':');
        headers.put(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
      int next = indexOf(framed, delimiter, headersEnd + 4);
      byte[] content = Arrays.copyOfRange(framed, headersEnd + 4, next);
      String disposition = headers.getOrDefault("content-disposition", "");
      parts.add(
          new Part(
              param(disposition, "name"),
              paramOrNull(disposition, "filename"),
              headers.get("content-type"),
              content));
      pos = next;
    }
    return parts;
  }

  private static String param(String header, String name) {
    String value = paramOrNull(header, name);
    return value == null ? "" : value;
  }

  private static @Nullable String paramOrNull(String header, String name) {
    for (String piece : header.split(";", -1)) {
      String p = piece.trim();
      if (p.startsWith(name + "=")) {
        String v = p.substring(name.length() + 1);
        return v.startsWith("\"") ? v.substring(1, v.length() - 1) : v;
      }
    }
    return null;
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}

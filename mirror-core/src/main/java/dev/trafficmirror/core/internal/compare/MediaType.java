package dev.trafficmirror.core.internal.compare;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Reads {@code Content-Type} values: the form that is compared, and whether it is JSON. */
final class MediaType {
  private MediaType() {}

  /**
   * Returns {@code contentType} reduced to what is compared: the type and subtype in lower case,
   * then each of {@code parameters} (lower-case names) in that order with its value. A {@code
   * charset} is the charset it means: its canonical name when the JVM knows it ({@code utf8} and
   * {@code UTF-8} alike), and UTF-8 when a JSON type has none (RFC 8259).
   */
  public static String comparable(String contentType, List<String> parameters) {
    List<String> parts = splitParameters(contentType);
    String type = parts.get(0).strip().toLowerCase(Locale.ROOT);
    if (parameters.isEmpty()) {
      return type;
    }
    StringBuilder comparable = new StringBuilder(type);
    for (String wanted : parameters) {
      String value = null;
      for (String parameter : parts.subList(1, parts.size())) {
        int equals = parameter.indexOf('=');
        String name =
            (equals < 0 ? parameter : parameter.substring(0, equals))
                .strip()
                .toLowerCase(Locale.ROOT);
        if (name.equals(wanted)) {
          value = equals < 0 ? "" : unquote(parameter.substring(equals + 1).strip());
        }
      }
      if (wanted.equals("charset")) {
        value = charset(value, isJson(type));
      }
      comparable.append(';').append(wanted).append('=').append(value == null ? "" : value);
    }
    return comparable.toString();
  }

  private static @Nullable String charset(@Nullable String name, boolean json) {
    if (name == null || name.isEmpty()) {
      return json ? "UTF-8" : null;
    }
    try {
      return Charset.forName(name).name();
    } catch (IllegalArgumentException e) {
      // Unknown or illegal name: compare it as written, ignoring case.
      return name.toLowerCase(Locale.ROOT);
    }
  }

  /** Returns whether {@code contentType} is {@code application/json} or a {@code +json} type. */
  public static boolean isJson(@Nullable String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type =
        (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
            .strip()
            .toLowerCase(Locale.ROOT);
    return type.equals("application/json") || (type.contains("/") && type.endsWith("+json"));
  }

  // Splits on ';' outside quoted strings.
  private static List<String> splitParameters(String value) {
    List<String> parts = new ArrayList<>();
    boolean quoted = false;
    boolean escaped = false;
    int start = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (escaped) {
        escaped = false;
      } else if (c == '\\' && quoted) {
        escaped = true;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ';' && !quoted) {
        parts.add(value.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(value.substring(start));
    return parts;
  }

  private static String unquote(String value) {
    if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
      return value;
    }
    StringBuilder unquoted = new StringBuilder(value.length());
    boolean escaped = false;
    for (int i = 1; i < value.length() - 1; i++) {
      char c = value.charAt(i);
      if (c == '\\' && !escaped) {
        escaped = true;
      } else {
        unquoted.append(c);
        escaped = false;
      }
    }
    return unquoted.toString();
  }
}

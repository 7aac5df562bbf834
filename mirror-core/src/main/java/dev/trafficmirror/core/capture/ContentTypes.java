package dev.trafficmirror.core.capture;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Tests of a {@code Content-Type} value, the same for every adapter. Stateless. */
public final class ContentTypes {
  /** {@code application/x-www-form-urlencoded}. */
  public static final String FORM = "application/x-www-form-urlencoded";

  /** {@code multipart/form-data}. */
  public static final String MULTIPART = "multipart/form-data";

  private ContentTypes() {}

  /** Returns the media type without parameters, trimmed and lower case, or null. */
  public static @Nullable String baseType(@Nullable String contentType) {
    if (contentType == null) {
      return null;
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .trim()
        .toLowerCase(Locale.ROOT);
  }

  /** Returns the value of parameter {@code name} of a media type, unquoted, or null. */
  public static @Nullable String parameter(@Nullable String contentType, String name) {
    if (contentType == null) {
      return null;
    }
    for (String param : contentType.split(";", -1)) {
      int eq = param.indexOf('=');
      if (eq > 0 && param.substring(0, eq).trim().equalsIgnoreCase(name)) {
        String value = param.substring(eq + 1).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        return value.isEmpty() ? null : value;
      }
    }
    return null;
  }

  /** Returns whether {@code contentType} is a URL-encoded form, with or without parameters. */
  public static boolean isForm(@Nullable String contentType) {
    return FORM.equals(baseType(contentType));
  }

  /**
   * Returns whether {@code contentType} is {@code multipart/form-data}, with or without parameters.
   */
  public static boolean isMultipart(@Nullable String contentType) {
    return MULTIPART.equals(baseType(contentType));
  }
}

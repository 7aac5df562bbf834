package dev.trafficmirror.core;

import dev.trafficmirror.core.internal.compare.PointerPattern;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.InvalidConfigException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What counts as sensitive in a mirrored exchange: credential headers, query parameters carrying
 * secrets, and JSON Pointers of body values. The same policy decides what a shadow is sent (a
 * sensitive header only when forwarding is configured) and what every output shows or stores (the
 * outcome log, recent mismatches and their curl lines, the status page and its JSON, span
 * attributes, the Redis stream): there a sensitive value is always replaced by {@link #REDACTED}.
 *
 * <p>Configured by {@code mirror.sensitive-headers}, {@code mirror.sensitive-query-params} (both
 * merged with the defaults, {@link #DEFAULT_HEADERS} and {@link #DEFAULT_QUERY_PARAMS}; names
 * compared ignoring case) and {@code mirror.redact.json-pointers} (default none).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SensitiveData {
  /**
   * The marker that replaces a sensitive value. Plain letters, so that a redacted URL stays valid
   * in a curl line (curl reads {@code [..]} in a URL as a range).
   */
  public static final String REDACTED = "REDACTED";

  /** Credential and cookie headers that are always sensitive. */
  public static final List<String> DEFAULT_HEADERS =
      List.of(
          "Authorization",
          "Proxy-Authorization",
          "Cookie",
          "Set-Cookie",
          "X-Api-Key",
          "X-Auth-Token",
          "X-CSRF-Token",
          "X-Amz-Security-Token");

  /** Query parameters whose values are always sensitive. */
  public static final List<String> DEFAULT_QUERY_PARAMS =
      List.of(
          "token",
          "access_token",
          "id_token",
          "refresh_token",
          "api_key",
          "apikey",
          "password",
          "secret",
          "client_secret",
          "signature",
          "sig",
          "X-Amz-Signature",
          "X-Amz-Credential");

  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final SensitiveData DEFAULTS = builder().build();

  private final Set<String> headers;
  private final Set<String> queryParams;
  private final List<String> jsonPointers;

  private SensitiveData(Builder b) {
    this.headers = Collections.unmodifiableSet(new LinkedHashSet<>(b.headers));
    this.queryParams = Collections.unmodifiableSet(new LinkedHashSet<>(b.queryParams));
    this.jsonPointers = List.copyOf(b.jsonPointers);
  }

  /**
   * Returns the policy of the defaults alone: the default headers and query parameters, no
   * pointers.
   */
  public static SensitiveData defaults() {
    return DEFAULTS;
  }

  /** Returns a builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this policy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.headers.addAll(headers);
    b.queryParams.addAll(queryParams);
    b.jsonPointers.addAll(jsonPointers);
    return b;
  }

  /** Returns the sensitive header names, lower case, the defaults first. */
  public Set<String> headers() {
    return headers;
  }

  /** Returns the sensitive query parameter names, lower case, the defaults first. */
  public Set<String> queryParams() {
    return queryParams;
  }

  /**
   * Returns {@code mirror.redact.json-pointers}, the JSON Pointers redacted in bodies shown;
   * default none.
   */
  public List<String> jsonPointers() {
    return jsonPointers;
  }

  /** Returns whether the header {@code name} is sensitive, ignoring case. */
  public boolean isSensitiveHeader(String name) {
    return headers.contains(name.toLowerCase(Locale.ROOT));
  }

  /** Returns whether the query parameter {@code name} (as decoded) is sensitive, ignoring case. */
  public boolean isSensitiveQueryParam(String name) {
    return queryParams.contains(name.toLowerCase(Locale.ROOT));
  }

  /**
   * Returns {@code rawQuery} with the value of every sensitive parameter replaced by {@link
   * #REDACTED}, and every other byte as it was; the same instance when nothing is sensitive, and
   * null for null. A parameter's name is percent-decoded before it is compared.
   */
  public @Nullable String redactQuery(@Nullable String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return rawQuery;
    }
    StringBuilder out = null;
    int start = 0;
    while (start <= rawQuery.length()) {
      int end = rawQuery.indexOf('&', start);
      if (end < 0) {
        end = rawQuery.length();
      }
      int eq = rawQuery.indexOf('=', start);
      if (eq >= 0 && eq < end && isSensitiveQueryParam(decode(rawQuery.substring(start, eq)))) {
        if (out == null) {
          out = new StringBuilder(rawQuery.length()).append(rawQuery, 0, start);
        }
        out.append(rawQuery, start, eq + 1).append(REDACTED);
      } else if (out != null) {
        out.append(rawQuery, start, end);
      }
      if (end < rawQuery.length() && out != null) {
        out.append('&');
      }
      start = end + 1;
    }
    return out == null ? rawQuery : out.toString();
  }

  /**
   * Returns {@code headers} with the value of every sensitive header replaced by {@link #REDACTED},
   * names and order kept: for what is shown or stored.
   */
  public Headers redactHeaders(Headers headers) {
    Headers.Builder out = null;
    for (String name : headers.names()) {
      if (isSensitiveHeader(name)) {
        if (out == null) {
          out = headers.toBuilder();
        }
        int count = headers.all(name).size();
        out.remove(name);
        for (int i = 0; i < count; i++) {
          out.add(name, REDACTED);
        }
      }
    }
    return out == null ? headers : out.build();
  }

  /** Returns {@code headers} without the sensitive ones, order kept. */
  public Headers withoutSensitiveHeaders(Headers headers) {
    Headers.Builder out = null;
    for (String name : headers.names()) {
      if (isSensitiveHeader(name)) {
        if (out == null) {
          out = headers.toBuilder();
        }
        out.remove(name);
      }
    }
    return out == null ? headers : out.build();
  }

  /** Percent-decodes {@code s} ({@code +} is a space), leaving a malformed escape as it is. */
  private static String decode(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
      int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
      if (c == '%' && hi >= 0 && lo >= 0) {
        bytes.write(hi << 4 | lo);
        i += 2;
      } else if (c == '+') {
        bytes.write(' ');
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "SensitiveData[headers="
        + headers
        + ", queryParams="
        + queryParams
        + ", jsonPointers="
        + jsonPointers
        + "]";
  }

  /** Builds a {@link SensitiveData}, starting from the defaults; not thread-safe. */
  public static final class Builder {
    private final Set<String> headers = new LinkedHashSet<>();
    private final Set<String> queryParams = new LinkedHashSet<>();
    private final List<String> jsonPointers = new ArrayList<>();

    private Builder() {
      DEFAULT_HEADERS.forEach(h -> headers.add(h.toLowerCase(Locale.ROOT)));
      DEFAULT_QUERY_PARAMS.forEach(q -> queryParams.add(q.toLowerCase(Locale.ROOT)));
    }

    /**
     * Adds sensitive header names ({@code mirror.sensitive-headers}) to the defaults.
     *
     * @throws InvalidConfigException naming {@code mirror.sensitive-headers} and a name that is not
     *     a valid header name
     */
    public Builder headers(Collection<String> names) {
      for (String name : names) {
        String n = Objects.requireNonNull(name, "name").trim();
        if (!HEADER_NAME.matcher(n).matches()) {
          throw new InvalidConfigException(
              "mirror.sensitive-headers", name, "is not a valid header name");
        }
        headers.add(n.toLowerCase(Locale.ROOT));
      }
      return this;
    }

    /**
     * Adds sensitive query parameter names ({@code mirror.sensitive-query-params}) to the defaults.
     *
     * @throws InvalidConfigException naming {@code mirror.sensitive-query-params} and a name that
     *     is empty or contains {@code &}, {@code =} or {@code #}
     */
    public Builder queryParams(Collection<String> names) {
      for (String name : names) {
        String n = Objects.requireNonNull(name, "name").trim();
        if (n.isEmpty() || n.indexOf('&') >= 0 || n.indexOf('=') >= 0 || n.indexOf('#') >= 0) {
          throw new InvalidConfigException(
              "mirror.sensitive-query-params",
              name,
              "is not a query parameter name (not empty, no &, = or #)");
        }
        queryParams.add(n.toLowerCase(Locale.ROOT));
      }
      return this;
    }

    /**
     * Adds JSON Pointers ({@code mirror.redact.json-pointers}; a segment {@code *} matches any key
     * or index) whose values are redacted in the bodies and differences shown.
     *
     * @throws InvalidConfigException naming {@code mirror.redact.json-pointers} and an invalid
     *     pointer
     */
    public Builder jsonPointers(Collection<String> pointers) {
      for (String pointer : pointers) {
        String p = Objects.requireNonNull(pointer, "pointer").trim();
        try {
          PointerPattern.parse(p);
        } catch (IllegalArgumentException e) {
          throw new InvalidConfigException(
              "mirror.redact.json-pointers", pointer, String.valueOf(e.getMessage()));
        }
        jsonPointers.add(p);
      }
      return this;
    }

    /** Returns the policy. */
    public SensitiveData build() {
      return new SensitiveData(this);
    }
  }
}

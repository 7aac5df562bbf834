package dev.trafficmirror.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * An immutable, case-insensitive multimap of HTTP header names to values, in the order the names
 * were first added.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class Headers {
  private static final Headers EMPTY = new Headers(Collections.emptyMap());

  /**
   * The usual spelling of common header names to their lower case, so that looking them up does not
   * lower-case a copy every time.
   */
  private static final Map<String, String> LOWER_CASE =
      lowerCase(
          "Accept",
          "Accept-Charset",
          "Accept-Encoding",
          "Accept-Language",
          "Access-Control-Allow-Origin",
          "Age",
          "Allow",
          "Authorization",
          "Cache-Control",
          "Connection",
          "Content-Disposition",
          "Content-Encoding",
          "Content-Language",
          "Content-Length",
          "Content-Location",
          "Content-Range",
          "Content-Type",
          "Cookie",
          "Date",
          "ETag",
          "Expect",
          "Expires",
          "Forwarded",
          "Host",
          "If-Match",
          "If-Modified-Since",
          "If-None-Match",
          "If-Range",
          "If-Unmodified-Since",
          "Keep-Alive",
          "Last-Modified",
          "Location",
          "Origin",
          "Pragma",
          "Proxy-Authenticate",
          "Proxy-Authorization",
          "Proxy-Connection",
          "Range",
          "Referer",
          "Retry-After",
          "Server",
          "Set-Cookie",
          "TE",
          "Trailer",
          "Transfer-Encoding",
          "Upgrade",
          "User-Agent",
          "Vary",
          "Via",
          "WWW-Authenticate",
          "X-Correlation-Id",
          "X-Forwarded-For",
          "X-Forwarded-Host",
          "X-Forwarded-Proto",
          "X-Mirror-Id",
          "X-Real-IP",
          "X-Request-Id",
          "X-Requested-With");

  /**
   * Lower-cased name to the entry holding the name as first added and its values. Never changed
   * once this instance holds it: a builder that handed it over copies it before changing anything.
   */
  private final Map<String, Entry> entries;

  private Headers(Map<String, Entry> entries) {
    this.entries = entries;
  }

  /** Returns headers with no entries. */
  public static Headers empty() {
    return EMPTY;
  }

  /** Returns a new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding these headers; changing it does not change this instance. */
  public Builder toBuilder() {
    // Shares the entries until the builder first changes them.
    return new Builder(entries);
  }

  /** Returns the first value of {@code name}, or null when absent; the name is case-insensitive. */
  public @Nullable String first(String name) {
    Entry entry = entries.get(key(name));
    return entry == null ? null : entry.values.get(0);
  }

  /** Returns every value of {@code name} in order, or an empty list; never null. */
  public List<String> all(String name) {
    Entry entry = entries.get(key(name));
    // Entries of built headers hold unmodifiable lists.
    return entry == null ? List.of() : entry.values;
  }

  /** Returns whether {@code name} has at least one value. */
  public boolean contains(String name) {
    return entries.containsKey(key(name));
  }

  /** Returns the distinct names, spelled as first added, in insertion order. */
  public Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    entries.values().forEach(e -> names.add(e.name));
    return Collections.unmodifiableSet(names);
  }

  /** Returns the number of distinct names. */
  public int size() {
    return entries.size();
  }

  /** Returns whether there are no headers. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Calls {@code action} once for every name and value pair, in order. */
  public void forEach(BiConsumer<String, String> action) {
    Objects.requireNonNull(action, "action");
    for (Entry e : entries.values()) {
      for (String value : e.values) {
        action.accept(e.name, value);
      }
    }
  }

  /** Returns the headers as an unmodifiable map from name (as first added) to values. */
  public Map<String, List<String>> toMap() {
    Map<String, List<String>> map = new LinkedHashMap<>();
    entries.values().forEach(e -> map.put(e.name, List.copyOf(e.values)));
    return Collections.unmodifiableMap(map);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Headers that && entries.equals(that.entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  /** Returns the header names only: values may hold credentials and are never printed. */
  @Override
  public String toString() {
    return "Headers" + names();
  }

  /**
   * Returns {@code name} lower-cased as {@code toLowerCase(Locale.ROOT)} does, without a copy when
   * it can.
   */
  static String key(String name) {
    Objects.requireNonNull(name, "name");
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if ((c >= 'A' && c <= 'Z') || c >= 0x80) {
        String known = LOWER_CASE.get(name);
        return known != null ? known : name.toLowerCase(Locale.ROOT);
      }
    }
    // ASCII without an upper-case letter: toLowerCase would return it unchanged.
    return name;
  }

  private static Map<String, String> lowerCase(String... names) {
    Map<String, String> map = new HashMap<>(names.length * 2);
    for (String name : names) {
      map.put(name, name.toLowerCase(Locale.ROOT));
    }
    return Collections.unmodifiableMap(map);
  }

  private static final class Entry {
    final String name;

    /**
     * Unmodifiable, except an {@link ArrayList} a builder made for a name it added more values to;
     * the builder replaces that with an unmodifiable copy before it hands its entries over.
     */
    final List<String> values;

    Entry(String name, List<String> values) {
      this.name = name;
      this.values = values;
    }

    /** Returns this entry with unmodifiable values. */
    Entry frozen() {
      return values instanceof ArrayList ? new Entry(name, List.copyOf(values)) : this;
    }

    @Override
    public boolean equals(Object other) {
      // Names compare case-insensitively through the map key; values in order.
      return other instanceof Entry that && values.equals(that.values);
    }

    @Override
    public int hashCode() {
      return values.hashCode();
    }
  }

  /**
   * Collects headers; not thread-safe. A builder may be used again after {@link #build()}: what it
   * built does not change.
   */
  public static final class Builder {
    private Map<String, Entry> entries;

    /** Whether {@link #entries} is held by built headers too: copy it before changing it. */
    private boolean shared;

    /** Whether an entry holds an {@link ArrayList} of values, to be frozen by {@link #build()}. */
    private boolean growing;

    private Builder() {
      this.entries = new LinkedHashMap<>();
    }

    private Builder(Map<String, Entry> entries) {
      this.entries = entries;
      this.shared = true;
    }

    /** Adds {@code value} to the values of {@code name}. */
    public Builder add(String name, String value) {
      Objects.requireNonNull(value, "value");
      String key = key(name);
      if (name.isEmpty()) {
        throw new IllegalArgumentException("header name is empty");
      }
      Map<String, Entry> map = writable();
      Entry entry = map.get(key);
      if (entry == null) {
        map.put(key, new Entry(name, List.of(value)));
      } else if (entry.values instanceof ArrayList) {
        // Made by this builder since its last build(), so no built headers hold it.
        entry.values.add(value);
      } else {
        List<String> values = new ArrayList<>(entry.values.size() + 2);
        values.addAll(entry.values);
        values.add(value);
        map.put(key, new Entry(entry.name, values));
        growing = true;
      }
      return this;
    }

    /** Replaces every value of {@code name} with {@code value}. */
    public Builder set(String name, String value) {
      remove(name);
      return add(name, value);
    }

    /** Removes {@code name} and its values, if present. */
    public Builder remove(String name) {
      String key = key(name);
      if (entries.containsKey(key)) {
        writable().remove(key);
      }
      return this;
    }

    /**
     * Removes every name, with its values, for which {@code lowerCaseName} returns true; it is
     * given each name lower-cased as {@code toLowerCase(Locale.ROOT)} does. One pass over the
     * names, however many a caller removes: cheaper than {@link #remove} name by name.
     */
    public Builder removeIf(Predicate<? super String> lowerCaseName) {
      Objects.requireNonNull(lowerCaseName, "lowerCaseName");
      for (String key : entries.keySet()) {
        if (lowerCaseName.test(key)) {
          writable().keySet().removeIf(lowerCaseName);
          break;
        }
      }
      return this;
    }

    /** Returns whether {@code name} has at least one value. */
    public boolean contains(String name) {
      return entries.containsKey(key(name));
    }

    /** Returns immutable headers holding what was added so far. */
    public Headers build() {
      if (entries.isEmpty()) {
        return EMPTY;
      }
      if (growing) {
        entries.replaceAll((key, entry) -> entry.frozen());
        growing = false;
      }
      // Hands the entries over; the next change copies them first.
      shared = true;
      return new Headers(entries);
    }

    private Map<String, Entry> writable() {
      if (shared) {
        // A shallow copy: entries with unmodifiable values are shared safely.
        entries = new LinkedHashMap<>(entries);
        shared = false;
      }
      return entries;
    }
  }
}

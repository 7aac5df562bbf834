package dev.trafficmirror.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * An immutable, case-insensitive multimap of HTTP header names to values, in the order the names
 * were first added.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class Headers {
  private static final Headers EMPTY = new Headers(Collections.emptyMap());

  /** Lower-cased name to the entry holding the name as first added and its values. */
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

  /** Returns a builder holding these headers. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    entries.values().forEach(e -> builder.entries.put(key(e.name), e.copy()));
    return builder;
  }

  /** Returns the first value of {@code name}, or null when absent; the name is case-insensitive. */
  public @Nullable String first(String name) {
    Entry entry = entries.get(key(name));
    return entry == null ? null : entry.values.get(0);
  }

  /** Returns every value of {@code name} in order, or an empty list; never null. */
  public List<String> all(String name) {
    Entry entry = entries.get(key(name));
    return entry == null ? List.of() : Collections.unmodifiableList(entry.values);
  }

  /** Returns whether {@code name} has at least one value. */
  public boolean contains(String name) {
    return entries.containsKey(key(name));
  }

  /** Returns the distinct names, spelled as first added, in insertion order. */
  public Set<String> names() {
    Set<String> names = new java.util.LinkedHashSet<>();
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

  private static String key(String name) {
    Objects.requireNonNull(name, "name");
    return name.toLowerCase(Locale.ROOT);
  }

  private static final class Entry {
    final String name;
    final List<String> values;

    Entry(String name, List<String> values) {
      this.name = name;
      this.values = values;
    }

    Entry copy() {
      return new Entry(name, new ArrayList<>(values));
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

  /** Collects headers; not thread-safe. */
  public static final class Builder {
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private Builder() {}

    /** Adds {@code value} to the values of {@code name}. */
    public Builder add(String name, String value) {
      Objects.requireNonNull(value, "value");
      String key = key(name);
      if (name.isEmpty()) {
        throw new IllegalArgumentException("header name is empty");
      }
      entries.computeIfAbsent(key, k -> new Entry(name, new ArrayList<>(1))).values.add(value);
      return this;
    }

    /** Replaces every value of {@code name} with {@code value}. */
    public Builder set(String name, String value) {
      remove(name);
      return add(name, value);
    }

    /** Removes {@code name} and its values, if present. */
    public Builder remove(String name) {
      entries.remove(key(name));
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
      Map<String, Entry> copy = new LinkedHashMap<>(entries.size() * 2);
      entries.forEach((k, e) -> copy.put(k, new Entry(e.name, List.copyOf(e.values))));
      return new Headers(Collections.unmodifiableMap(copy));
    }
  }
}

package dev.trafficmirror.core;

import org.jspecify.annotations.Nullable;

/**
 * Reads one request header by name, case-insensitively, for {@link AdapterProtocol#shouldMirror};
 * an adapter passes its request's own accessor (for a servlet request, {@code request::getHeader}),
 * so the decision copies nothing.
 */
@FunctionalInterface
public interface HeaderLookup {

  /** Returns the first value of header {@code name}, or null when absent. */
  @Nullable String get(String name);
}

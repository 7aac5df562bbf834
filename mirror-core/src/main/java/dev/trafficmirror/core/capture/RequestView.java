package dev.trafficmirror.core.capture;

import dev.trafficmirror.core.HeaderLookup;
import dev.trafficmirror.spi.Headers;
import org.jspecify.annotations.Nullable;

/**
 * What an adapter's request offers the capture: its line, headers and declared length. An adapter
 * implements it over its web API's request; called on the production thread while the request is
 * being handled.
 */
public interface RequestView extends HeaderLookup {
  /** Returns the method, for example {@code POST}. */
  String method();

  /** Returns the raw path without query, for example {@code /predict}. */
  String path();

  /** Returns the raw query without {@code ?}, or null. */
  @Nullable String rawQuery();

  /** Returns every header as received (see {@link CapturedHeaders}). */
  Headers headers();

  /** Returns the declared body length, or -1 when unknown. */
  long contentLength();
}

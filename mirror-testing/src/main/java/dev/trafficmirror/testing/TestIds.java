package dev.trafficmirror.testing;

import java.util.UUID;

/** Names each test request, so that what the shadow and the listener saw can be found again. */
public final class TestIds {
  /** The header carrying the test id; production ignores it, the shadow receives it. */
  public static final String HEADER = "X-Test-Id";

  private TestIds() {}

  /** Returns a new unique id. */
  public static String next() {
    return UUID.randomUUID().toString();
  }
}

package dev.trafficmirror.testing.suites;

import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ProductionResponse;
import dev.trafficmirror.testing.TestClient;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One production behaviour of the transparency suite: the request sent to the application with and
 * without the filter, the status production answers, and what the mirror must make of it.
 *
 * @param name the name shown in test reports
 * @param request the request
 * @param status the status production answers (the same with and without the filter)
 * @param shadow what the shadow must receive as body, or {@link Shadow#NOTHING} when skipped
 * @param skip the outcome when the copy is not sent, else null
 * @param production further checks of the captured production response
 * @param unreadAllowed whether the copy may instead be skipped as {@code SKIPPED_BODY_UNREAD}:
 *     production leaves (part of) the body unread, and the filter takes only what has arrived when
 *     production answers, never waiting for the client; whether the rest has arrived by then is a
 *     race of the network
 */
public record Scenario(
    String name,
    TestClient.Request request,
    int status,
    Shadow shadow,
    @Nullable OutcomeKind skip,
    Consumer<ProductionResponse> production,
    boolean unreadAllowed) {

  /** What the shadow receives as body. */
  public enum Shadow {
    /** Exactly the bytes the client sent. */
    EXACT,
    /** The same multipart parts (names, file names, content types, bytes). */
    SAME_PARTS,
    /** Nothing: the copy is skipped. */
    NOTHING
  }

  /** Returns a scenario whose copy reaches the shadow with the client's exact body. */
  static Scenario exact(String name, TestClient.Request request, int status) {
    return new Scenario(name, request, status, Shadow.EXACT, null, p -> {}, false);
  }

  /** Returns a scenario whose copy is skipped with {@code kind}. */
  static Scenario skipped(String name, TestClient.Request request, int status, OutcomeKind kind) {
    return new Scenario(name, request, status, Shadow.NOTHING, kind, p -> {}, false);
  }

  /** Returns a copy with a further check of the captured production response. */
  Scenario production(Consumer<ProductionResponse> check) {
    return new Scenario(
        name, request, status, shadow, skip, this.production.andThen(check), unreadAllowed);
  }

  /** Returns a copy whose shadow body is compared by multipart parts. */
  Scenario sameParts() {
    return new Scenario(name, request, status, Shadow.SAME_PARTS, skip, production, unreadAllowed);
  }

  /**
   * Returns a copy whose copy may also be skipped as {@code SKIPPED_BODY_UNREAD} (see {@link
   * #unreadAllowed}).
   */
  Scenario orUnread() {
    return new Scenario(name, request, status, shadow, skip, production, true);
  }

  @Override
  public String toString() {
    return name;
  }
}

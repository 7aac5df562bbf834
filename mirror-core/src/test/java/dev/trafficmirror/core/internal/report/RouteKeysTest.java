package dev.trafficmirror.core.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteKeysTest {

  @ParameterizedTest
  @CsvSource({
    "/predict, POST /predict",
    "/users/42/orders/7, POST /users/{id}/orders/{id}",
    "/items/3f2504e0-4f89-11d3-9a0c-0305e82c3301, POST /items/{id}",
    "/items/v2, POST /items/v2",
    "/, POST /",
    "/a//b, POST /a/b",
    "/users/%34%32/x, POST /users/{id}/x",
    "/a/./b/../c;jsessionid=1, POST /a/c",
    "/a/%2Fb, POST <bad path>",
    "/../etc, POST <bad path>",
  })
  void normalises(String path, String route) {
    assertThat(RouteKeys.of("POST", path)).isEqualTo(route);
  }

  @ParameterizedTest
  @CsvSource({"1000", "100000"})
  void longPaths_areCut(int length) {
    String route = RouteKeys.of("GET", "/" + "a".repeat(length));
    assertThat(route.length()).isLessThanOrEqualTo(RouteKeys.MAX_LENGTH + 1);
    assertThat(route).endsWith("…");
  }

  @Test
  void theRouteJustComputed_isReused_onlyForTheSameMethodAndPath() {
    String first = RouteKeys.of("POST", "/users/42");
    assertThat(RouteKeys.of("POST", new String("/users/42"))).isSameAs(first);
    assertThat(RouteKeys.of("GET", "/users/42")).isEqualTo("GET /users/{id}");
    assertThat(RouteKeys.of("GET", "/users/42/x")).isEqualTo("GET /users/{id}/x");
    assertThat(RouteKeys.of("GET", "/a/%2Fb")).isEqualTo("GET <bad path>");
    assertThat(RouteKeys.of("GET", "/users/42")).isEqualTo("GET /users/{id}");
  }

  @Test
  void eachThread_computesItsOwnRoutes() {
    RouteKeys.of("POST", "/predict");
    List<String> elsewhere =
        CompletableFuture.supplyAsync(
                () -> List.of(RouteKeys.of("PUT", "/predict"), RouteKeys.of("PUT", "/items/7")))
            .join();
    assertThat(elsewhere).containsExactly("PUT /predict", "PUT /items/{id}");
    assertThat(RouteKeys.of("POST", "/predict")).isEqualTo("POST /predict");
  }
}

package dev.trafficmirror.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.spi.Headers;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class CapturingResponseTest {

  @Test
  void headers_tomcatNamesPerValue_giveEachNameOnceWithAllValues() {
    Headers headers =
        capturedHeaders(
            List.of(
                Map.entry("X-Custom", "v1"),
                Map.entry("Content-Type", "application/json"),
                Map.entry("x-custom", "v2"),
                Map.entry("X-CUSTOM", "v3")),
            "application/json");

    assertThat(headers.names()).containsExactly("X-Custom", "Content-Type");
    assertThat(headers.all("x-custom")).containsExactly("v1", "v2", "v3");
  }

  @Test
  void headers_skipFramingInAnyCase_andAddTheContentTypeTheContainerHolds() {
    Headers headers =
        capturedHeaders(
            List.of(
                Map.entry("transfer-encoding", "chunked"),
                Map.entry("CONNECTION", "close"),
                Map.entry("Keep-Alive", "timeout=5"),
                Map.entry("\u212Aeep-alive", "kelvin sign"),
                Map.entry("Tran\u017Ffer-Encoding", "long s"),
                Map.entry("Date", "today")),
            "text/plain");

    // Compared as header names are (lower-cased with Locale.ROOT): a KELVIN SIGN is a k, a long s
    // no s.
    assertThat(headers.names()).containsExactly("Tran\u017Ffer-Encoding", "Date", "Content-Type");
    assertThat(headers.first("content-type")).isEqualTo("text/plain");
  }

  /**
   * Production's headers captured from a container that reports a name once per value, as Tomcat
   * does.
   */
  private static Headers capturedHeaders(
      List<Map.Entry<String, String>> set, @Nullable String contentType) {
    HttpServletResponse container =
        (HttpServletResponse)
            Proxy.newProxyInstance(
                CapturingResponseTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "getHeaderNames" -> set.stream().map(Map.Entry::getKey).toList();
                      case "getHeaders" -> valuesOf(set, (String) args[0]);
                      case "getHeader" ->
                          valuesOf(set, (String) args[0]).stream().findFirst().orElse(null);
                      case "getContentType" -> contentType;
                      case "getStatus" -> 200;
                      case "isCommitted" -> true;
                      default -> throw new UnsupportedOperationException(method.getName());
                    });
    CapturingResponse response = new CapturingResponse(container, 1024, () -> {});
    return response.production(null, Duration.ofMillis(1), true).headers();
  }

  private static List<String> valuesOf(List<Map.Entry<String, String>> set, String name) {
    List<String> values = new ArrayList<>();
    for (Map.Entry<String, String> header : set) {
      if (header.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        values.add(header.getValue());
      }
    }
    return values;
  }
}

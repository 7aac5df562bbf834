package dev.trafficmirror.core.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.spi.Headers;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapturedHeadersTest {
  @Test
  void of_map_copiesEveryValue_andLeavesOutEmptyNamesAndNulls() {
    Map<String, List<String>> map = new LinkedHashMap<>();
    map.put("X-A", Arrays.asList("1", null, "2"));
    map.put("", List.of("x"));
    map.put("X-B", null);
    Headers headers = CapturedHeaders.of(map);
    assertThat(headers.all("X-A")).containsExactly("1", "2");
    assertThat(headers.names()).containsExactly("X-A");
  }

  @Test
  void of_names_takesARepeatedNameOnce() {
    Headers headers =
        CapturedHeaders.of(List.of("X-A", "X-A").iterator(), name -> List.of("1", "2").iterator());
    assertThat(headers.all("X-A")).containsExactly("1", "2");
  }

  @Test
  void bytesKnown_onlyForOneCharacterPerByte() {
    assertThat(CapturedHeaders.bytesKnown(Headers.builder().add("X", "caf\u00c3\u00a9").build()))
        .isTrue();
    assertThat(CapturedHeaders.bytesKnown(Headers.builder().add("X", "\u20ac").build())).isFalse();
  }
}

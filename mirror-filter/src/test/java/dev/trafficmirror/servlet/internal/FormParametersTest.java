package dev.trafficmirror.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormParametersTest {
  private static Map<String, List<String>> parse(String body, boolean jetty) {
    return parse(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8, jetty);
  }

  private static Map<String, List<String>> parse(byte[] body, Charset charset, boolean jetty) {
    Map<String, List<String>> into = new LinkedHashMap<>();
    FormParameters.parse(body, charset, jetty, into);
    return into;
  }

  @Test
  void parse_namesInFirstAppearanceOrder_valuesInOrder() {
    assertThat(parse("a=1&b=2&a=3&c", false))
        .containsExactly(
            Map.entry("a", List.of("1", "3")),
            Map.entry("b", List.of("2")),
            Map.entry("c", List.of("")));
  }

  @Test
  void parse_decodesPlusAndPercentWithTheCharset() {
    assertThat(parse("e=x+y%2Bz&b=caf%C3%A9&v=a=b", false))
        .containsEntry("e", List.of("x y+z"))
        .containsEntry("b", List.of("café"))
        .containsEntry("v", List.of("a=b"));
    assertThat(
            parse(
                "b=caf%E9".getBytes(StandardCharsets.US_ASCII), StandardCharsets.ISO_8859_1, false))
        .containsEntry("b", List.of("café"));
  }

  @Test
  void parse_specification_skipsEmptyChunks_andRefusesEmptyNames() {
    assertThat(parse("&a=1&&b=2&", false)).containsOnlyKeys("a", "b");
    assertThatThrownBy(() -> parse("=d&a=1", false)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void parse_jetty_emptyChunksButTheLastAreParameters_andNamesMayBeEmpty() {
    assertThat(parse("a=1&&b=2", true))
        .containsExactly(
            Map.entry("a", List.of("1")), Map.entry("", List.of("")), Map.entry("b", List.of("2")));
    assertThat(parse("a=1&", true)).containsOnlyKeys("a");
    assertThat(parse("&", true)).containsExactly(Map.entry("", List.of("")));
    assertThat(parse("=d&a=1", true)).containsEntry("", List.of("d"));
    assertThat(parse("", true)).isEmpty();
  }

  @Test
  void parse_malformedEscapeOrInvalidBytes_throwIllegalState() {
    assertThatThrownBy(() -> parse("a=%zz", false)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> parse("a=%4", false)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> parse("a=%E9", true))
        .as("not UTF-8")
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void merge_queryValuesComeFirst() {
    Map<String, String[]> merged =
        FormParameters.merge(
            Map.of("a", new String[] {"0"}),
            "a=1&b=2".getBytes(StandardCharsets.US_ASCII),
            StandardCharsets.UTF_8,
            false);
    assertThat(merged.get("a")).containsExactly("0", "1");
    assertThat(merged.keySet()).containsExactly("a", "b");
  }
}

package dev.trafficmirror.core.internal.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class PointerPatternTest {

  @Test
  void parse_escapes_unescapedInSegments() {
    PointerPattern pattern = PointerPattern.parse("/a~1b/m~0n/~01");

    assertThat(pattern.matches(List.of("a/b", "m~n", "~1"))).isTrue();
    assertThat(pattern.length()).isEqualTo(3);
  }

  @Test
  void pointer_escapesTildeBeforeSlash() {
    assertThat(PointerPattern.pointer(List.of("a/b", "m~n", "~1", "0")))
        .isEqualTo("/a~1b/m~0n/~01/0");
    assertThat(PointerPattern.pointer(List.of())).isEmpty();
  }

  @Test
  void covers_samePathOrBelow_notAbove() {
    PointerPattern pattern = PointerPattern.parse("/items/*/timestamp");

    assertThat(pattern.covers(List.of("items", "3", "timestamp"))).isTrue();
    assertThat(pattern.covers(List.of("items", "3", "timestamp", "zone"))).isTrue();
    assertThat(pattern.covers(List.of("items", "3"))).isFalse();
    assertThat(pattern.covers(List.of("items", "3", "id"))).isFalse();
    assertThat(pattern.matches(List.of("items", "3", "timestamp", "zone"))).isFalse();
    assertThat(pattern.wildcards()).isEqualTo(1);
  }

  @Test
  void parse_emptyIsWholeDocument_slashIsEmptyKey() {
    assertThat(PointerPattern.parse("").covers(List.of("anything"))).isTrue();
    assertThat(PointerPattern.parse("/").matches(List.of(""))).isTrue();
  }

  @Test
  void parse_invalid_throwsNamingPointer() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PointerPattern.parse("scores"))
        .withMessage("invalid JSON Pointer \"scores\": must be empty or start with /");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PointerPattern.parse("/a~"))
        .withMessage("invalid JSON Pointer \"/a~\": ~ must be followed by 0 or 1");
  }
}

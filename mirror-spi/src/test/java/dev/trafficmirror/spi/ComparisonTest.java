package dev.trafficmirror.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTest {

  @Test
  void match_hasNothing() {
    Comparison c = Comparison.match();

    assertThat(c.matches()).isTrue();
    assertThat(c.differences()).isEmpty();
    assertThat(c.differenceCount()).isZero();
    assertThat(c.note()).isNull();
    assertThat(c.firstPath()).isNull();
    assertThat(c).hasToString("Comparison[match]");
  }

  @Test
  void of_moreFoundThanListed_countsAll() {
    Comparison c =
        Comparison.of(
            List.of(
                Difference.of("status", "200", "500"), Difference.of("/scores/0", "0.97", "0.5")),
            7);

    assertThat(c.matches()).isFalse();
    assertThat(c.differences()).extracting(Difference::path).containsExactly("status", "/scores/0");
    assertThat(c.differenceCount()).isEqualTo(7);
    assertThat(c.firstPath()).isEqualTo("status");
    assertThat(c).hasToString("Comparison[7 differences at status, /scores/0, …]");
  }

  @Test
  void toString_oneDifference_singular() {
    assertThat(Comparison.of(List.of(Difference.of("status", "200", "500")), 1))
        .hasToString("Comparison[1 difference at status]");
  }

  @Test
  void of_listIsCopiedAndImmutable() {
    List<Difference> listed = new ArrayList<>(List.of(Difference.of("status", "200", "500")));

    Comparison c = Comparison.of(listed, 1);
    listed.clear();

    assertThat(c.differences()).hasSize(1);
    assertThatThrownBy(() -> c.differences().add(Difference.of("body", "a", "b")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void of_totalBelowListed_throws() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Comparison.of(List.of(Difference.of("status", "200", "500")), 0))
        .withMessage("total must be at least the 1 differences listed: 0");
  }

  @Test
  void of_noDifferencesWithNote_matchesAndKeepsNote() {
    Comparison c = Comparison.of(List.of(), 0, "body not compared: production body truncated");

    assertThat(c.matches()).isTrue();
    assertThat(c.note()).isEqualTo("body not compared: production body truncated");
    assertThat(c).hasToString("Comparison[match; body not compared: production body truncated]");
  }

  @Test
  void of_uncomparedReason_keptWithItsNote_notAMatchOfEverything() {
    Comparison c =
        Comparison.of(List.of(), 0, "body not compared: shadow body truncated", "truncated");

    assertThat(c.matches()).isTrue();
    assertThat(c.uncompared()).isEqualTo("truncated");
    assertThat(c)
        .isNotEqualTo(Comparison.of(List.of(), 0, "body not compared: shadow body truncated"));
    assertThat(c)
        .hasToString(
            "Comparison[uncompared (truncated); body not compared: shadow body truncated]");
    assertThat(Comparison.match().uncompared()).isNull();
  }

  @Test
  void of_uncomparedWithoutNoteOrBlank_throws() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Comparison.of(List.of(), 0, null, "truncated"));
    assertThatIllegalArgumentException().isThrownBy(() -> Comparison.of(List.of(), 0, "note", " "));
  }

  @Test
  void of_blankNote_throws() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Comparison.of(List.of(), 0, " "))
        .withMessage("note is blank; use null for no note");
  }

  @Test
  void of_nothingFoundNoNote_isMatch() {
    assertThat(Comparison.of(List.of(), 0)).isSameAs(Comparison.match());
  }
}

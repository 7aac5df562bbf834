package dev.trafficmirror.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadersTest {

  @Test
  void key_isToLowerCaseRoot_forKnownUnknownAndNonAsciiNames() {
    for (String name :
        List.of(
            "Content-Type",
            "content-type",
            "CONTENT-TYPE",
            "Content-type",
            "Host",
            "TE",
            "ETag",
            "X-Real-IP",
            "traceparent",
            "X-Mirror-Id",
            "X-Custom-Thing",
            "x",
            "X",
            "a-Z",
            "@Z[`z{",
            "\u212Aeep-Alive",
            "Tran\u017Ffer-Encoding",
            "\u0130d",
            "Stra\u00DFe",
            "\u00C9t\u00E9",
            "\u03A3\u03C3")) {
      assertThat(Headers.key(name)).as(name).isEqualTo(name.toLowerCase(Locale.ROOT));
    }
  }

  @Test
  void key_returnsUsualNamesWithoutACopy() {
    String lower = "x-request-id";
    assertThat(Headers.key(lower)).isSameAs(lower);
    assertThat(Headers.key("Content-Type")).isSameAs(Headers.key(new String("Content-Type")));
  }

  @Test
  void names_matchAsToLowerCaseRootDoes_includingNonAscii() {
    Headers headers =
        Headers.builder()
            .add("\u212Aeep-Alive", "kelvin")
            .add("Tran\u017Ffer-Encoding", "long s")
            .add("X-\u00C9T\u00C9", "e acute")
            .build();
    // KELVIN SIGN lower-cases to an ASCII k; LATIN SMALL LETTER LONG S does not lower-case to s.
    assertThat(headers.first("KEEP-ALIVE")).isEqualTo("kelvin");
    assertThat(headers.contains("transfer-encoding")).isFalse();
    assertThat(headers.first("tran\u017Ffer-encoding")).isEqualTo("long s");
    assertThat(headers.first("x-\u00E9t\u00E9")).isEqualTo("e acute");
    assertThat(headers.names())
        .containsExactly("\u212Aeep-Alive", "Tran\u017Ffer-Encoding", "X-\u00C9T\u00C9");
  }

  @Test
  void builder_reusedAfterBuild_doesNotChangeWhatItBuilt() {
    Headers.Builder builder =
        Headers.builder().add("Accept", "a").add("Accept", "b").add("X-Id", "1");
    Headers first = builder.build();
    builder.add("accept", "c").add("X-New", "n").remove("x-id").set("Host", "h");
    Headers second = builder.build();
    builder.add("ACCEPT", "d").remove("Host");

    assertThat(first.toMap()).isEqualTo(Map.of("Accept", List.of("a", "b"), "X-Id", List.of("1")));
    assertThat(first.names()).containsExactly("Accept", "X-Id");
    assertThat(second.all("Accept")).containsExactly("a", "b", "c");
    assertThat(second.names()).containsExactly("Accept", "X-New", "Host");
    assertThat(builder.build().all("accept")).containsExactly("a", "b", "c", "d");
    assertThat(builder.build().names()).containsExactly("Accept", "X-New");
  }

  @Test
  void builder_buildTwiceWithoutChanges_givesEqualHeaders() {
    Headers.Builder builder = Headers.builder().add("Accept", "a").add("Accept", "b");
    Headers first = builder.build();
    assertThat(builder.build()).isEqualTo(first);
    builder.add("Accept", "c");
    assertThat(first.all("Accept")).containsExactly("a", "b");
  }

  @Test
  void toBuilder_changesDoNotLeakIntoTheOriginal() {
    Headers original =
        Headers.builder().add("Accept", "a").add("Cookie", "c=1").add("traceparent", "t").build();
    Headers changed =
        original.toBuilder()
            .add("accept", "b")
            .remove("traceparent")
            .set("Cookie", "c=2")
            .add("X-Mirror-Id", "m")
            .build();

    assertThat(original.toMap())
        .isEqualTo(
            Map.of("Accept", List.of("a"), "Cookie", List.of("c=1"), "traceparent", List.of("t")));
    assertThat(original.names()).containsExactly("Accept", "Cookie", "traceparent");
    assertThat(changed.names()).containsExactly("Accept", "Cookie", "X-Mirror-Id");
    assertThat(changed.all("Accept")).containsExactly("a", "b");
    assertThat(changed.first("cookie")).isEqualTo("c=2");
  }

  @Test
  void removeIf_givesLowerCaseNames_keepsTheOthersInOrder_andLeavesTheOriginalAlone() {
    Headers original =
        Headers.builder()
            .add("Accept", "a")
            .add("Cookie", "c=1")
            .add("Cookie", "c=2")
            .add("X-API-Key", "k")
            .add("\u212Aeep-Alive", "kelvin")
            .add("traceparent", "t")
            .build();
    List<String> seen = new ArrayList<>();
    Headers kept =
        original.toBuilder()
            .removeIf(
                name -> {
                  seen.add(name);
                  return name.equals("cookie")
                      || name.equals("x-api-key")
                      || name.equals("keep-alive");
                })
            .build();

    assertThat(seen).startsWith("accept", "cookie");
    assertThat(kept.names()).containsExactly("Accept", "traceparent");
    assertThat(original.names())
        .containsExactly("Accept", "Cookie", "X-API-Key", "\u212Aeep-Alive", "traceparent");
    assertThat(original.all("cookie")).containsExactly("c=1", "c=2");
  }

  @Test
  void removeIf_removingNothing_buildsEqualHeaders_andTheBuilderStaysUsable() {
    Headers original = Headers.builder().add("Accept", "a").add("Host", "h").build();
    Headers.Builder builder = original.toBuilder().removeIf(name -> false);
    assertThat(builder.build()).isEqualTo(original);
    Headers changed = builder.removeIf("host"::equals).add("Accept", "b").build();
    assertThat(changed.toMap()).isEqualTo(Map.of("Accept", List.of("a", "b")));
    assertThat(original.names()).containsExactly("Accept", "Host");
    assertThatThrownBy(() -> Headers.builder().removeIf(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void toBuilder_twoBuildersOfOneHeaders_areIndependent() {
    Headers original = Headers.builder().add("Accept", "a").build();
    Headers.Builder one = original.toBuilder();
    Headers.Builder two = original.toBuilder();
    one.add("Accept", "1");
    two.add("Accept", "2").add("Accept", "3");
    assertThat(one.build().all("Accept")).containsExactly("a", "1");
    assertThat(two.build().all("Accept")).containsExactly("a", "2", "3");
    assertThat(original.all("Accept")).containsExactly("a");
  }

  @Test
  void toBuilder_withoutChanges_buildsEqualHeaders_andRemovingAnAbsentNameChangesNothing() {
    Headers original =
        Headers.builder().add("Accept", "a").add("Accept", "b").add("Host", "h").build();
    Headers same = original.toBuilder().remove("traceparent").remove("tracestate").build();
    assertThat(same).isEqualTo(original).hasSameHashCodeAs(original);
    assertThat(same.names()).containsExactly("Accept", "Host");
    assertThat(Headers.empty().toBuilder().add("Host", "h").build().first("host")).isEqualTo("h");
    assertThat(Headers.empty().toBuilder().remove("Host").build()).isSameAs(Headers.empty());
  }

  @Test
  void values_areUnmodifiable_howeverTheHeadersWereBuilt() {
    Headers.Builder builder = Headers.builder().add("Accept", "a");
    Headers single = builder.build();
    Headers multi = builder.add("Accept", "b").build();
    Headers copied = multi.toBuilder().add("Accept", "c").build();
    for (Headers headers : List.of(single, multi, copied)) {
      List<String> values = headers.all("Accept");
      assertThatThrownBy(() -> values.add("x")).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> values.set(0, "x"))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> headers.toMap().get("Accept").add("x"))
          .isInstanceOf(UnsupportedOperationException.class);
    }
    assertThat(copied.all("Accept")).containsExactly("a", "b", "c");
  }

  @Test
  void equality_ignoresNameCaseAndHowBuilt_butNotValueOrder() {
    Headers fresh =
        Headers.builder().add("Accept", "a").add("Accept", "b").add("X-Id", "1").build();
    Headers viaToBuilder =
        Headers.builder().add("ACCEPT", "a").build().toBuilder()
            .add("accept", "b")
            .add("x-id", "1")
            .build();
    Headers.Builder reused = Headers.builder().add("accept", "a");
    reused.build();
    Headers viaReuse = reused.add("Accept", "b").add("X-ID", "1").build();

    assertThat(viaToBuilder).isEqualTo(fresh).hasSameHashCodeAs(fresh);
    assertThat(viaReuse).isEqualTo(fresh).hasSameHashCodeAs(fresh);
    assertThat(Headers.builder().add("Accept", "b").add("Accept", "a").add("X-Id", "1").build())
        .isNotEqualTo(fresh);
    assertThat(fresh.toBuilder().set("X-Id", "2").build()).isNotEqualTo(fresh);
  }

  @Test
  void forEach_followsInsertionOrder_andSetMovesTheNameToTheEnd() {
    Headers headers =
        Headers.builder().add("A", "1").add("B", "2").add("a", "3").build().toBuilder()
            .set("A", "4")
            .add("b", "5")
            .build();
    List<String> seen = new ArrayList<>();
    headers.forEach((name, value) -> seen.add(name + "=" + value));
    assertThat(seen).containsExactly("B=2", "B=5", "A=4");
  }

  @Test
  void builder_rejectsEmptyNamesAndNulls_withoutChangingWhatItHolds() {
    Headers.Builder builder = Headers.builder().add("Accept", "a");
    Headers built = builder.build();
    assertThatThrownBy(() -> builder.add("", "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.add("Accept", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.add(null, "x")).isInstanceOf(NullPointerException.class);
    assertThat(builder.build()).isEqualTo(built);
  }
}

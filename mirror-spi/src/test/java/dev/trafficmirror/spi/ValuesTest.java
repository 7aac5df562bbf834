package dev.trafficmirror.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValuesTest {

  @Test
  void body_isImmutable_andNeverPrinted() {
    byte[] source = {1, 2, 3};
    Body body = Body.of(source);
    source[0] = 9;
    assertThat(body.toByteArray()).containsExactly(1, 2, 3);
    body.toByteArray()[1] = 9;
    assertThat(body.byteAt(1)).isEqualTo((byte) 2);
    ByteBuffer view = body.asByteBuffer();
    assertThatThrownBy(() -> view.put(0, (byte) 7)).isInstanceOf(ReadOnlyBufferException.class);
    assertThat(body).hasToString("Body[size=3]").isEqualTo(Body.wrap(new byte[] {1, 2, 3, 4}, 3));
    assertThat(Body.wrap(new byte[] {1, 2, 3, 4}, 3).hashCode()).isEqualTo(body.hashCode());
    assertThat(Body.of("", StandardCharsets.UTF_8)).isSameAs(Body.empty());
    assertThatThrownBy(() -> Body.wrap(new byte[2], 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void headers_areCaseInsensitiveOrderedMultimap() {
    Headers headers =
        Headers.builder().add("Accept", "a").add("X-Id", "1").add("accept", "b").build();
    assertThat(headers.first("ACCEPT")).isEqualTo("a");
    assertThat(headers.all("accept")).containsExactly("a", "b");
    assertThat(headers.names()).containsExactly("Accept", "X-Id");
    assertThat(headers.all("missing")).isEmpty();
    assertThat(headers.first("missing")).isNull();
    assertThat(headers.toMap())
        .isEqualTo(Map.of("Accept", List.of("a", "b"), "X-Id", List.of("1")));
    assertThat(headers.toBuilder().set("ACCEPT", "c").build().all("Accept")).containsExactly("c");
    assertThat(headers.toBuilder().remove("x-id").build().contains("X-Id")).isFalse();
    assertThat(headers)
        .isEqualTo(
            Headers.builder().add("accept", "a").add("accept", "b").add("x-id", "1").build());
    assertThat(headers.toString()).doesNotContain("1");
    assertThatThrownBy(() -> headers.all("Accept").add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void mirroredRequest_defaultsAndCopies() {
    MirroredRequest request = MirroredRequest.builder("POST", "/predict").rawQuery("").build();
    assertThat(request.id()).hasSize(16).matches("[0-9a-f]{16}");
    assertThat(request.rawQuery()).isNull();
    assertThat(request.body().isEmpty()).isTrue();
    assertThat(request.receivedAt()).isNotNull();
    MirroredRequest copy =
        request.toBuilder()
            .headers(Headers.builder().add("Content-Type", "text/plain").build())
            .build();
    assertThat(copy.id()).isEqualTo(request.id());
    assertThat(copy.contentType()).isEqualTo("text/plain");
    assertThat(copy.toString()).contains(request.id()).doesNotContain("text/plain");
    MirroredRequest.Builder unset = MirroredRequest.builder("GET", "/");
    String fixed = unset.id();
    assertThat(unset.id()).isEqualTo(fixed);
    assertThat(unset.build().id()).isEqualTo(fixed);
  }

  @Test
  void newIds_areSixteenLowerCaseHexDigits_keepingLeadingZeros_andDiffer() {
    Set<String> ids = new HashSet<>();
    boolean leadingZero = false;
    for (int i = 0; i < 10_000; i++) {
      String id = MirroredRequest.newId();
      assertThat(id).matches("[0-9a-f]{16}");
      leadingZero |= id.charAt(0) == '0';
      ids.add(id);
    }
    assertThat(ids).hasSize(10_000);
    assertThat(leadingZero).as("about 1 id in 16 starts with 0").isTrue();
  }

  @Test
  void targetSettings_errorsNameTheFullKey() {
    TargetSettings settings = TargetSettings.of("v2", Map.of("url", " "));
    assertThatThrownBy(() -> settings.require("url"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("mirror.target.v2.url= : is required");
    assertThatThrownBy(() -> settings.require("path"))
        .hasMessage("mirror.target.v2.path is required");
    assertThat(settings.invalid("url", "x", "is bad").key()).isEqualTo("mirror.target.v2.url");
  }

  @Test
  void outcomeKind_labels() {
    assertThat(OutcomeKind.DROPPED_BUDGET.label()).isEqualTo("dropped_budget");
    assertThat(OutcomeKind.DROPPED_BUDGET.notSent()).isTrue();
    assertThat(OutcomeKind.SHADOW_TIMEOUT.notSent()).isFalse();
    assertThat(OutcomeKind.MISMATCH.shadowAnswered()).isTrue();
    assertThat(OutcomeKind.SHADOW_TIMEOUT.sent()).isTrue();
    assertThat(OutcomeKind.DROPPED_QUEUE_FULL.sent()).isFalse();
    assertThat(OutcomeKind.UNCOMPARED.label()).isEqualTo("uncompared");
    assertThat(OutcomeKind.UNCOMPARED.sent()).isTrue();
    assertThat(OutcomeKind.UNCOMPARED.shadowAnswered()).isTrue();
    assertThat(OutcomeKind.UNCOMPARED.judged()).isFalse();
    assertThat(OutcomeKind.UNCOMPARED.notSent()).isFalse();
    assertThat(Arrays.stream(OutcomeKind.values()).filter(OutcomeKind::judged))
        .containsExactly(OutcomeKind.MATCH, OutcomeKind.MISMATCH);
    for (OutcomeKind kind : OutcomeKind.values()) {
      assertThat(kind.sent()).as("%s", kind).isNotEqualTo(kind.notSent());
      assertThat(kind.notSent())
          .as("%s", kind)
          .isEqualTo(kind.name().startsWith("DROPPED_") || kind.name().startsWith("SKIPPED_"));
      assertThat(kind.label())
          .isEqualTo(kind.name().toLowerCase(Locale.ROOT))
          .isSameAs(kind.label());
    }
  }

  @Test
  void responses_rejectImpossibleStatus() {
    assertThatThrownBy(() -> ProductionResponse.builder(99))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ProductionResponse.builder(204).build().bodyComplete()).isTrue();
  }
}

package dev.trafficmirror.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trafficmirror.redis.internal.RecordSignature.Check;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.ProductionResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SuppressWarnings("ArrayAsKeyOfSetOrMap")
class RecordSignatureTest {
  private static final String KEY = "k7Qw9vZ2r5Tn8Lx1Bc4Hj6Md3Fp0Sg2Y=";
  private static final byte[] STREAM = utf8("mirror:v1");
  private static final RecordSignature SIGNATURE = RecordSignature.withKey(KEY);

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Map<byte[], byte[]> signedRecord() {
    MirroredRequest request =
        MirroredRequest.builder("POST", "/predict")
            .rawQuery("a=1")
            .headers(Headers.builder().add("Content-Type", "application/json").build())
            .body(Body.of("{\"x\":1}", StandardCharsets.UTF_8))
            .traceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
            .build();
    ProductionResponse production =
        ProductionResponse.builder(200)
            .body(Body.of("{}", StandardCharsets.UTF_8))
            .exceptionClass("java.io.IOException")
            .build();
    Map<byte[], byte[]> fields = StreamRecord.encode(request, production);
    SIGNATURE.sign(fields, STREAM);
    return fields;
  }

  /** A copy of {@code fields} as Redis gives an entry back: new arrays, the same bytes. */
  private static Map<byte[], byte[]> copy(Map<byte[], byte[]> fields) {
    Map<byte[], byte[]> copy = new LinkedHashMap<>();
    fields.forEach((name, value) -> copy.put(name.clone(), value.clone()));
    return copy;
  }

  private static byte[] valueOf(Map<byte[], byte[]> fields, String name) {
    return fields.entrySet().stream()
        .filter(e -> Arrays.equals(e.getKey(), utf8(name)))
        .findFirst()
        .orElseThrow()
        .getValue();
  }

  @Test
  void signedRecord_checksValid_asReadBack_inAnotherFieldOrder() {
    Map<byte[], byte[]> fields = signedRecord();
    assertThat(new String(valueOf(fields, RecordSignature.FIELD), StandardCharsets.US_ASCII))
        .matches("v1:[0-9a-f]{64}");
    assertThat(SIGNATURE.check(copy(fields), STREAM)).isEqualTo(Check.VALID);

    Map<byte[], byte[]> reversed = new LinkedHashMap<>();
    List<Map.Entry<byte[], byte[]>> entries = List.copyOf(fields.entrySet());
    for (int i = entries.size() - 1; i >= 0; i--) {
      reversed.put(entries.get(i).getKey().clone(), entries.get(i).getValue().clone());
    }
    assertThat(SIGNATURE.check(reversed, STREAM)).isEqualTo(Check.VALID);
  }

  @Test
  void changingAnyOneField_breaksTheSignature() {
    Map<byte[], byte[]> fields = signedRecord();
    for (byte[] name : fields.keySet()) {
      if (Arrays.equals(name, utf8(RecordSignature.FIELD))) {
        continue;
      }
      Map<byte[], byte[]> tampered = copy(fields);
      tampered.entrySet().stream()
          .filter(e -> Arrays.equals(e.getKey(), name))
          .forEach(
              e -> {
                byte[] value = Arrays.copyOf(e.getValue(), e.getValue().length + 1);
                value[value.length - 1] = 'x';
                e.setValue(value);
              });
      assertThat(SIGNATURE.check(tampered, STREAM))
          .as(new String(name, StandardCharsets.UTF_8))
          .isEqualTo(Check.MISMATCH);

      Map<byte[], byte[]> removed = copy(fields);
      removed.keySet().removeIf(n -> Arrays.equals(n, name));
      assertThat(SIGNATURE.check(removed, STREAM)).isEqualTo(Check.MISMATCH);
    }
    Map<byte[], byte[]> added = copy(fields);
    added.put(utf8("extra"), utf8("1"));
    assertThat(SIGNATURE.check(added, STREAM)).isEqualTo(Check.MISMATCH);
  }

  @Test
  void fieldBoundaries_areUnambiguous() {
    Map<byte[], byte[]> a = new LinkedHashMap<>();
    a.put(utf8("ab"), utf8("c"));
    Map<byte[], byte[]> b = new LinkedHashMap<>();
    b.put(utf8("a"), utf8("bc"));
    SIGNATURE.sign(a, STREAM);
    SIGNATURE.sign(b, STREAM);
    assertThat(valueOf(a, RecordSignature.FIELD)).isNotEqualTo(valueOf(b, RecordSignature.FIELD));
  }

  @Test
  void missingSignature_otherKey_otherStream_repeatedSignature_allRefused() {
    Map<byte[], byte[]> fields = signedRecord();
    Map<byte[], byte[]> unsigned = copy(fields);
    unsigned.keySet().removeIf(n -> Arrays.equals(n, utf8(RecordSignature.FIELD)));
    assertThat(SIGNATURE.check(unsigned, STREAM)).isEqualTo(Check.MISSING);

    assertThat(RecordSignature.withKey(KEY + "2").check(copy(fields), STREAM))
        .isEqualTo(Check.MISMATCH);
    assertThat(SIGNATURE.check(copy(fields), utf8("mirror:other"))).isEqualTo(Check.MISMATCH);
    assertThat(SIGNATURE.check(copy(fields), utf8("mirror:v1"))).isEqualTo(Check.VALID);

    Map<byte[], byte[]> twice = copy(fields);
    twice.put(utf8(RecordSignature.FIELD), valueOf(fields, RecordSignature.FIELD).clone());
    assertThat(SIGNATURE.check(twice, STREAM)).isEqualTo(Check.MISMATCH);

    Map<byte[], byte[]> garbage = copy(unsigned);
    garbage.put(utf8(RecordSignature.FIELD), utf8("v1:00"));
    assertThat(SIGNATURE.check(garbage, STREAM)).isEqualTo(Check.MISMATCH);
  }

  @Test
  void shortKey_isRefusedWithoutShowingIt_andNothingShowsTheKey() {
    String shortKey = "0123456789abcdef0123456789abcde";
    assertThatThrownBy(() -> RecordSignature.withKey(shortKey))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("must be at least 32 bytes")
        .hasMessageNotContaining(shortKey);
    assertThat(RecordSignature.withKey(shortKey + "f")).isNotNull();
    assertThat(SIGNATURE.toString()).doesNotContain(KEY).isEqualTo("RecordSignature[HmacSHA256]");
  }

  @Test
  void signingARecordThatHoldsASignature_isRefused() {
    Map<byte[], byte[]> fields = signedRecord();
    assertThatThrownBy(() -> SIGNATURE.sign(fields, STREAM))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

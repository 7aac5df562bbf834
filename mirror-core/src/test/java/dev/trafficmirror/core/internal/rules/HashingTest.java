package dev.trafficmirror.core.internal.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HashingTest {
  /** The key 00 01 .. 0f of the SipHash paper's test vectors. */
  private static final Hashing REFERENCE = new Hashing(0x0706050403020100L, 0x0F0E0D0C0B0A0908L);

  @Test
  void hash_isSipHash24_byTheReferenceVectors() {
    // Messages 00 01 .. (n-1) of the reference implementation, as UTF-16LE code units.
    assertThat(REFERENCE.hash("")).isEqualTo(0x726fdb47dd0e0e31L);
    assertThat(REFERENCE.hash("\u0100")).isEqualTo(0x0d6c8009d9a94f5aL);
    assertThat(REFERENCE.hash("\u0100\u0302\u0504\u0706")).isEqualTo(0x93f5f5799a932462L);
  }

  @Test
  void unit_isInZeroOne_andUniform() {
    Hashing hashing = Hashing.fromSeed("a seed of sixteen or more");
    int[] buckets = new int[10];
    for (int i = 0; i < 100_000; i++) {
      double u = hashing.unit("user-" + i);
      assertThat(u).isGreaterThanOrEqualTo(0).isLessThan(1);
      buckets[(int) (u * 10)]++;
    }
    // Binomial(100000, 0.1): sd ~ 95; 6 sd either side.
    for (int n : buckets) {
      assertThat(n).isBetween(10_000 - 570, 10_000 + 570);
    }
  }

  @Test
  void sameSeed_sameHash_otherSeedOrLabel_otherHash() {
    Hashing a = Hashing.fromSeed("0123456789abcdef-deployment-1");
    Hashing b = Hashing.fromSeed("0123456789abcdef-deployment-1");
    Hashing c = Hashing.fromSeed("0123456789abcdef-deployment-2");
    assertThat(a.hash("user-1")).isEqualTo(b.hash("user-1"));
    assertThat(a.hash("user-1")).isNotEqualTo(c.hash("user-1"));
    assertThat(a.derive("target:v2").hash("user-1"))
        .isEqualTo(b.derive("target:v2").hash("user-1"))
        .isNotEqualTo(a.derive("target:v3").hash("user-1"))
        .isNotEqualTo(a.hash("user-1"));
    assertThat(Hashing.random().hash("user-1")).isNotEqualTo(Hashing.random().hash("user-1"));
  }

  @Test
  void toString_neverShowsTheKey() {
    assertThat(new Hashing(0x1234_5678L, 0x9abc_def0L).toString())
        .doesNotContain("12345678")
        .doesNotContain("305419896");
  }
}

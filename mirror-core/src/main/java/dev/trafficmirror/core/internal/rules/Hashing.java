package dev.trafficmirror.core.internal.rules;

/** Allocation-free hashing of strings to uniform numbers in [0, 1), for sampling. */
final class Hashing {
  private Hashing() {}

  /** Returns a well-mixed 64-bit hash of {@code s} seeded with {@code seed}. */
  public static long hash(CharSequence s, long seed) {
    long h = seed ^ 0x9E3779B97F4A7C15L;
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * 0x100000001B3L;
    }
    return mix(h);
  }

  /** Returns the uniform number in [0, 1) that {@code s} hashes to under {@code seed}. */
  public static double unit(CharSequence s, long seed) {
    return (hash(s, seed) >>> 11) * 0x1.0p-53;
  }

  /** The finaliser of MurmurHash3, spreading every input bit over the output. */
  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}

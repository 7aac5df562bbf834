package dev.trafficmirror.core.internal.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * A keyed hash of strings to uniform numbers in [0, 1), for sampling: SipHash-2-4 (a pseudorandom
 * function designed for short inputs chosen by an attacker) over the string's UTF-16 code units,
 * little-endian. Without the 128-bit key nobody can tell which values a rate selects, so a client
 * cannot pick a {@code mirror.sample-key} value that is always (or never) sampled.
 *
 * <p>Hashing allocates nothing. Immutable and thread-safe.
 */
public final class Hashing {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final long k0;
  private final long k1;

  /**
   * Creates the hash with the key {@code k0 || k1} (each little-endian, as SipHash reads its key).
   */
  public Hashing(long k0, long k1) {
    this.k0 = k0;
    this.k1 = k1;
  }

  /** Returns the hash keyed by the first 128 bits of SHA-256 of {@code seed}'s UTF-8 bytes. */
  public static Hashing fromSeed(String seed) {
    byte[] digest = sha256(seed.getBytes(StandardCharsets.UTF_8));
    return new Hashing(littleEndian(digest, 0), littleEndian(digest, 8));
  }

  /** Returns a hash with a key from {@link SecureRandom}, for a deployment that set no seed. */
  public static Hashing random() {
    return new Hashing(RANDOM.nextLong(), RANDOM.nextLong());
  }

  /**
   * Returns a hash with a key derived from this one and {@code label}, independent of this one's
   * outputs for every other label: for example one per target, so that targets sample
   * independently.
   */
  public Hashing derive(String label) {
    Objects.requireNonNull(label, "label");
    return new Hashing(hash("k0:" + label), hash("k1:" + label));
  }

  /** Returns the 64-bit SipHash-2-4 of {@code s}. */
  public long hash(CharSequence s) {
    long v0 = k0 ^ 0x736f6d6570736575L;
    long v1 = k1 ^ 0x646f72616e646f6dL;
    long v2 = k0 ^ 0x6c7967656e657261L;
    long v3 = k1 ^ 0x7465646279746573L;
    int n = s.length();
    int fullWords = n / 4;
    // Each step compresses one 64-bit word with two rounds; the last two steps, after v2 ^= 0xff,
    // compress a zero word: the four finalisation rounds.
    for (int step = 0; step < fullWords + 3; step++) {
      long m;
      if (step < fullWords) {
        int i = step * 4;
        m =
            s.charAt(i)
                | (long) s.charAt(i + 1) << 16
                | (long) s.charAt(i + 2) << 32
                | (long) s.charAt(i + 3) << 48;
      } else if (step == fullWords) {
        m = (2L * n & 0xff) << 56;
        for (int i = fullWords * 4, shift = 0; i < n; i++, shift += 16) {
          m |= (long) s.charAt(i) << shift;
        }
      } else {
        m = 0;
        if (step == fullWords + 1) {
          v2 ^= 0xff;
        }
      }
      v3 ^= m;
      for (int round = 0; round < 2; round++) {
        v0 += v1;
        v1 = Long.rotateLeft(v1, 13) ^ v0;
        v0 = Long.rotateLeft(v0, 32);
        v2 += v3;
        v3 = Long.rotateLeft(v3, 16) ^ v2;
        v0 += v3;
        v3 = Long.rotateLeft(v3, 21) ^ v0;
        v2 += v1;
        v1 = Long.rotateLeft(v1, 17) ^ v2;
        v2 = Long.rotateLeft(v2, 32);
      }
      v0 ^= m;
    }
    return v0 ^ v1 ^ v2 ^ v3;
  }

  /** Returns the uniform number in [0, 1) that {@code s} hashes to. */
  public double unit(CharSequence s) {
    return (hash(s) >>> 11) * 0x1.0p-53;
  }

  private static long littleEndian(byte[] b, int offset) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = v << 8 | (b[offset + i] & 0xff);
    }
    return v;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** Never shows the key. */
  @Override
  public String toString() {
    return "Hashing[SipHash-2-4, key not shown]";
  }
}

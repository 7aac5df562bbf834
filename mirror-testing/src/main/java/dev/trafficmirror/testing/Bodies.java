package dev.trafficmirror.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/** Request bodies for the suites, and their digests. */
public final class Bodies {
  /** One kibibyte. */
  public static final int KIB = 1024;

  /**
   * One mebibyte: the suites' {@code mirror.max-body-bytes}, so a body of exactly this size is
   * mirrored.
   */
  public static final int MIB = 1024 * 1024;

  private Bodies() {}

  /** Returns {@code size} pseudo-random bytes, the same for the same size and seed. */
  public static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /**
   * Returns {@code size} bytes of UTF-8 text with multi-byte characters, cut at a character
   * boundary.
   */
  public static byte[] utf8Text(int size) {
    String[] words = {"mirror ", "shadow ", "\u00e9 ", "\u00df ", "\u20ac ", "\u6a21\u578b ", "\n"};
    ByteArrayOutputStream text = new ByteArrayOutputStream(size + 16);
    for (int i = 0; text.size() < size; i++) {
      text.writeBytes(words[i % words.length].getBytes(StandardCharsets.UTF_8));
    }
    byte[] encoded = text.toByteArray();
    int end = size;
    while (end > 0 && end < encoded.length && (encoded[end] & 0xC0) == 0x80) {
      end--;
    }
    return Arrays.copyOf(encoded, end);
  }

  /** Returns the lower-case hex SHA-256 of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.trafficmirror.core.internal.compare;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Short renderings of bodies compared as bytes: UTF-8 text from near the first differing byte, or
 * for binary content its size and the start of its SHA-256.
 */
final class BodyPreview {
  private static final char ELLIPSIS = '…';

  private BodyPreview() {}

  /**
   * Returns a rendering of {@code bytes} of at most {@code maxChars} characters, starting a little
   * before byte {@code firstDifference} so the differing part shows.
   */
  public static String render(byte[] bytes, int firstDifference, int maxChars) {
    if (bytes.length == 0) {
      return "<empty>";
    }
    if (!isText(bytes)) {
      return "<" + bytes.length + " bytes, sha-256 " + sha256Prefix(bytes) + ELLIPSIS + ">";
    }
    int start = Math.max(0, Math.min(firstDifference, bytes.length) - maxChars / 4);
    while (start > 0 && (bytes[start] & 0xC0) == 0x80) {
      start--; // back to the first byte of a UTF-8 sequence
    }
    // Four bytes per character at most: this many bytes always fill the rendering.
    int length = (int) Math.min(bytes.length - start, 4L * maxChars);
    String text = new String(bytes, start, length, StandardCharsets.UTF_8);
    return JsonText.cap(start > 0 ? ELLIPSIS + text : text, maxChars);
  }

  /** Returns whether {@code bytes} are UTF-8 text: no control characters but tab, CR and LF. */
  static boolean isText(byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(4096);
    while (true) {
      CoderResult result = decoder.decode(in, out, true);
      if (result.isError()) {
        return false;
      }
      out.flip();
      while (out.hasRemaining()) {
        char c = out.get();
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
          return false;
        }
      }
      out.clear();
      if (result.isUnderflow()) {
        return true; // all input consumed: decode(..., true) reports a truncated sequence as error
      }
    }
  }

  private static String sha256Prefix(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < 6; i++) {
        hex.append(Character.forDigit((digest[i] >> 4) & 0xf, 16))
            .append(Character.forDigit(digest[i] & 0xf, 16));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }
}

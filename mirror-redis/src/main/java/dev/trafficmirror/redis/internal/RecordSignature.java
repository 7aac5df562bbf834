package dev.trafficmirror.redis.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs stream records and checks their signatures: HMAC-SHA256 with a key shared by the {@code
 * redis-stream} target and the replayers, over every field of the entry but the signature itself.
 * The signature is the field {@value #FIELD}, {@code v1:} and 64 lower-case hex digits.
 *
 * <p>What is signed (scheme version 1), as bytes, so that no two different entries sign alike: the
 * ASCII text {@code traffic-mirror-record-v1}, a zero byte, the stream key, then the number of
 * fields, then each field ordered by name (unsigned bytes; equal names by value) as the length of
 * its name, the name, the length of its value, the value. Lengths and the count are 4-byte
 * big-endian. The stream key is signed too, so an entry copied to another stream is refused there.
 *
 * <p>The key never leaves this object: {@link #toString()} does not show it. Immutable and
 * thread-safe; each call uses its own {@link Mac}.
 */
public final class RecordSignature {
  /** The field that holds the signature. */
  public static final String FIELD = "signature";

  /** The shortest key accepted, in bytes of its UTF-8 text. */
  public static final int MIN_KEY_BYTES = 32;

  private static final String ALGORITHM = "HmacSHA256";
  private static final String PREFIX = "v1:";
  private static final byte[] FIELD_NAME = FIELD.getBytes(StandardCharsets.UTF_8);
  private static final byte[] DOMAIN =
      "traffic-mirror-record-v1\0".getBytes(StandardCharsets.US_ASCII);

  /** The result of a check. */
  public enum Check {
    /** The signature matches the fields. */
    VALID,
    /** There is no signature field. */
    MISSING,
    /** There is one, and it does not match (or is not a signature at all). */
    MISMATCH
  }

  private final SecretKeySpec key;

  private RecordSignature(byte[] key) {
    this.key = new SecretKeySpec(key, ALGORITHM);
    Arrays.fill(key, (byte) 0);
  }

  /**
   * Returns a signature with {@code key}: the UTF-8 bytes of the text as given, at least {@value
   * #MIN_KEY_BYTES} of them.
   *
   * @throws IllegalArgumentException when the key is shorter; the message does not show the key
   */
  public static RecordSignature withKey(String key) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    if (bytes.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(keyRule());
    }
    return new RecordSignature(bytes);
  }

  /** Returns what a key must be, for error messages. */
  public static String keyRule() {
    return "must be at least "
        + MIN_KEY_BYTES
        + " bytes (for example the 44 characters of"
        + " 'openssl rand -base64 32'); the value is not shown";
  }

  /**
   * Adds the signature of {@code fields} on {@code stream} to {@code fields}.
   *
   * @throws IllegalArgumentException when {@code fields} already holds a signature
   */
  @SuppressWarnings("ArrayAsKeyOfSetOrMap") // Only iterated: Jedis' binary XADD takes such a map.
  public void sign(Map<byte[], byte[]> fields, byte[] stream) {
    for (byte[] name : fields.keySet()) {
      if (Arrays.equals(name, FIELD_NAME)) {
        throw new IllegalArgumentException("the record already holds a " + FIELD + " field");
      }
    }
    String signature = PREFIX + HexFormat.of().formatHex(mac(fields, stream));
    fields.put(FIELD_NAME.clone(), signature.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Checks the signature of a stream entry's {@code fields} read from {@code stream}, in constant
   * time.
   */
  @SuppressWarnings("ArrayAsKeyOfSetOrMap")
  public Check check(Map<byte[], byte[]> fields, byte[] stream) {
    List<byte[]> given = new ArrayList<>(1);
    for (Map.Entry<byte[], byte[]> field : fields.entrySet()) {
      if (Arrays.equals(field.getKey(), FIELD_NAME)) {
        given.add(field.getValue());
      }
    }
    if (given.isEmpty()) {
      return Check.MISSING;
    }
    byte[] expected =
        (PREFIX + HexFormat.of().formatHex(mac(fields, stream)))
            .getBytes(StandardCharsets.US_ASCII);
    return given.size() == 1 && MessageDigest.isEqual(expected, given.get(0))
        ? Check.VALID
        : Check.MISMATCH;
  }

  /**
   * Returns the MAC of every field but the signature, in the canonical encoding described above.
   */
  private byte[] mac(Map<byte[], byte[]> fields, byte[] stream) {
    List<Map.Entry<byte[], byte[]>> signed = new ArrayList<>(fields.size());
    for (Map.Entry<byte[], byte[]> field : fields.entrySet()) {
      if (!Arrays.equals(field.getKey(), FIELD_NAME)) {
        signed.add(field);
      }
    }
    signed.sort(
        (a, b) -> {
          int byName = Arrays.compareUnsigned(a.getKey(), b.getKey());
          return byName != 0 ? byName : Arrays.compareUnsigned(a.getValue(), b.getValue());
        });
    Mac mac;
    try {
      mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
    } catch (GeneralSecurityException e) {
      // Every Java platform must provide HmacSHA256.
      throw new IllegalStateException(ALGORITHM + " is not available", e);
    }
    mac.update(DOMAIN);
    updateWithLength(mac, stream);
    mac.update(int32(signed.size()));
    for (Map.Entry<byte[], byte[]> field : signed) {
      updateWithLength(mac, field.getKey());
      updateWithLength(mac, field.getValue());
    }
    return mac.doFinal();
  }

  private static void updateWithLength(Mac mac, byte[] bytes) {
    mac.update(int32(bytes.length));
    mac.update(bytes);
  }

  private static byte[] int32(int n) {
    return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
  }

  /** Never shows the key. */
  @Override
  public String toString() {
    return "RecordSignature[" + ALGORITHM + "]";
  }
}

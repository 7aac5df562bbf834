package dev.trafficmirror.spi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable sequence of bytes: a captured request or response body.
 *
 * <p>A body is held once and shared read-only by every target a request is mirrored to, so nothing
 * handed out by this class can change it: {@link #asByteBuffer()} is a read-only view and {@link
 * #toByteArray()} a copy.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class Body {
  private static final byte[] NO_BYTES = new byte[0];
  private static final Body EMPTY = new Body(NO_BYTES, 0);

  private final byte[] bytes;
  private final int size;

  private Body(byte[] bytes, int size) {
    this.bytes = bytes;
    this.size = size;
  }

  /** Returns the empty body. */
  public static Body empty() {
    return EMPTY;
  }

  /** Returns a body holding a copy of {@code bytes}. */
  public static Body of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return bytes.length == 0 ? EMPTY : new Body(bytes.clone(), bytes.length);
  }

  /** Returns a body holding {@code text} encoded with {@code charset}. */
  public static Body of(String text, Charset charset) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(charset, "charset");
    byte[] encoded = text.getBytes(charset);
    return encoded.length == 0 ? EMPTY : new Body(encoded, encoded.length);
  }

  /**
   * Returns a body over the first {@code length} bytes of {@code bytes} without copying them.
   *
   * <p>The caller hands the array over: it must not write to it afterwards. This exists so that a
   * capture buffer can become a body without a second copy of a large payload.
   *
   * @throws IndexOutOfBoundsException if {@code length} is negative or beyond the array
   */
  public static Body wrap(byte[] bytes, int length) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.checkFromIndexSize(0, length, bytes.length);
    return length == 0 ? EMPTY : new Body(bytes, length);
  }

  /** Returns the number of bytes. */
  public int size() {
    return size;
  }

  /** Returns whether the body has no bytes. */
  public boolean isEmpty() {
    return size == 0;
  }

  /** Returns the byte at {@code index}. */
  public byte byteAt(int index) {
    Objects.checkIndex(index, size);
    return bytes[index];
  }

  /** Returns a new read-only buffer over the bytes, positioned at zero. */
  public ByteBuffer asByteBuffer() {
    return ByteBuffer.wrap(bytes, 0, size).slice().asReadOnlyBuffer();
  }

  /** Returns a new stream that reads the bytes from the start. */
  public InputStream newInputStream() {
    return new ByteArrayInputStream(bytes, 0, size);
  }

  /** Returns a copy of the bytes. */
  public byte[] toByteArray() {
    return size == 0 ? NO_BYTES : Arrays.copyOf(bytes, size);
  }

  /** Writes the bytes to {@code out}. */
  public void writeTo(OutputStream out) throws IOException {
    out.write(bytes, 0, size);
  }

  /** Decodes the bytes with {@code charset}. */
  public String toString(Charset charset) {
    return new String(bytes, 0, size, charset);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Body that && Arrays.equals(bytes, 0, size, that.bytes, 0, that.size);
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (int i = 0; i < size; i++) {
      h = 31 * h + bytes[i];
    }
    return h;
  }

  /** Returns {@code Body[size=N]}: bodies may hold personal data and are never printed. */
  @Override
  public String toString() {
    return "Body[size=" + size + "]";
  }
}

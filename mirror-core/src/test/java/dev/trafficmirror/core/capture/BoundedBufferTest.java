package dev.trafficmirror.core.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BoundedBufferTest {
  @Test
  void write_keepsUpToTheLimit_andRemembersOverflow() {
    BoundedBuffer buffer = new BoundedBuffer(5);
    buffer.write(new byte[] {1, 2, 3}, 0, 3);
    buffer.write(4);
    assertThat(buffer.overflowed()).isFalse();
    buffer.write(new byte[] {5, 6, 7}, 0, 3);
    assertThat(buffer.overflowed()).isTrue();
    assertThat(buffer.offered()).isEqualTo(7);
    assertThat(buffer.takeBody().toByteArray()).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void write_exactlyTheLimit_isNotOverflow() {
    BoundedBuffer buffer = new BoundedBuffer(3);
    buffer.write(new byte[] {1, 2, 3}, 0, 3);
    assertThat(buffer.overflowed()).isFalse();
    assertThat(buffer.takeBody().size()).isEqualTo(3);
  }

  @Test
  void clear_forgetsBytesAndOverflow() {
    BoundedBuffer buffer = new BoundedBuffer(2);
    buffer.write(new byte[] {1, 2, 3}, 0, 3);
    buffer.clear();
    buffer.write(9);
    assertThat(buffer.overflowed()).isFalse();
    assertThat(buffer.takeBody().toByteArray()).containsExactly(9);
  }

  @Test
  void truncate_keepsThePrefix() {
    BoundedBuffer buffer = new BoundedBuffer(10);
    buffer.write(new byte[] {1, 2, 3, 4}, 0, 4);
    buffer.truncate(2);
    assertThat(buffer.takeBody().toByteArray()).containsExactly(1, 2);
  }

  @Test
  void takeBody_growsAcrossChunks() {
    BoundedBuffer buffer = new BoundedBuffer(1 << 20);
    byte[] chunk = new byte[3000];
    for (int i = 0; i < 100; i++) {
      buffer.write(chunk, 0, chunk.length);
    }
    assertThat(buffer.takeBody().size()).isEqualTo(300_000);
  }
}

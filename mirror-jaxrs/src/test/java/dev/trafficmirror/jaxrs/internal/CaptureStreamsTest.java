package dev.trafficmirror.jaxrs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trafficmirror.core.capture.BodyCapture;
import dev.trafficmirror.spi.OutcomeKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CaptureStreamsTest {

  private static byte[] bytes(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  /** Reads ahead like {@link RequestCapture}: returns the stream the resource reads instead. */
  private static InputStream readAhead(BodyCapture body, InputStream in) {
    Exception failure =
        body.drain(
            new BodyCapture.Source() {
              @Override
              public int read(byte[] b, int off, int len) throws IOException {
                return in.read(b, off, len);
              }

              @Override
              public int available() throws IOException {
                return in.available();
              }
            });
    return new ReplayInputStream(body, in, failure);
  }

  @Test
  void readAhead_underLimit_capturesAllAndReplaysTheSameBytes() throws IOException {
    byte[] body = bytes(100);
    BodyCapture capture = new BodyCapture(100, -1);
    InputStream replay = readAhead(capture, new ByteArrayInputStream(body));
    assertThat(capture.skipReason()).isNull();
    assertThat(replay.readAllBytes()).isEqualTo(body);
    assertThat(capture.result().body().toByteArray()).isEqualTo(body);
  }

  @Test
  void readAhead_overLimit_stopsAtLimitPlusOne_andReplaysEverything() throws IOException {
    byte[] body = bytes(10_000);
    ByteArrayInputStream in = new ByteArrayInputStream(body);
    BodyCapture capture = new BodyCapture(1000, -1);
    InputStream replay = readAhead(capture, in);
    assertThat(in.available()).as("left unread by the capture").isEqualTo(10_000 - 1001);
    assertThat(capture.skipReason()).isEqualTo(OutcomeKind.SKIPPED_BODY_TOO_LARGE);
    assertThat(replay.readAllBytes()).isEqualTo(body);
  }

  @Test
  void readAhead_streamFails_replaysBytesBeforeTheFailureThenThrowsIt() throws IOException {
    IOException abort = new IOException("client went away");
    InputStream failing =
        new SequenceInputStream(
            new ByteArrayInputStream(bytes(10)),
            new InputStream() {
              @Override
              public int read() throws IOException {
                throw abort;
              }
            });
    BodyCapture capture = new BodyCapture(1000, -1);
    InputStream replay = readAhead(capture, failing);
    assertThat(capture.skipReason()).isEqualTo(OutcomeKind.SKIPPED_CLIENT_ABORT);
    assertThat(replay.readNBytes(10)).isEqualTo(bytes(10));
    assertThatThrownBy(replay::read).isSameAs(abort);
  }

  @Test
  void readAhead_clientGoneBeforeTheFirstByte_isAnAbort() {
    BodyCapture capture = new BodyCapture(1000, 10);
    readAhead(
        capture,
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("client went away");
          }
        });
    assertThat(capture.skipReason()).isEqualTo(OutcomeKind.SKIPPED_CLIENT_ABORT);
  }

  @Test
  void replay_readByteBySkipAndClose_behaveLikeTheOriginal() throws IOException {
    byte[] body = bytes(20);
    boolean[] closed = {false};
    InputStream original =
        new ByteArrayInputStream(body) {
          @Override
          public void close() {
            closed[0] = true;
          }
        };
    BodyCapture capture = new BodyCapture(9, -1);
    InputStream replay = readAhead(capture, original);
    assertThat(replay.read()).isEqualTo(body[0] & 0xff);
    assertThat(replay.skip(4)).isEqualTo(4);
    assertThat(replay.available()).isEqualTo(5);
    assertThat(replay.readAllBytes()).isEqualTo(Arrays.copyOfRange(body, 5, 20));
    assertThat(replay.read()).isEqualTo(-1);
    replay.close();
    assertThat(closed[0]).isTrue();
  }

  @Test
  void tee_passesEveryByte_andCopiesUpToTheLimit() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BoundedTee tee = new BoundedTee(out, 3000);
    byte[] body = bytes(2500);
    tee.write(body[0]);
    tee.write(body, 1, 2499);
    assertThat(tee.complete()).isTrue();
    byte[] more = bytes(700);
    tee.write(more);
    assertThat(out.toByteArray()).hasSize(3200);
    assertThat(tee.complete()).isFalse();
    byte[] expected = Arrays.copyOf(body, 3000);
    System.arraycopy(more, 0, expected, 2500, 500);
    assertThat(tee.body().toByteArray()).isEqualTo(expected);
  }

  @Test
  void tee_afterHandOver_stopsCopying_soTheBodyNeverChanges() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BoundedTee tee = new BoundedTee(out, 100);
    tee.write(new byte[] {1, 2});
    var body = tee.body();
    tee.write(new byte[] {3});
    assertThat(body.toByteArray()).containsExactly(1, 2);
    assertThat(out.toByteArray()).containsExactly(1, 2, 3);
  }

  @Test
  void tee_zeroLimit_copiesNothing() throws IOException {
    BoundedTee tee = new BoundedTee(new ByteArrayOutputStream(), 0);
    tee.write(7);
    assertThat(tee.complete()).isFalse();
    assertThat(tee.body().isEmpty()).isTrue();
  }

  @Test
  void entityTee_readToTheEnd_copiesEveryByteProductionRead() throws IOException {
    byte[] body = bytes(3000);
    BodyCapture capture = new BodyCapture(4000, -1);
    EntityTee tee = new EntityTee(new ByteArrayInputStream(body), capture);
    assertThat(tee.read()).isEqualTo(body[0] & 0xff);
    assertThat(tee.skip(9)).isEqualTo(9);
    assertThat(tee.readAllBytes()).isEqualTo(Arrays.copyOfRange(body, 10, 3000));
    assertThat(capture.skipReason()).isNull();
    assertThat(capture.result().body().toByteArray()).isEqualTo(body);
  }

  @Test
  void entityTee_declaredLengthRead_isWholeWithoutSeeingTheEnd() throws IOException {
    byte[] body = bytes(50);
    BodyCapture capture = new BodyCapture(100, 50);
    EntityTee tee = new EntityTee(new ByteArrayInputStream(body), capture);
    assertThat(tee.readNBytes(50)).isEqualTo(body);
    assertThat(capture.skipReason()).isNull();
    assertThat(capture.result().body().toByteArray()).isEqualTo(body);
  }

  @Test
  void entityTee_notReadOrReadInPart_isNotWhole() throws IOException {
    BodyCapture unread = new BodyCapture(100, 50);
    new EntityTee(new ByteArrayInputStream(bytes(50)), unread);
    assertThat(unread.skipReason()).isEqualTo(OutcomeKind.SKIPPED_CAPTURE_ERROR);
    BodyCapture part = new BodyCapture(100, -1);
    new EntityTee(new ByteArrayInputStream(bytes(50)), part).readNBytes(49);
    assertThat(part.skipReason()).isEqualTo(OutcomeKind.SKIPPED_CAPTURE_ERROR);
  }

  @Test
  void entityTee_overLimit_passesEverythingOn_andIsTooLarge() throws IOException {
    byte[] body = bytes(5000);
    BodyCapture capture = new BodyCapture(1000, -1);
    EntityTee tee = new EntityTee(new ByteArrayInputStream(body), capture);
    assertThat(tee.readAllBytes()).isEqualTo(body);
    assertThat(capture.skipReason()).isEqualTo(OutcomeKind.SKIPPED_BODY_TOO_LARGE);
  }

  @Test
  void entityTee_streamFails_throwsTheSameFailure_andCountsAnAbort() throws IOException {
    IOException abort = new IOException("client went away");
    BodyCapture capture = new BodyCapture(1000, -1);
    EntityTee tee =
        new EntityTee(
            new SequenceInputStream(
                new ByteArrayInputStream(bytes(10)),
                new InputStream() {
                  @Override
                  public int read() throws IOException {
                    throw abort;
                  }
                }),
            capture);
    assertThat(tee.readNBytes(10)).isEqualTo(bytes(10));
    assertThatThrownBy(tee::read).isSameAs(abort);
    assertThat(capture.skipReason()).isEqualTo(OutcomeKind.SKIPPED_CLIENT_ABORT);
  }
}

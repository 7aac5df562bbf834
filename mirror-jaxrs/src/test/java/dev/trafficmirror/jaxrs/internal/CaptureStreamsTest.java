package dev.trafficmirror.jaxrs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  @Test
  void bodyRead_underLimit_capturesAllAndReplaysTheSameBytes() throws IOException {
    byte[] body = bytes(100);
    RequestCapture.BodyRead read = RequestCapture.BodyRead.upTo(new ByteArrayInputStream(body), 100, -1);
    assertThat(read.size()).isEqualTo(100);
    assertThat(read.failure()).isNull();
    assertThat(read.body().toByteArray()).isEqualTo(body);
    assertThat(read.replay().readAllBytes()).isEqualTo(body);
  }

  @Test
  void bodyRead_overLimit_stopsAtLimitPlusOne_andReplaysEverything() throws IOException {
    byte[] body = bytes(10_000);
    RequestCapture.BodyRead read = RequestCapture.BodyRead.upTo(new ByteArrayInputStream(body), 1000, -1);
    assertThat(read.size()).isEqualTo(1001);
    assertThat(read.replay().readAllBytes()).isEqualTo(body);
  }

  @Test
  void bodyRead_streamFails_replaysBytesBeforeTheFailureThenThrowsIt() throws IOException {
    IOException abort = new IOException("client went away");
    InputStream failing = new SequenceInputStream(new ByteArrayInputStream(bytes(10)), new InputStream() {
      @Override
      public int read() throws IOException {
        throw abort;
      }
    });
    RequestCapture.BodyRead read = RequestCapture.BodyRead.upTo(failing, 1000, -1);
    assertThat(read.failure()).isSameAs(abort);
    InputStream replay = read.replay();
    assertThat(replay.readNBytes(10)).isEqualTo(bytes(10));
    assertThatThrownBy(replay::read).isSameAs(abort);
  }

  @Test
  void replay_readByteBySkipAndClose_behaveLikeTheOriginal() throws IOException {
    byte[] body = bytes(20);
    boolean[] closed = {false};
    InputStream rest = new ByteArrayInputStream(body, 10, 10) {
      @Override
      public void close() {
        closed[0] = true;
      }
    };
    ReplayInputStream replay = new ReplayInputStream(body, 10, rest, null);
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
    EntityTee tee = new EntityTee(new ByteArrayInputStream(body), 4000, -1);
    assertThat(tee.read()).isEqualTo(body[0] & 0xff);
    assertThat(tee.skip(9)).isEqualTo(9);
    assertThat(tee.readAllBytes()).isEqualTo(Arrays.copyOfRange(body, 10, 3000));
    assertThat(tee.skipReason()).isNull();
    assertThat(tee.body().toByteArray()).isEqualTo(body);
  }

  @Test
  void entityTee_declaredLengthRead_isWholeWithoutSeeingTheEnd() throws IOException {
    byte[] body = bytes(50);
    EntityTee tee = new EntityTee(new ByteArrayInputStream(body), 100, 50);
    assertThat(tee.readNBytes(50)).isEqualTo(body);
    assertThat(tee.skipReason()).isNull();
    assertThat(tee.body().toByteArray()).isEqualTo(body);
  }

  @Test
  void entityTee_notReadOrReadInPart_isNotWhole() throws IOException {
    EntityTee unread = new EntityTee(new ByteArrayInputStream(bytes(50)), 100, 50);
    assertThat(unread.skipReason()).isEqualTo(OutcomeKind.SKIPPED_CAPTURE_ERROR);
    EntityTee part = new EntityTee(new ByteArrayInputStream(bytes(50)), 100, -1);
    part.readNBytes(49);
    assertThat(part.skipReason()).isEqualTo(OutcomeKind.SKIPPED_CAPTURE_ERROR);
  }

  @Test
  void entityTee_overLimit_passesEverythingOn_andIsTooLarge() throws IOException {
    byte[] body = bytes(5000);
    EntityTee tee = new EntityTee(new ByteArrayInputStream(body), 1000, -1);
    assertThat(tee.readAllBytes()).isEqualTo(body);
    assertThat(tee.skipReason()).isEqualTo(OutcomeKind.SKIPPED_BODY_TOO_LARGE);
  }

  @Test
  void entityTee_streamFails_throwsTheSameFailure_andCountsAnAbort() throws IOException {
    IOException abort = new IOException("client went away");
    EntityTee tee = new EntityTee(new SequenceInputStream(new ByteArrayInputStream(bytes(10)), new InputStream() {
      @Override
      public int read() throws IOException {
        throw abort;
      }
    }), 1000, -1);
    assertThat(tee.readNBytes(10)).isEqualTo(bytes(10));
    assertThatThrownBy(tee::read).isSameAs(abort);
    assertThat(tee.skipReason()).isEqualTo(OutcomeKind.SKIPPED_CLIENT_ABORT);
  }

  @Test
  void isForm_matchesTheFormTypeWithOrWithoutParameters_only() {
    assertThat(RequestCapture.isForm("application/x-www-form-urlencoded")).isTrue();
    assertThat(RequestCapture.isForm("Application/X-WWW-Form-Urlencoded;charset=ISO-8859-1")).isTrue();
    assertThat(RequestCapture.isForm(" application/x-www-form-urlencoded ; charset=UTF-8")).isTrue();
    assertThat(RequestCapture.isForm("application/x-www-form-urlencodedx")).isFalse();
    assertThat(RequestCapture.isForm("multipart/form-data; boundary=x")).isFalse();
    assertThat(RequestCapture.isForm("text/plain")).isFalse();
    assertThat(RequestCapture.isForm(null)).isFalse();
  }
}

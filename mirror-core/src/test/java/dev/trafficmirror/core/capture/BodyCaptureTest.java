package dev.trafficmirror.core.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.OutcomeKind;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class BodyCaptureTest {

  /**
   * A client's body arriving in {@code chunks}: {@code available()} reports only what has arrived,
   * and a read never returns more; when nothing has arrived, the client is stalled and reading
   * would block (the test fails instead of blocking).
   */
  private static final class ArrivingBody implements BodyCapture.Source {
    private final byte[] body;
    private final List<Integer> chunks;
    private int arrived;
    private int position;
    private int nextChunk;
    private final boolean clientFinishes;

    ArrivingBody(byte[] body, List<Integer> chunks, boolean clientFinishes) {
      this.body = body;
      this.chunks = chunks;
      this.clientFinishes = clientFinishes;
      arrive();
    }

    /** The next chunk arrives; after the last one, the rest when the client finishes. */
    void arrive() {
      if (nextChunk < chunks.size()) {
        arrived = Math.min(body.length, arrived + chunks.get(nextChunk++));
      } else if (clientFinishes) {
        arrived = body.length;
      }
    }

    boolean stalled() {
      return position == arrived && arrived < body.length;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (position == body.length) {
        return -1;
      }
      if (stalled()) {
        throw new AssertionError("a read would block on a stalled client");
      }
      int n = Math.min(len, arrived - position);
      System.arraycopy(body, position, b, off, n);
      position += n;
      return n;
    }

    @Override
    public int available() {
      return arrived - position;
    }
  }

  @Provide
  Arbitrary<List<Integer>> chunkings() {
    return Arbitraries.integers().between(1, 700).list().ofMinSize(1).ofMaxSize(12);
  }

  @Provide
  Arbitrary<List<Integer>> readSizes() {
    // 0 stands for a single-byte read(); others for read(byte[]) of that length.
    return Arbitraries.integers().between(0, 900).list().ofMaxSize(20);
  }

  /**
   * Production reads in a random pattern, the capture takes only what has arrived in between and at
   * the end: production gets every byte it would have got, in order, and the copy is the whole
   * body, or skipped as over the limit, or as unread when the client had not sent it all.
   */
  @Property(tries = 400)
  void drainAvailable_interleavedWithProductionReads_neverLosesOrWaits(
      @ForAll @Size(max = 3000) byte[] body,
      @ForAll @IntRange(min = 0, max = 4000) int limit,
      @ForAll("chunkings") List<Integer> chunks,
      @ForAll("readSizes") List<Integer> reads,
      @ForAll boolean clientFinishes)
      throws IOException {
    ArrivingBody source = new ArrivingBody(body, chunks, clientFinishes);
    BodyCapture capture = new BodyCapture(limit, body.length);
    ByteArrayOutputStream production = new ByteArrayOutputStream();
    for (int size : reads) {
      if (!source.stalled() || capture.pending() > 0) {
        readAsProduction(capture, source, production, size);
      }
      source.arrive();
      if (size % 3 == 0) {
        capture.drainAvailable(source);
      }
    }
    capture.drainAvailable(source);
    // What production reads after the capture's drain starts with the bytes the capture kept.
    byte[] rest = new byte[body.length];
    int replayed = capture.replay(rest, 0, rest.length);
    production.write(rest, 0, replayed);
    byte[] expectedPrefix = Arrays.copyOf(body, production.size());
    assertThat(production.toByteArray()).as("production's bytes").isEqualTo(expectedPrefix);

    BodyCapture.Result result = capture.result();
    boolean allArrived = source.position == body.length;
    if (allArrived && body.length <= limit) {
      assertThat(result.skip()).isNull();
      assertThat(Objects.requireNonNull(result.body()).toByteArray()).isEqualTo(body);
    } else if (body.length > limit && (allArrived || source.position > limit)) {
      assertThat(result.skip()).isEqualTo(OutcomeKind.SKIPPED_BODY_TOO_LARGE);
    } else {
      assertThat(result.skip())
          .isIn(OutcomeKind.SKIPPED_BODY_UNREAD, OutcomeKind.SKIPPED_BODY_TOO_LARGE);
      if (source.position <= limit) {
        assertThat(result.skip()).isEqualTo(OutcomeKind.SKIPPED_BODY_UNREAD);
      }
    }
  }

  /**
   * Production's read through a capturing stream: the capture's kept bytes first, then the
   * source's.
   */
  private static void readAsProduction(
      BodyCapture capture, ArrivingBody source, ByteArrayOutputStream out, int size)
      throws IOException {
    if (capture.pending() > 0) {
      byte[] b = new byte[Math.max(1, size)];
      int n = capture.replay(b, 0, b.length);
      out.write(b, 0, n);
      return;
    }
    if (size == 0) {
      byte[] one = new byte[1];
      int n = source.read(one, 0, 1);
      if (n < 0) {
        capture.endOfStream();
      } else {
        capture.read(one[0] & 0xFF);
        out.write(one[0]);
      }
      return;
    }
    byte[] b = new byte[size];
    int n = source.read(b, 0, size);
    if (n < 0) {
      capture.endOfStream();
    } else {
      capture.read(b, 0, n);
      out.write(b, 0, n);
    }
  }

  @Test
  void failed_badMessageInTheCauses_isAMalformedBody_andEofAnAbort() {
    BodyCapture malformed = new BodyCapture(100, 10);
    malformed.read(new byte[] {1}, 0, 1);
    malformed.failed(new IOException("wrapped", new BadMessageException()));
    assertThat(malformed.result().skip()).isEqualTo(OutcomeKind.SKIPPED_MALFORMED_BODY);

    BodyCapture aborted = new BodyCapture(100, 10);
    aborted.read(new byte[] {1}, 0, 1);
    aborted.failed(new EOFException("early EOF"));
    assertThat(aborted.result().skip()).isEqualTo(OutcomeKind.SKIPPED_CLIENT_ABORT);

    BodyCapture broken = new BodyCapture(100, 10);
    broken.failed(new IllegalStateException("not an I/O failure"));
    assertThat(broken.result().skip()).isEqualTo(OutcomeKind.SKIPPED_CAPTURE_ERROR);
  }

  @Test
  void drainAvailable_stalledClient_returnsAtOnce_andCountsTheBodyUnread() {
    BodyCapture capture = new BodyCapture(100, 50);
    ArrivingBody stalled = new ArrivingBody(new byte[50], List.of(20), false);
    capture.drainAvailable(stalled);
    assertThat(capture.pending()).isEqualTo(20);
    assertThat(capture.result().skip()).isEqualTo(OutcomeKind.SKIPPED_BODY_UNREAD);
  }

  @Test
  void result_bodyReadWhole_isTheBody_andEmptyIsWhole() {
    BodyCapture capture = new BodyCapture(3, 3);
    capture.read(new byte[] {1, 2, 3}, 0, 3);
    Body body = Objects.requireNonNull(capture.result().body());
    assertThat(body.toByteArray()).containsExactly(1, 2, 3);
    assertThat(BodyCapture.empty().skip()).isNull();
  }

  /** Named like Jetty's: {@link BodyCapture#isMalformed} goes by the servers' class names. */
  private static final class BadMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }
}

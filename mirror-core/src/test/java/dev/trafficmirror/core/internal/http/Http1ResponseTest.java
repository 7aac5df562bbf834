package dev.trafficmirror.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trafficmirror.spi.ShadowResponse;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Http1ResponseTest {

  /** Feeds {@code text} in pieces of {@code step} bytes; returns whether the answer completed. */
  private static boolean feed(Http1Response parser, String text, int step) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    boolean done = false;
    for (int i = 0; i < bytes.length && !done; i += step) {
      ByteBuffer piece = ByteBuffer.wrap(bytes, i, Math.min(step, bytes.length - i));
      done = parser.feed(piece);
    }
    return done;
  }

  private static String body(ShadowResponse response) {
    return response.body().toString(StandardCharsets.UTF_8);
  }

  @Test
  void contentLength_inAnyPieces_isReadWhole_andTheConnectionReusable() throws IOException {
    for (int step : new int[] {1, 3, 7, 1000}) {
      Http1Response parser = new Http1Response(false, 1024);
      assertThat(
              feed(
                  parser,
                  "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}",
                  step))
          .isTrue();
      ShadowResponse response = parser.response();
      assertThat(response.status()).isEqualTo(201);
      assertThat(response.headers().first("content-type")).isEqualTo("application/json");
      assertThat(body(response)).isEqualTo("{\"ok\":true}");
      assertThat(response.bodyComplete()).isTrue();
      assertThat(parser.reusable()).isTrue();
    }
  }

  @Test
  void chunked_withExtensionsAndTrailers_isJoined() throws IOException {
    for (int step : new int[] {1, 5, 1000}) {
      Http1Response parser = new Http1Response(false, 1024);
      String text =
          "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\nX-Trailer: t\r\n\r\n";
      assertThat(feed(parser, text, step)).isTrue();
      assertThat(body(parser.response())).isEqualTo("{\"a\":1}");
      assertThat(parser.reusable()).isTrue();
    }
  }

  @Test
  void interimAnswers_areSkipped() throws IOException {
    Http1Response parser = new Http1Response(false, 1024);
    assertThat(
            feed(
                parser,
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                4))
        .isTrue();
    assertThat(parser.response().status()).isEqualTo(200);
    assertThat(body(parser.response())).isEqualTo("ok");
  }

  @Test
  void headAnd204And304_haveNoBody() throws IOException {
    Http1Response head = new Http1Response(true, 1024);
    assertThat(feed(head, "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n", 100)).isTrue();
    assertThat(head.reusable()).isTrue();
    Http1Response noContent = new Http1Response(false, 1024);
    assertThat(feed(noContent, "HTTP/1.1 204 No Content\r\n\r\n", 100)).isTrue();
    Http1Response notModified = new Http1Response(false, 1024);
    assertThat(feed(notModified, "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", 100))
        .isTrue();
  }

  @Test
  void aBodyUntilTheConnectionCloses_endsWithIt_andTheConnectionIsNotReused() throws IOException {
    Http1Response parser = new Http1Response(false, 1024);
    assertThat(feed(parser, "HTTP/1.1 200 OK\r\n\r\npart", 100)).isFalse();
    assertThat(parser.endOfInput()).isTrue();
    assertThat(body(parser.response())).isEqualTo("part");
    assertThat(parser.reusable()).isFalse();
  }

  @Test
  void anAnswerCutShort_isNotComplete() throws IOException {
    Http1Response parser = new Http1Response(false, 1024);
    assertThat(feed(parser, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123", 100)).isFalse();
    assertThat(parser.endOfInput()).isFalse();
    assertThat(new Http1Response(false, 10).nothingYet()).isTrue();
  }

  @Test
  void pastTheLimit_theFirstBytesAreKept_markedIncomplete_andTheConnectionDropped()
      throws IOException {
    Http1Response parser = new Http1Response(false, 5);
    assertThat(feed(parser, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789", 3)).isTrue();
    assertThat(body(parser.response())).isEqualTo("01234");
    assertThat(parser.response().bodyComplete()).isFalse();
    assertThat(parser.reusable()).isFalse();
  }

  @Test
  void connectionClose_andHttp10_areNotReused() throws IOException {
    Http1Response close = new Http1Response(false, 100);
    assertThat(
            feed(close, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", 100))
        .isTrue();
    assertThat(close.reusable()).isFalse();
    Http1Response old = new Http1Response(false, 100);
    assertThat(feed(old, "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", 100)).isTrue();
    assertThat(old.reusable()).isFalse();
  }

  @Test
  void malformedAnswers_areProtocolErrors() {
    assertThatThrownBy(() -> feed(new Http1Response(false, 10), "SSH-2.0-OpenSSH\r\n\r\n", 100))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(
            () ->
                feed(
                    new Http1Response(false, 10),
                    "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
                    100))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(
            () ->
                feed(
                    new Http1Response(false, 10),
                    "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                    100))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(
            () ->
                feed(
                    new Http1Response(false, 10),
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                    100))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(
            () ->
                feed(
                    new Http1Response(false, 10),
                    "HTTP/1.1 200 OK\r\n" + "X: y\r\n".repeat(20_000) + "\r\n",
                    4096))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("longer than");
  }
}

package dev.trafficmirror.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.redis.EntryRejection;
import dev.trafficmirror.redis.internal.EntryScreen.Accepted;
import dev.trafficmirror.redis.internal.EntryScreen.Rejected;
import dev.trafficmirror.redis.internal.EntryScreen.Result;
import dev.trafficmirror.redis.internal.EntryScreen.Unreadable;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.ProductionResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

@SuppressWarnings("ArrayAsKeyOfSetOrMap")
class EntryScreenTest {
  private static final String STREAM = "mirror:v1";
  private static final EntryScreen SCREEN =
      new EntryScreen(null, STREAM, Set.of("GET", "POST"), 1000, 2000, 1 << 20);

  private static Map<byte[], byte[]> record() {
    MirroredRequest request =
        MirroredRequest.builder("POST", "/predict/v1")
            .id("00aa11bb22cc33dd")
            .rawQuery("model=iris&x=%20y")
            .headers(
                Headers.builder()
                    .add("Content-Type", "application/json")
                    .add("X-Forwarded-For", "10.0.0.1")
                    .build())
            .body(Body.of("{\"x\":1}", StandardCharsets.UTF_8))
            .build();
    return StreamRecord.encode(
        request,
        ProductionResponse.builder(200).body(Body.of("{}", StandardCharsets.UTF_8)).build());
  }

  private static Map<byte[], byte[]> with(String name, byte[] value) {
    Map<byte[], byte[]> fields = record();
    fields.keySet().removeIf(n -> Arrays.equals(n, StreamRecord.utf8(name)));
    fields.put(StreamRecord.utf8(name), value);
    return fields;
  }

  private static Map<byte[], byte[]> with(String name, String value) {
    return with(name, StreamRecord.utf8(value));
  }

  private static void assertRejected(Result result, EntryRejection reason, String messageStart) {
    assertThat(result)
        .isInstanceOfSatisfying(
            Rejected.class,
            r -> {
              assertThat(r.reason()).isEqualTo(reason);
              assertThat(r.message()).startsWith(messageStart);
            });
  }

  @Test
  void aRecordAsProductionWritesIt_isAccepted() {
    assertThat(SCREEN.screen(record()))
        .isInstanceOfSatisfying(
            Accepted.class, a -> assertThat(a.replay().request().path()).isEqualTo("/predict/v1"));
    // Symbols of RFC 9110 tokens and non-ASCII path bytes are what a request can carry.
    assertThat(SCREEN.screen(with("path", "/caf\u00e9/a%20b;p=1/~x"))).isInstanceOf(Accepted.class);
    assertThat(SCREEN.screen(with("query", ""))).isInstanceOf(Accepted.class);
  }

  @Test
  void method_mustBeAnUpperCaseToken() {
    for (String bad :
        new String[] {"post", "Post", "PO ST", "POST\r\n", "", "P/ST", "GET(", "A".repeat(33)}) {
      assertRejected(
          SCREEN.screen(with("method", bad)),
          EntryRejection.INVALID,
          "invalid field method: not an upper-case token");
    }
    EntryScreen any =
        new EntryScreen(null, STREAM, Set.of("M-SEARCH", "A".repeat(32)), 1000, 2000, 4000);
    assertThat(any.screen(with("method", "M-SEARCH"))).isInstanceOf(Accepted.class);
    assertThat(any.screen(with("method", "A".repeat(32)))).isInstanceOf(Accepted.class);
  }

  @Test
  void pathAndQuery_startWithASlash_noSpaceControlOrFragment() {
    for (String bad :
        new String[] {
          "predict",
          "",
          "/a b",
          "/a\r\nX-Injected: 1",
          "/a\tb",
          "/a\u0000",
          "/a?b=1",
          "/a#top",
          "/a\u007f",
          "//" + "x".repeat(8191)
        }) {
      assertRejected(
          SCREEN.screen(with("path", bad)), EntryRejection.INVALID, "invalid field path:");
    }
    for (String bad : new String[] {"a b", "a=1\r\n", "a#b", "x".repeat(8193)}) {
      assertRejected(
          SCREEN.screen(with("query", bad)), EntryRejection.INVALID, "invalid field query:");
    }
  }

  @Test
  void mirrorId_isHex() {
    for (String bad :
        new String[] {
          "from-the-future", "00aa11bb22cc33dz", "abc", "a".repeat(65), "00aa11bb 2cc33dd"
        }) {
      assertRejected(
          SCREEN.screen(with("mirror-id", bad)),
          EntryRejection.INVALID,
          "invalid field mirror-id:");
    }
    assertThat(SCREEN.screen(with("mirror-id", "00AA11BB22CC33DD"))).isInstanceOf(Accepted.class);
  }

  @Test
  void headers_areBoundedTokensWithoutLineBreaks() {
    StringBuilder many = new StringBuilder("[");
    for (int i = 0; i < 257; i++) {
      many.append(i == 0 ? "" : ",").append("[\"X-H\",\"").append(i).append("\"]");
    }
    assertRejected(
        SCREEN.screen(with("request-headers", many.append("]").toString())),
        EntryRejection.INVALID,
        "invalid field request-headers: 257 headers, more than 256");
    assertRejected(
        SCREEN.screen(with("request-headers", "[[\"X Bad\",\"v\"]]")),
        EntryRejection.INVALID,
        "invalid field request-headers: a header name");
    assertRejected(
        SCREEN.screen(with("response-headers", "[[\"X-Ok\",\"a\\r\\nSet-Cookie: x\"]]")),
        EntryRejection.INVALID,
        "invalid field response-headers: a header value");
    assertRejected(
        SCREEN.screen(
            with("request-headers", "[[\"X-Long\",\"" + "v".repeat(16 * 1024 + 1) + "\"]]")),
        EntryRejection.INVALID,
        "invalid field request-headers: a header value");
    assertRejected(
        SCREEN.screen(with("request-headers", "[" + " ".repeat(256 * 1024) + "]")),
        EntryRejection.INVALID,
        "invalid field request-headers: 262146 bytes");
  }

  @Test
  void aRepeatedField_isInvalid() {
    Map<byte[], byte[]> fields = record();
    fields.put(StreamRecord.utf8("path"), StreamRecord.utf8("/admin"));
    assertRejected(SCREEN.screen(fields), EntryRejection.INVALID, "a field appears more than once");
  }

  @Test
  void methodNotInMirrorMethods_isNotAllowed() {
    assertRejected(
        SCREEN.screen(with("method", "DELETE")),
        EntryRejection.METHOD_NOT_ALLOWED,
        "method DELETE is not in mirror.methods (");
  }

  @Test
  void bodiesOverTheirLimits_andCopiesThatCanNeverFit_areOverBudget() {
    assertThat(SCREEN.screen(with("request-body", new byte[1000]))).isInstanceOf(Accepted.class);
    assertRejected(
        SCREEN.screen(with("request-body", new byte[1001])),
        EntryRejection.OVER_BUDGET,
        "request-body of 1001 bytes is over mirror.max-body-bytes (1000)");
    assertRejected(
        SCREEN.screen(with("response-body", new byte[2001])),
        EntryRejection.OVER_BUDGET,
        "response-body of 2001 bytes is over mirror.max-response-bytes (2000)");
    EntryScreen small = new EntryScreen(null, STREAM, Set.of("POST"), 1000, 2000, 2500);
    Map<byte[], byte[]> both = with("request-body", new byte[1000]);
    both.keySet().removeIf(n -> Arrays.equals(n, StreamRecord.utf8("response-body")));
    both.put(StreamRecord.utf8("response-body"), new byte[1000]);
    assertRejected(small.screen(both), EntryRejection.OVER_BUDGET, "a copy of ");
    assertThat(small.screen(with("request-body", new byte[1000]))).isInstanceOf(Accepted.class);
  }

  @Test
  void anotherFormat_isUnreadable_notJudged() {
    Map<byte[], byte[]> future = with("format", "2");
    future.keySet().removeIf(n -> Arrays.equals(n, StreamRecord.utf8("method")));
    future.put(StreamRecord.utf8("method"), StreamRecord.utf8("whatever it means in 2"));
    assertThat(SCREEN.screen(future))
        .isInstanceOfSatisfying(
            Unreadable.class,
            u ->
                assertThat(u.message())
                    .isEqualTo("unsupported record format 2 (this replayer reads format 1)"));
    assertThat(SCREEN.screen(with("received-at", "yesterday"))).isInstanceOf(Unreadable.class);
  }

  @Test
  void withAKey_signatureIsCheckedFirst() {
    RecordSignature signature = RecordSignature.withKey("0123456789abcdef0123456789abcdef");
    EntryScreen signed =
        new EntryScreen(signature, STREAM, Set.of("GET", "POST"), 1000, 2000, 4000);
    assertRejected(signed.screen(record()), EntryRejection.UNSIGNED, "unsigned entry");

    Map<byte[], byte[]> good = record();
    signature.sign(good, StreamRecord.utf8(STREAM));
    assertThat(signed.screen(good)).isInstanceOf(Accepted.class);

    // Even an entry that would be invalid anyway is first refused for what it lacks: a valid
    // signature.
    Map<byte[], byte[]> forged = with("method", "post");
    RecordSignature.withKey("another key, just as long as the 1st")
        .sign(forged, StreamRecord.utf8(STREAM));
    assertRejected(signed.screen(forged), EntryRejection.BAD_SIGNATURE, "bad signature");
  }

  @Test
  void messages_showNoFieldValue() {
    Result result = SCREEN.screen(with("path", "/secret-token-123 x"));
    assertThat(((Rejected) result).message()).doesNotContain("secret-token-123");
  }

  @Test
  void unknownFields_areIgnored() {
    Map<byte[], byte[]> fields = record();
    fields.put(StreamRecord.utf8("added-in-1.1"), StreamRecord.utf8("x"));
    assertThat(SCREEN.screen(fields)).isInstanceOf(Accepted.class);
    assertThat(SCREEN.screen(new LinkedHashMap<>())).isInstanceOf(Unreadable.class);
  }
}

package dev.trafficmirror.core;

import static dev.trafficmirror.core.Responses.IRIS;
import static dev.trafficmirror.core.Responses.JSON;
import static dev.trafficmirror.core.Responses.REQUEST;
import static dev.trafficmirror.core.Responses.compare;
import static dev.trafficmirror.core.Responses.deflate;
import static dev.trafficmirror.core.Responses.gzip;
import static dev.trafficmirror.core.Responses.headers;
import static dev.trafficmirror.core.Responses.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Comparison;
import dev.trafficmirror.spi.Difference;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.ProductionResponse;
import dev.trafficmirror.spi.ShadowResponse;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultResponseComparatorBodyTest {
  private static final DefaultResponseComparator COMPARATOR =
      DefaultResponseComparator.builder().build();
  private static final Headers TEXT = headers("Content-Type", "text/plain; charset=utf-8");
  private static final Headers NONE = Headers.empty();
  private static final String IRIS_LOW_SCORE = IRIS.replace("0.97", "0.5");

  @Test
  void compare_differentText_oneBodyDifferenceWithText() {
    Comparison result = compare(COMPARATOR, TEXT, utf8("setosa\n"), TEXT, utf8("versicolor\n"));

    assertThat(result.differences())
        .containsExactly(Difference.of("body", "setosa\n", "versicolor\n"));
    assertThat(result.differenceCount()).isEqualTo(1);
  }

  @Test
  void compare_longTextDifferingAtEnd_previewStartsNearDifference() {
    String common = "prediction=setosa;".repeat(40); // 720 characters
    Comparison result =
        compare(COMPARATOR, TEXT, utf8(common + "score=0.97"), TEXT, utf8(common + "score=0.51"));

    // 50 characters (a quarter of 200) before the first differing byte, after an ellipsis.
    String before = common.substring(common.length() - 50 + 8);
    assertThat(result.differences())
        .containsExactly(
            Difference.of("body", "…" + before + "score=0.97", "…" + before + "score=0.51"));
  }

  @Test
  void compare_jsonTextAsTextPlain_comparedAsBytes() {
    Comparison result = compare(COMPARATOR, TEXT, utf8("{\"a\":1}"), TEXT, utf8("{\"a\": 1}"));

    assertThat(result.differences())
        .containsExactly(Difference.of("body", "{\"a\":1}", "{\"a\": 1}"));
  }

  @Test
  void compare_invalidJsonOnBothSides_uncomparedUnparseable() {
    Comparison result =
        compare(COMPARATOR, JSON, utf8("{\"scores\":[0.97,"), JSON, utf8("{\"scores\":[0.5,"));

    assertThat(result)
        .isEqualTo(
            Comparison.of(
                List.of(), 0, "body not compared: production body is not JSON", "unparseable"));
  }

  @Test
  void compare_invalidJsonOnOneSide_uncomparedUnparseable() {
    Comparison result = compare(COMPARATOR, JSON, utf8(IRIS), JSON, utf8("Internal Server Error"));

    assertThat(result.matches()).isTrue();
    assertThat(result.uncompared()).isEqualTo("unparseable");
    assertThat(result.note()).isEqualTo("body not compared: shadow body is not JSON");
  }

  @Test
  void compare_invalidJsonWithoutContentType_comparedAsBytes() {
    Comparison result =
        compare(COMPARATOR, NONE, utf8("{\"scores\":[0.97,"), NONE, utf8("{\"scores\":[0.5,"));

    assertThat(result.differences())
        .containsExactly(Difference.of("body", "{\"scores\":[0.97,", "{\"scores\":[0.5,"));
  }

  @Test
  void compare_trailingContentOrDuplicateKeys_notJson() {
    assertThat(
            compare(COMPARATOR, JSON, utf8("{\"a\":1} {\"a\":2}"), JSON, utf8("{\"a\":1}"))
                .uncompared())
        .isEqualTo("unparseable");
    assertThat(
            compare(COMPARATOR, JSON, utf8("{\"a\":1,\"a\":2}"), JSON, utf8("{\"a\":2}"))
                .uncompared())
        .isEqualTo("unparseable");
  }

  @Test
  void compare_nestingBeyondLimit_uncomparedJsonLimit() {
    String deep = "[".repeat(501) + "1" + "]".repeat(501);

    Comparison result = compare(COMPARATOR, JSON, utf8(deep), JSON, utf8(deep.replace('1', '2')));

    assertThat(result.matches()).isTrue();
    assertThat(result.uncompared()).isEqualTo("json-limit");
  }

  @Test
  void compare_nestingAtLimit_comparedStructurally() {
    String deep = "[".repeat(500) + "1" + "]".repeat(500);

    Comparison result = compare(COMPARATOR, JSON, utf8(deep), JSON, utf8(deep.replace('1', '2')));

    assertThat(result.differenceCount()).isEqualTo(1);
    assertThat(result.firstPath()).isEqualTo("/0".repeat(500));
  }

  @Test
  void compare_moreValuesThanTheBound_uncomparedJsonLimit() {
    String many = "[" + "0,".repeat(250_000) + "0]";

    Comparison result = compare(COMPARATOR, JSON, utf8(many), JSON, utf8(many.replace("0]", "1]")));

    assertThat(result.matches()).isTrue();
    assertThat(result.uncompared()).isEqualTo("json-limit");
  }

  @Test
  void compare_numberLongerThanTheBound_uncomparedJsonLimit() {
    String longNumber = "[" + "1".repeat(201) + "]";

    Comparison result = compare(COMPARATOR, JSON, utf8(longNumber), JSON, utf8("[1]"));

    assertThat(result.uncompared()).isEqualTo("json-limit");
  }

  @Test
  void compare_noContentTypeButStartsLikeJson_comparedAsJson() {
    Comparison result = compare(COMPARATOR, NONE, utf8("\n " + IRIS), NONE, utf8(IRIS_LOW_SCORE));

    assertThat(result.differences()).containsExactly(Difference.of("/scores/0", "0.97", "0.5"));
  }

  @Test
  void compare_plusJsonContentType_comparedAsJson() {
    Headers problem = headers("Content-Type", "application/problem+json");

    Comparison result =
        compare(
            COMPARATOR,
            problem,
            utf8("{\"status\":400,\"title\":\"Bad\"}"),
            problem,
            utf8("{\"title\":\"Bad\",\"status\":422}"));

    assertThat(result.differences()).containsExactly(Difference.of("/status", "400", "422"));
  }

  @Test
  void compare_binaryBodies_sizeAndDigestPrefix() throws Exception {
    byte[] production = {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13};
    byte[] shadow = {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 14, 0};
    Headers png = headers("Content-Type", "image/png");

    Comparison result = compare(COMPARATOR, png, production, png, shadow);

    assertThat(result.differences())
        .containsExactly(
            Difference.of(
                "body",
                "<8 bytes, sha-256 " + sha256Prefix(production) + "…>",
                "<9 bytes, sha-256 " + sha256Prefix(shadow) + "…>"));
  }

  @Test
  void compare_invalidUtf8_renderedAsBinary() throws Exception {
    byte[] latin1 = {'c', 'a', 'f', (byte) 0xe9};

    Comparison result = compare(COMPARATOR, TEXT, latin1, TEXT, utf8("café"));

    assertThat(result.differences())
        .containsExactly(
            Difference.of("body", "<4 bytes, sha-256 " + sha256Prefix(latin1) + "…>", "café"));
  }

  @Test
  void compare_emptyBodies_match() {
    assertThat(compare(COMPARATOR, JSON, new byte[0], JSON, new byte[0]).matches()).isTrue();
  }

  @Test
  void compare_emptyAgainstJson_bodyDifference() {
    Comparison result = compare(COMPARATOR, JSON, utf8(IRIS), JSON, new byte[0]);

    assertThat(result.differences()).containsExactly(Difference.of("body", IRIS, "<empty>"));
  }

  @Test
  void compare_gzippedEmptyAgainstJson_bodyDifference() {
    Headers gzipJson = headers("Content-Type", "application/json", "Content-Encoding", "gzip");

    Comparison result = compare(COMPARATOR, JSON, utf8(IRIS), gzipJson, gzip(new byte[0]));

    assertThat(result.differences()).containsExactly(Difference.of("body", IRIS, "<empty>"));
    assertThat(result.uncompared()).isNull();
  }

  @Test
  void compare_gzipOnOneSideOnly_decodedBeforeComparing() {
    Headers gzipJson = headers("Content-Type", "application/json", "Content-Encoding", "gzip");

    assertThat(compare(COMPARATOR, gzipJson, gzip(utf8(IRIS)), JSON, utf8(IRIS)).matches())
        .isTrue();
    assertThat(
            compare(COMPARATOR, JSON, utf8(IRIS), gzipJson, gzip(utf8(IRIS_LOW_SCORE)))
                .differences())
        .containsExactly(Difference.of("/scores/0", "0.97", "0.5"));
  }

  @Test
  void compare_xGzipAndIdentity_decoded() {
    Headers xgzip = headers("Content-Type", "application/json", "Content-Encoding", "X-GZIP");
    Headers identity = headers("Content-Type", "application/json", "Content-Encoding", "identity");

    assertThat(compare(COMPARATOR, xgzip, gzip(utf8(IRIS)), identity, utf8(IRIS)).matches())
        .isTrue();
  }

  @Test
  void compare_deflateZlibAndRaw_decodedBeforeComparing() {
    Headers deflateJson =
        headers("Content-Type", "application/json", "Content-Encoding", "deflate");

    assertThat(
            compare(COMPARATOR, deflateJson, deflate(utf8(IRIS), false), JSON, utf8(IRIS))
                .matches())
        .isTrue();
    assertThat(
            compare(COMPARATOR, JSON, utf8(IRIS), deflateJson, deflate(utf8(IRIS), true)).matches())
        .isTrue();
    assertThat(
            compare(COMPARATOR, deflateJson, deflate(utf8(IRIS_LOW_SCORE), true), JSON, utf8(IRIS))
                .differences())
        .containsExactly(Difference.of("/scores/0", "0.5", "0.97"));
  }

  @Test
  void compare_chainedEncodings_undoneInReverse() {
    Headers chained =
        headers("Content-Type", "application/json", "Content-Encoding", "deflate, gzip");

    assertThat(
            compare(COMPARATOR, chained, gzip(deflate(utf8(IRIS), false)), JSON, utf8(IRIS))
                .matches())
        .isTrue();
  }

  @Test
  void compare_corruptGzip_uncomparedCorruptEncoding() {
    Headers gzipJson = headers("Content-Type", "application/json", "Content-Encoding", "gzip");
    byte[] cut = Arrays.copyOf(gzip(utf8(IRIS)), 20);

    Comparison result = compare(COMPARATOR, JSON, utf8(IRIS), gzipJson, cut);

    assertThat(result)
        .isEqualTo(
            Comparison.of(
                List.of(),
                0,
                "body not compared: shadow body is not valid gzip",
                "corrupt-encoding"));
  }

  @Test
  void compare_decodedBeyondTheDefaultLimit_uncomparedDecodeLimit() {
    Headers gzipText = headers("Content-Type", "text/plain", "Content-Encoding", "gzip");
    byte[] bomb = gzip(new byte[1024 * 1024 + 1]);

    Comparison result = compare(COMPARATOR, gzipText, gzip(utf8("ok")), gzipText, bomb);

    assertThat(result.matches()).isTrue();
    assertThat(result.uncompared()).isEqualTo("decode-limit");
    assertThat(result.note())
        .isEqualTo("body not compared: shadow body larger than 1048576 bytes when decoded");
  }

  @Test
  void compare_decodedExactlyAtTheLimit_compared() {
    DefaultResponseComparator small =
        DefaultResponseComparator.builder().maxDecodedBytes(1000).build();
    Headers gzipText = headers("Content-Type", "text/plain", "Content-Encoding", "gzip");
    byte[] atLimit = new byte[1000];
    byte[] differing = atLimit.clone();
    differing[999] = 1;

    assertThat(compare(small, gzipText, gzip(atLimit), gzipText, gzip(differing)).firstPath())
        .isEqualTo("body");
    assertThat(compare(small, gzipText, gzip(atLimit), gzipText, gzip(new byte[1001])).uncompared())
        .isEqualTo("decode-limit");
  }

  @Test
  void compare_gzipBombOfAGibibyte_stopsAtTheLimitWithoutHoldingIt() {
    Headers gzipJson = headers("Content-Type", "application/json", "Content-Encoding", "gzip");
    byte[] bomb = Responses.gzipZeros(1L << 30);

    Comparison result = compare(COMPARATOR, JSON, utf8(IRIS), gzipJson, bomb);

    assertThat(bomb.length).isLessThan(2 * 1024 * 1024);
    assertThat(result.uncompared()).isEqualTo("decode-limit");
    assertThat(result.differenceCount()).isZero();
  }

  @Test
  void compare_unsupportedEncoding_notComparedWithNote() {
    Headers brotli = headers("Content-Type", "application/json", "Content-Encoding", "br");

    Comparison result = compare(COMPARATOR, brotli, new byte[] {1, 2, 3}, JSON, utf8(IRIS));

    assertThat(result.matches()).isTrue();
    assertThat(result.uncompared()).isEqualTo("unknown-encoding");
    assertThat(result.note())
        .isEqualTo("body not compared: production body has unsupported Content-Encoding br");
  }

  @Test
  void compare_sameBytesInUnsupportedEncoding_match() {
    Headers brotli = headers("Content-Type", "application/json", "Content-Encoding", "br");

    byte[] compressed = {1, 2, 3};

    Comparison result = compare(COMPARATOR, brotli, compressed, brotli, compressed.clone());

    assertThat(result).isEqualTo(Comparison.match());
  }

  @Test
  void compare_productionTruncated_bodyNotComparedButStatusIs() {
    ProductionResponse production =
        ProductionResponse.builder(200)
            .headers(JSON)
            .body(Body.of(utf8(IRIS.substring(0, 30))))
            .bodyComplete(false)
            .build();
    ShadowResponse shadow = ShadowResponse.of(500, JSON, Body.of(utf8(IRIS_LOW_SCORE)));

    Comparison result = COMPARATOR.compare(REQUEST, production, shadow);

    assertThat(result.differences()).containsExactly(Difference.of("status", "200", "500"));
    assertThat(result.note()).isEqualTo("body not compared: production body truncated");
    assertThat(result.uncompared()).isEqualTo("truncated");
  }

  @Test
  void compare_shadowOrBothTruncated_noteSaysWhich() {
    ProductionResponse complete = Responses.production(200, JSON, utf8(IRIS));
    ProductionResponse truncated = complete.toBuilder().bodyComplete(false).build();
    ShadowResponse shadowTruncated =
        ShadowResponse.of(200, JSON, Body.of(utf8(IRIS_LOW_SCORE)), false);

    assertThat(COMPARATOR.compare(REQUEST, complete, shadowTruncated))
        .isEqualTo(
            Comparison.of(List.of(), 0, "body not compared: shadow body truncated", "truncated"));
    assertThat(COMPARATOR.compare(REQUEST, truncated, shadowTruncated).note())
        .isEqualTo("body not compared: production and shadow bodies truncated");
  }

  private static String sha256Prefix(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 6);
  }
}

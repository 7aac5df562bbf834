package dev.trafficmirror.redis;

import static dev.trafficmirror.redis.Fixtures.fields;
import static dev.trafficmirror.redis.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.MirrorConfig;
import dev.trafficmirror.redis.internal.RecordSignature;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeKind;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.resps.StreamEntryBinary;

/**
 * The replayer trusts no entry: signatures, field checks, methods and the budget, against a real
 * redis-server.
 */
class ReplayerTrustIT {
  @RegisterExtension static final RedisServer REDIS = new RedisServer();
  private static final String STREAM = "mirror:trust";
  private static final String DEAD = "mirror:trust:dead";
  private static final String KEY = "c2hhcmVkIGJ5IHByb2R1Y3Rpb24gYW5kIHJlcGxheWVycw==";

  private ReplayerFixture fixture;
  private final List<LogRecord> logged = new ArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public synchronized void publish(LogRecord record) {
          logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void setUp() {
    fixture = new ReplayerFixture(REDIS, STREAM);
    Logger.getLogger("dev.trafficmirror.redis").addHandler(capture);
  }

  @AfterEach
  void tearDown() {
    fixture.close();
    Logger.getLogger("dev.trafficmirror.redis").removeHandler(capture);
  }

  /**
   * Appends requests through a production mirror whose redis-stream target signs with {@code key};
   * returns their ids.
   */
  private static List<String> appendSigned(String key, int n) {
    try (Mirror production =
        Mirror.builder()
            .config(
                MirrorConfig.fromProperties(
                    Map.of(
                        "mirror.targets",
                        "queue",
                        "mirror.methods",
                        "POST",
                        "mirror.target.queue.type",
                        "redis-stream",
                        "mirror.target.queue.uri",
                        REDIS.uri().toString(),
                        "mirror.target.queue.stream",
                        STREAM,
                        "mirror.target.queue.signing-key",
                        key)))
            .openTelemetry(OpenTelemetry.noop())
            .build()) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        MirroredRequest request = Fixtures.utf8Request("POST", "/signed/" + i, "{\"i\":" + i + "}");
        production.adapterProtocol().submit(request, Fixtures.json(200, TestShadow.AGREEING_BODY));
        ids.add(request.id());
      }
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> production.outcomeCounts().get("queue", OutcomeKind.DELIVERED) == n);
      return ids;
    }
  }

  /** The fields of a record production could have written, as text; unsigned. */
  private static Map<String, String> handMade(String method, String path, String mirrorId) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("format", "1");
    f.put("mirror-id", mirrorId);
    f.put("method", method);
    f.put("path", path);
    f.put("received-at", "2026-11-30T01:00:00Z");
    f.put("request-headers", "[[\"Content-Type\",\"application/json\"]]");
    f.put("request-body", "{}");
    f.put("response-status", "200");
    f.put("response-headers", "[[\"Content-Type\",\"application/json\"]]");
    f.put("response-body", TestShadow.AGREEING_BODY);
    f.put("response-body-complete", "true");
    f.put("response-duration-nanos", "1000");
    return f;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @SuppressWarnings("ArrayAsKeyOfSetOrMap")
  private static void xadd(Map<byte[], byte[]> fields) {
    REDIS.client().xadd(utf8(STREAM), XAddParams.xAddParams().id(StreamEntryID.NEW_ENTRY), fields);
  }

  @SuppressWarnings("ArrayAsKeyOfSetOrMap")
  private static Map<byte[], byte[]> binary(Map<String, String> text) {
    Map<byte[], byte[]> fields = new LinkedHashMap<>();
    text.forEach((k, v) -> fields.put(utf8(k), utf8(v)));
    return fields;
  }

  private static Map<String, String> deadLetterReasons() {
    Map<String, String> byMirrorId = new LinkedHashMap<>();
    for (StreamEntryBinary dead : Fixtures.entries(REDIS.client(), DEAD)) {
      Map<String, byte[]> f = fields(dead);
      byMirrorId.put(text(f, "mirror-id") + " " + text(f, "path"), text(f, "dead-letter-reason"));
    }
    return byMirrorId;
  }

  @Test
  @SuppressWarnings("ArrayAsKeyOfSetOrMap")
  void withAKey_forgedTamperedAndOtherKeyEntriesAreDeadLettered_signedOnesReplayed()
      throws Exception {
    List<String> signed = appendSigned(KEY, 2);
    // Forged: a well-formed record added by hand, without a signature.
    xadd(binary(handMade("DELETE", "/users/1", "00000000000000f1")));
    // Tampered: a signed record from the stream with its path changed.
    StreamEntryBinary original = Fixtures.entries(REDIS.client(), STREAM).get(0);
    Map<byte[], byte[]> tampered = new LinkedHashMap<>();
    original
        .getFields()
        .forEach(
            (k, v) ->
                tampered.put(
                    k,
                    "path".equals(new String(k, StandardCharsets.UTF_8))
                        ? utf8("/admin/delete-all")
                        : v));
    xadd(tampered);
    // Signed with another key.
    Map<byte[], byte[]> otherKey = binary(handMade("POST", "/other-key", "00000000000000f2"));
    RecordSignature.withKey("a different key, also 32 bytes or more").sign(otherKey, utf8(STREAM));
    xadd(otherKey);
    TestShadow shadow = TestShadow.agreeing();

    MirrorReplayer replayer =
        fixture.replayer(
            "r",
            shadow,
            Map.of("mirror.replayer.signing-key", KEY, "mirror.replayer.dead-letter-stream", DEAD),
            Map.of());

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> REDIS.client().xlen(DEAD) == 3 && fixture.idsOf(OutcomeKind.MATCH).size() == 2);
    await().atMost(Duration.ofSeconds(5)).until(() -> fixture.pending() == 0);
    assertThat(fixture.idsOf(OutcomeKind.MATCH)).containsExactlyInAnyOrderElementsOf(signed);
    assertThat(shadow.calls).containsExactlyInAnyOrderElementsOf(signed);
    assertThat(fixture.outcomes).hasSize(2);
    assertThat(replayer.rejected(EntryRejection.UNSIGNED)).isEqualTo(1);
    assertThat(replayer.rejected(EntryRejection.BAD_SIGNATURE)).isEqualTo(2);
    assertThat(replayer.deadLettered()).isEqualTo(3);
    assertThat(replayer.rejectedCounts()).containsEntry(EntryRejection.INVALID, 0L).hasSize(5);
    assertThat(deadLetterReasons())
        .containsOnly(
            Map.entry("00000000000000f1 /users/1", "unsigned"),
            Map.entry(signed.get(0) + " /admin/delete-all", "bad_signature"),
            Map.entry("00000000000000f2 /other-key", "bad_signature"));
    for (StreamEntryBinary dead : Fixtures.entries(REDIS.client(), DEAD)) {
      assertThat(text(fields(dead), "dead-letter-error")).startsWith("rejected: ");
      assertThat(text(fields(dead), "dead-letter-deliveries")).isEqualTo("1");
    }
    // Rejections are logged at WARNING (once a minute per reason), never with the key; no "trusts
    // every writer" warning.
    assertThat(messages(Level.WARNING))
        .anyMatch(m -> m.contains("rejected") && m.contains("unsigned"))
        .noneMatch(m -> m.contains("trusts every writer"));
    assertThat(messages(Level.ALL)).noneMatch(m -> m.contains(KEY));
  }

  private synchronized List<String> messages(Level atLeast) {
    List<String> messages = new ArrayList<>();
    for (LogRecord record : logged) {
      if (record.getLevel().intValue() >= atLeast.intValue()) {
        Object[] params = record.getParameters();
        messages.add(
            params == null
                ? record.getMessage()
                : MessageFormat.format(record.getMessage(), params));
      }
    }
    return messages;
  }

  @Test
  void withoutAKey_signedAndUnsignedEntriesAreReplayed_andOneWarningSaysEveryWriterIsTrusted()
      throws Exception {
    List<String> signed = appendSigned(KEY, 1);
    List<String> unsigned = fixture.append(1);

    MirrorReplayer replayer = fixture.replayer("r", TestShadow.agreeing(), Map.of(), Map.of());

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fixture.idsOf(OutcomeKind.MATCH).size() == 2);
    assertThat(fixture.idsOf(OutcomeKind.MATCH))
        .containsExactlyInAnyOrder(signed.get(0), unsigned.get(0));
    assertThat(replayer.deadLettered()).isZero();
    assertThat(messages(Level.WARNING))
        .filteredOn(m -> m.contains("trusts every writer"))
        .hasSize(1)
        .allMatch(m -> m.contains("mirror.replayer.signing-key is not set") && m.contains(STREAM));
  }

  @Test
  void invalidFields_andMethodsNotInMirrorMethods_areDeadLetteredAtOnce_neverSent()
      throws Exception {
    List<String> good = fixture.append(1);
    xadd(binary(handMade("get", "/lower-case-method", "00000000000000a1")));
    xadd(binary(handMade("GET /x HTTP/1.1\r\nHost: evil", "/injected-method", "00000000000000a2")));
    xadd(binary(handMade("GET", "relative", "00000000000000a3")));
    xadd(binary(handMade("GET", "/a\r\nX-Injected: 1", "00000000000000a4")));
    xadd(binary(handMade("GET", "/space here", "00000000000000a5")));
    xadd(binary(handMade("GET", "/not-hex-id", "../../etc/passwd")));
    xadd(binary(handMade("DELETE", "/delete-not-allowed", "00000000000000a6")));
    List<String> after = fixture.append(1);
    TestShadow shadow = TestShadow.agreeing();

    // max-deliveries 5 (the default): a refused entry is dead-lettered on its first delivery all
    // the same.
    MirrorReplayer replayer =
        fixture.replayer("r", shadow, Map.of("mirror.replayer.dead-letter-stream", DEAD), Map.of());

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> REDIS.client().xlen(DEAD) == 7 && fixture.idsOf(OutcomeKind.MATCH).size() == 2);
    await().atMost(Duration.ofSeconds(5)).until(() -> fixture.pending() == 0);
    assertThat(shadow.calls).containsExactlyInAnyOrder(good.get(0), after.get(0));
    assertThat(replayer.rejected(EntryRejection.INVALID)).isEqualTo(6);
    assertThat(replayer.rejected(EntryRejection.METHOD_NOT_ALLOWED)).isEqualTo(1);
    assertThat(deadLetterReasons())
        .containsEntry("00000000000000a6 /delete-not-allowed", "method_not_allowed")
        .containsEntry("../../etc/passwd /not-hex-id", "invalid")
        .containsEntry("00000000000000a4 /a\r\nX-Injected: 1", "invalid");
    assertThat(Fixtures.entries(REDIS.client(), DEAD))
        .allSatisfy(
            dead -> {
              assertThat(text(fields(dead), "dead-letter-deliveries")).isEqualTo("1");
              assertThat(text(fields(dead), "dead-letter-error"))
                  .doesNotContain("X-Injected", "evil", "passwd");
            });
  }

  @Test
  void entriesOverTheBudget_areDeadLettered_notRetriedForever() throws Exception {
    Map<String, String> over = handMade("POST", "/body-over-max-body-bytes", "00000000000000b1");
    over.put("request-body", "x".repeat(20 * 1024));
    Map<String, String> overResponse =
        handMade("POST", "/response-over-max-response-bytes", "00000000000000b2");
    overResponse.put("response-body", "y".repeat(16 * 1024 + 1));
    xadd(binary(over));
    xadd(binary(overResponse));
    List<String> good = fixture.append(1);
    TestShadow shadow = TestShadow.agreeing();

    MirrorReplayer replayer =
        fixture.replayer(
            "r",
            shadow,
            Map.of("mirror.replayer.dead-letter-stream", DEAD),
            Map.of(
                "mirror.max-body-bytes",
                "16KiB",
                "mirror.max-response-bytes",
                "16KiB",
                "mirror.max-buffered-bytes",
                "33KiB"));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> REDIS.client().xlen(DEAD) == 2 && fixture.idsOf(OutcomeKind.MATCH).size() == 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> fixture.pending() == 0);
    assertThat(shadow.calls).containsExactly(good.get(0));
    assertThat(replayer.rejected(EntryRejection.OVER_BUDGET)).isEqualTo(2);
    assertThat(replayer.mirror().outcomeCounts().total("v2")).isEqualTo(1);
    List<String> errors =
        Fixtures.entries(REDIS.client(), DEAD).stream()
            .map(d -> text(fields(d), "dead-letter-error"))
            .toList();
    assertThat(errors)
        .containsExactlyInAnyOrder(
            "rejected: over_budget: request-body of 20480 bytes is over mirror.max-body-bytes (16384)",
            "rejected: over_budget: response-body of 16385 bytes is over mirror.max-response-bytes (16384)");
  }

  @Test
  void deadLetterStream_isTrimmedToItsMaxlen() throws Exception {
    int forged = 600;
    for (int i = 0; i < forged; i++) {
      xadd(binary(handMade("POST", "/forged/" + i, String.format("%016x", i))));
    }

    MirrorReplayer replayer =
        fixture.replayer(
            "r",
            TestShadow.agreeing(),
            Map.of(
                "mirror.replayer.signing-key",
                KEY,
                "mirror.replayer.dead-letter-stream",
                DEAD,
                "mirror.replayer.dead-letter-maxlen",
                "50"),
            Map.of());

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> replayer.rejected(EntryRejection.UNSIGNED) == forged);
    await().atMost(Duration.ofSeconds(5)).until(() -> fixture.pending() == 0);
    // MAXLEN ~ trims whole nodes (100 entries by default), never below the cap.
    assertThat(REDIS.client().xlen(DEAD)).isBetween(50L, 150L);
    assertThat(fixture.outcomes).isEmpty();
  }
}

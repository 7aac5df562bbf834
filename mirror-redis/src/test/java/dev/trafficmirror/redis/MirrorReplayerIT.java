package dev.trafficmirror.redis;

import static dev.trafficmirror.redis.Fixtures.fields;
import static dev.trafficmirror.redis.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.MirrorConfig;
import dev.trafficmirror.redis.internal.StreamRecord;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeKind;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.resps.StreamEntryBinary;

/** One replayer against a real redis-server: replay, compare, acknowledge, retry, dead letters. */
class MirrorReplayerIT {
  @RegisterExtension static final RedisServer REDIS = new RedisServer();
  private static final String DEAD = "mirror:replay:dead-letter";

  private ReplayerFixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new ReplayerFixture(REDIS, "mirror:replay");
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  @Test
  void productionToHttpShadow_comparedLoggedTracedAndAcknowledged(@TempDir Path dir)
      throws Exception {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    OpenTelemetrySdk otel =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .build();
    Path log = dir.resolve("replay.jsonl");
    MirroredRequest binary = Fixtures.binaryRequest();
    MirroredRequest differs = Fixtures.utf8Request("PUT", "/diff/1", "{\"a\":1}");
    MirroredRequest noBody =
        MirroredRequest.builder("DELETE", "/items/7").rawQuery("force=true").build();

    try (ShadowServer shadow = new ShadowServer()) {
      // Production: the real path, a mirror with the redis-stream target.
      try (Mirror production =
          Mirror.builder()
              .config(
                  MirrorConfig.fromProperties(
                      Map.of(
                          "mirror.targets",
                          "queue",
                          "mirror.target.queue.type",
                          "redis-stream",
                          "mirror.target.queue.uri",
                          REDIS.uri().toString(),
                          "mirror.target.queue.stream",
                          fixture.stream)))
              .openTelemetry(OpenTelemetry.noop())
              .build()) {
        production.adapterProtocol().submit(binary, Fixtures.json(200, TestShadow.AGREEING_BODY));
        production.adapterProtocol().submit(differs, Fixtures.json(200, TestShadow.AGREEING_BODY));
        production.adapterProtocol().submit(noBody, Fixtures.json(200, TestShadow.AGREEING_BODY));
        await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> production.outcomeCounts().get("queue", OutcomeKind.DELIVERED) == 3);
      }

      // Shadow side: every key through the one parser, as MirrorReplayer.main reads them.
      Map<String, String> props = new LinkedHashMap<>();
      props.put("mirror.replayer.uri", REDIS.uri().toString());
      props.put("mirror.replayer.stream", fixture.stream);
      props.put("mirror.replayer.group", ReplayerFixture.GROUP);
      props.put("mirror.replayer.consumer", "e2e");
      props.put("mirror.targets", "v2");
      props.put("mirror.methods", "POST,PUT,DELETE");
      props.put("mirror.target.v2.url", shadow.url());
      props.put("mirror.log.path", log.toString());
      MirrorConfig mirrorConfig = MirrorConfig.fromProperties(withoutReplayerKeys(props));
      MirrorReplayer replayer =
          MirrorReplayer.builder(ReplayerConfig.fromProperties(props))
              .mirrorConfig(mirrorConfig)
              .openTelemetry(otel)
              .build();
      try {
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> replayer.mirror().outcomeCounts().total("v2") == 3);
        assertThat(replayer.mirror().outcomeCounts().get("v2", OutcomeKind.MATCH)).isEqualTo(2);
        assertThat(replayer.mirror().outcomeCounts().get("v2", OutcomeKind.MISMATCH)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> fixture.pending() == 0);
        await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> Files.exists(log) && Files.readAllLines(log).size() == 3);
      } finally {
        replayer.close();
      }

      // The shadow got the request production got, for every method in the replayer's
      // mirror.methods.
      ShadowServer.Received got = shadow.byMirrorId.get(binary.id());
      assertThat(got.method()).isEqualTo("POST");
      assertThat(got.uri()).isEqualTo("/predict/v1?model=iris&x=%20y");
      assertThat(got.body()).isEqualTo(Fixtures.allBytes());
      assertThat(got.headers().get("X-forwarded-for"))
          .containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3");
      assertThat(got.headers().get("Accept"))
          .containsExactly("application/json", "text/plain;q=0.5");
      assertThat(got.headers().get("X-quote")).containsExactly("say \"hi\" \\ back");
      // Not asserted: X-Latin1 arrives as "caf? na?ve". The stream keeps it exact (see
      // RedisStreamTargetIT); java.net.http, under the http target, sends non-ASCII header bytes as
      // '?'.
      assertThat(shadow.byMirrorId.get(differs.id()).method()).isEqualTo("PUT");
      assertThat(shadow.byMirrorId.get(noBody.id()).uri()).isEqualTo("/items/7?force=true");
    }

    // One CLIENT span per replay, linked to the production span recorded in the stream.
    SpanData span =
        spans.getFinishedSpanItems().stream()
            .filter(
                s -> binary.id().equals(s.getAttributes().get(AttributeKey.stringKey("mirror.id"))))
            .findFirst()
            .orElseThrow();
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getLinks())
        .anySatisfy(
            link -> {
              assertThat(link.getSpanContext().getTraceId())
                  .isEqualTo("0af7651916cd43dd8448eb211c80319c");
              assertThat(link.getSpanContext().getSpanId()).isEqualTo("b7ad6b7169203331");
            });
    assertThat(span.getAttributes().get(AttributeKey.stringKey("mirror.outcome")))
        .isEqualTo("match");
    assertThat(String.join("\n", Files.readAllLines(log)))
        .contains(binary.id(), differs.id(), noBody.id());
    // A replayer that closed with nothing pending leaves the group.
    assertThat(REDIS.client().xinfoConsumers2(fixture.stream, ReplayerFixture.GROUP)).isEmpty();
  }

  private static Map<String, String> withoutReplayerKeys(Map<String, String> props) {
    Map<String, String> rest = new LinkedHashMap<>(props);
    rest.keySet().removeIf(k -> k.startsWith(ReplayerConfig.PREFIX));
    return rest;
  }

  @Test
  void shadowFailingEveryTime_retriedUpToMaxDeliveries_thenDeadLetteredWithItsError()
      throws Exception {
    TestShadow failing =
        new TestShadow(
            request -> {
              throw new IOException("shadow is down");
            });
    List<String> ids = fixture.append(3);
    MirrorReplayer replayer =
        fixture.replayer(
            "r",
            failing,
            Map.of(
                "mirror.replayer.max-deliveries", "2", "mirror.replayer.dead-letter-stream", DEAD),
            Map.of());

    await().atMost(Duration.ofSeconds(10)).until(() -> REDIS.client().xlen(DEAD) == 3);
    await().atMost(Duration.ofSeconds(5)).until(() -> fixture.pending() == 0);
    assertThat(replayer.deadLettered()).isEqualTo(3);
    assertThat(replayer.mirror().outcomeCounts().get("v2", OutcomeKind.SHADOW_ERROR)).isEqualTo(6);
    assertThat(failing.calls).hasSize(6);
    for (StreamEntryBinary dead : Fixtures.entries(REDIS.client(), DEAD)) {
      Map<String, byte[]> f = fields(dead);
      // The record itself, whole, plus why it was given up.
      assertThat(StreamRecord.decode(f).request().id()).isIn(ids);
      assertThat(text(f, "dead-letter-error"))
          .contains("target v2: shadow_error", "java.io.IOException: shadow is down");
      assertThat(text(f, "dead-letter-deliveries")).isEqualTo("2");
      assertThat(text(f, "dead-letter-source-stream")).isEqualTo(fixture.stream);
      assertThat(text(f, "dead-letter-source-id")).matches("\\d+-\\d+");
      assertThat(text(f, "dead-letter-consumer")).isEqualTo("r");
    }
  }

  @Test
  void shadowFailingOnce_entryRetriedAfterClaimIdle_thenMatchedAndAcknowledged() throws Exception {
    Set<String> failedOnce = ConcurrentHashMap.newKeySet();
    TestShadow flaky =
        new TestShadow(
            request -> {
              if (failedOnce.add(request.id())) {
                throw new IOException("first attempt fails");
              }
            });
    List<String> ids = fixture.append(5);
    MirrorReplayer replayer =
        fixture.replayer("r", flaky, Map.of("mirror.replayer.max-deliveries", "3"), Map.of());

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fixture.idsOf(OutcomeKind.MATCH).size() == 5);
    await().atMost(Duration.ofSeconds(5)).until(() -> fixture.pending() == 0);
    assertThat(fixture.idsOf(OutcomeKind.MATCH)).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(fixture.idsOf(OutcomeKind.SHADOW_ERROR)).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(replayer.deadLettered()).isZero();
    assertThat(REDIS.client().exists(fixture.stream + ":dead-letter")).isFalse();
  }

  @Test
  void poisonEntries_deadLetteredWithTheReason_goodEntriesAroundThemReplayed() throws Exception {
    List<String> before = fixture.append(2);
    REDIS
        .client()
        .xadd(
            fixture.stream, redis.clients.jedis.StreamEntryID.NEW_ENTRY, Map.of("hello", "world"));
    Map<String, String> future = new LinkedHashMap<>();
    future.put("format", "99");
    future.put("mirror-id", "from-the-future");
    REDIS.client().xadd(fixture.stream, redis.clients.jedis.StreamEntryID.NEW_ENTRY, future);
    List<String> after = fixture.append(2);
    MirrorReplayer replayer =
        fixture.replayer(
            "r",
            TestShadow.agreeing(),
            Map.of(
                "mirror.replayer.max-deliveries", "2", "mirror.replayer.dead-letter-stream", DEAD),
            Map.of());

    await().atMost(Duration.ofSeconds(10)).until(() -> REDIS.client().xlen(DEAD) == 2);
    await().atMost(Duration.ofSeconds(5)).until(() -> fixture.pending() == 0);
    assertThat(fixture.idsOf(OutcomeKind.MATCH))
        .containsExactlyInAnyOrder(before.get(0), before.get(1), after.get(0), after.get(1));
    assertThat(replayer.deadLettered()).isEqualTo(2);
    List<StreamEntryBinary> dead = Fixtures.entries(REDIS.client(), DEAD);
    assertThat(text(fields(dead.get(0)), "hello")).isEqualTo("world");
    assertThat(text(fields(dead.get(0)), "dead-letter-error"))
        .isEqualTo("unreadable record: missing field format");
    assertThat(text(fields(dead.get(1)), "dead-letter-error"))
        .isEqualTo(
            "unreadable record: unsupported record format 99 (this replayer reads format 1)");
  }

  @Test
  void redisRestartedEmpty_replayerRecreatesTheGroupAndGoesOn() throws Exception {
    MirrorReplayer replayer = fixture.replayer("r", TestShadow.agreeing(), Map.of(), Map.of());
    fixture.append(3);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fixture.idsOf(OutcomeKind.MATCH).size() == 3);

    REDIS.stop();
    REDIS.start();
    List<String> later = fixture.append(3);

    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> fixture.idsOf(OutcomeKind.MATCH).size() == 6);
    assertThat(fixture.idsOf(OutcomeKind.MATCH)).containsAll(later);
    assertThat(replayer.mirror().outcomeCounts().total("v2")).isEqualTo(6);
  }
}

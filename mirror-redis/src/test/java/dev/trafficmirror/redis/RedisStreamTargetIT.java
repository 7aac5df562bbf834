package dev.trafficmirror.redis;

import static dev.trafficmirror.redis.Fixtures.entries;
import static dev.trafficmirror.redis.Fixtures.fields;
import static dev.trafficmirror.redis.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.MirrorConfig;
import dev.trafficmirror.core.OutcomeCounts;
import dev.trafficmirror.redis.internal.StreamRecord;
import dev.trafficmirror.redis.internal.StreamRecord.Replay;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ProductionResponse;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.resps.StreamEntryBinary;

/**
 * The production side: a {@link Mirror} with a {@code redis-stream} target, against a real
 * redis-server.
 */
class RedisStreamTargetIT {
  @RegisterExtension static final RedisServer REDIS = new RedisServer();

  private Mirror mirror;

  @AfterEach
  void closeMirror() {
    if (mirror != null) {
      mirror.close();
    }
  }

  private Mirror productionMirror(String stream, Map<String, String> extra) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("mirror.targets", "queue");
    props.put("mirror.target.queue.type", "redis-stream");
    props.put("mirror.target.queue.uri", REDIS.uri().toString());
    props.put("mirror.target.queue.stream", stream);
    props.putAll(extra);
    return Mirror.builder()
        .config(MirrorConfig.fromProperties(props))
        .openTelemetry(OpenTelemetry.noop())
        .build();
  }

  @Test
  void submit_appendsOneRecordPerRequest_byteExactRoundTrip() throws Exception {
    mirror = productionMirror("mirror:exact", Map.of());
    MirroredRequest binary = Fixtures.binaryRequest();
    ProductionResponse binaryAnswer = Fixtures.binaryResponse();
    MirroredRequest utf8 =
        Fixtures.utf8Request(
            "PUT", "/caf\u00e9s/\u00fcber", "{\"name\":\"Z\u00fcrich \u2615 \ud83d\ude00\"}");
    ProductionResponse utf8Answer =
        Fixtures.json(201, "{\"greeting\":\"gr\u00fc\u00df dich \u2603\"}");

    mirror.adapterProtocol().submit(binary, binaryAnswer);
    mirror.adapterProtocol().submit(utf8, utf8Answer);

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> mirror.outcomeCounts().get("queue", OutcomeKind.DELIVERED) == 2);
    assertThat(mirror.outcomeCounts().total("queue")).isEqualTo(2);
    Map<String, Map<String, byte[]>> byMirrorId = new LinkedHashMap<>();
    for (StreamEntryBinary entry : entries(REDIS.client(), "mirror:exact")) {
      byMirrorId.put(text(fields(entry), StreamRecord.MIRROR_ID), fields(entry));
    }
    assertThat(byMirrorId).containsOnlyKeys(binary.id(), utf8.id());

    Map<String, byte[]> first = byMirrorId.get(binary.id());
    assertThat(text(first, StreamRecord.FORMAT)).isEqualTo("1");
    // Bodies are stored as the raw bytes, not encoded.
    assertThat(first.get(StreamRecord.REQUEST_BODY)).isEqualTo(Fixtures.allBytes());
    assertThat(first.get(StreamRecord.RESPONSE_BODY)).isEqualTo(Fixtures.allBytes());
    assertSameExchange(StreamRecord.decode(first), binary, binaryAnswer);
    assertSameExchange(StreamRecord.decode(byMirrorId.get(utf8.id())), utf8, utf8Answer);
  }

  /**
   * The record holds the request as a shadow receives it: the client's headers plus the loop
   * marker.
   */
  private static void assertSameExchange(
      Replay replay, MirroredRequest sent, ProductionResponse answer) {
    MirroredRequest r = replay.request();
    assertThat(r.id()).isEqualTo(sent.id());
    assertThat(r.method()).isEqualTo(sent.method());
    assertThat(r.path()).isEqualTo(sent.path());
    assertThat(r.rawQuery()).isEqualTo(sent.rawQuery());
    assertThat(r.receivedAt()).isEqualTo(sent.receivedAt());
    assertThat(r.traceparent()).isEqualTo(sent.traceparent());
    assertThat(r.body()).isEqualTo(sent.body());
    assertThat(r.headers())
        .isEqualTo(sent.headers().toBuilder().set("X-Mirror-Id", sent.id()).build());
    assertThat(r.headers().all("X-Forwarded-For")).isEqualTo(sent.headers().all("X-Forwarded-For"));

    ProductionResponse p = replay.production();
    assertThat(p.status()).isEqualTo(answer.status());
    // Production's cookies are never stored (issue 12); every other header round-trips.
    assertThat(p.headers()).isEqualTo(answer.headers().toBuilder().remove("Set-Cookie").build());
    assertThat(p.headers().contains("Set-Cookie")).isFalse();
    assertThat(p.body()).isEqualTo(answer.body());
    assertThat(p.bodyComplete()).isEqualTo(answer.bodyComplete());
    assertThat(p.duration()).isEqualTo(answer.duration());
    assertThat(p.exceptionClass()).isEqualTo(answer.exceptionClass());
  }

  @Test
  void manyCopies_arePipelined_byOneAppenderThread_andHoldNoThreadEach() throws Exception {
    mirror =
        productionMirror(
            "mirror:pipelined",
            Map.of(
                "mirror.target.queue.maxlen", "0", "mirror.target.queue.queue-capacity", "2000"));
    for (int i = 0; i < 2000; i++) {
      mirror
          .adapterProtocol()
          .submit(Fixtures.utf8Request("POST", "/p/" + i, "{}"), Fixtures.json(200, "{}"));
    }
    long appenders =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && t.getName().startsWith("mirror-redis-"))
            .count();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> mirror.outcomeCounts().get("queue", OutcomeKind.DELIVERED) == 2000);
    assertThat(appenders).isEqualTo(1);
    Set<String> paths = new HashSet<>();
    for (StreamEntryBinary entry : entries(REDIS.client(), "mirror:pipelined")) {
      paths.add(StreamRecord.decode(fields(entry)).request().path());
    }
    assertThat(paths).hasSize(2000).contains("/p/0", "/p/1999");
  }

  @Test
  void maxlen_trimsTheStreamApproximately() {
    mirror = productionMirror("mirror:capped", Map.of("mirror.target.queue.maxlen", "10"));
    for (int i = 0; i < 400; i++) {
      mirror
          .adapterProtocol()
          .submit(Fixtures.utf8Request("POST", "/p", "{}"), Fixtures.json(200, "{}"));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> mirror.outcomeCounts().get("queue", OutcomeKind.DELIVERED) == 400);
    // MAXLEN ~ trims whole nodes (100 entries by default), never below the cap.
    assertThat(REDIS.client().xlen("mirror:capped")).isBetween(10L, 200L);
  }

  @Test
  void redisStoppedAndRestarted_countsFailuresWhileDown_deliversAgainWhenBack_productionUnaffected()
      throws Exception {
    mirror =
        productionMirror(
            "mirror:outage",
            Map.of(
                "mirror.target.queue.timeout", "200ms",
                "mirror.target.queue.threads", "2"));
    AtomicLong submitted = new AtomicLong();
    AtomicLong slowestSubmitNanos = new AtomicLong();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    ScheduledExecutorService production = Executors.newSingleThreadScheduledExecutor();
    try {
      production.scheduleAtFixedRate(
          () -> {
            long start = System.nanoTime();
            try {
              mirror
                  .adapterProtocol()
                  .submit(
                      Fixtures.utf8Request("POST", "/orders", "{\"n\":" + submitted.get() + "}"),
                      Fixtures.json(200, "{}"));
              submitted.incrementAndGet();
            } catch (Throwable t) {
              thrown.set(t);
            }
            slowestSubmitNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
          },
          0,
          5,
          TimeUnit.MILLISECONDS);

      await().atMost(Duration.ofSeconds(5)).until(() -> delivered() >= 20);
      REDIS.stop();
      await().atMost(Duration.ofSeconds(10)).until(() -> failed() >= 10);
      long deliveredWhileDown = delivered();
      REDIS.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> delivered() >= deliveredWhileDown + 20);
    } finally {
      production.shutdown();
      assertThat(production.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }
    mirror.close();

    assertThat(thrown.get()).isNull();
    // Submitting is an offer to a queue: Redis being down never reaches the production thread.
    assertThat(Duration.ofNanos(slowestSubmitNanos.get())).isLessThan(Duration.ofMillis(500));
    OutcomeCounts counts = mirror.outcomeCounts();
    // Every submitted copy is accounted for, as delivered, failed or (while the queue was full)
    // dropped.
    assertThat(counts.total("queue")).isEqualTo(submitted.get());
    assertThat(
            counts.get("queue", OutcomeKind.SHADOW_ERROR)
                + counts.get("queue", OutcomeKind.SHADOW_TIMEOUT))
        .isGreaterThanOrEqualTo(10);
    // What was delivered is in the stream: appended after the restart (the server keeps no data).
    assertThat(REDIS.client().xlen("mirror:outage")).isPositive();
  }

  @Test
  void redisSlow_countsTimeouts_thenDeliversAgain() throws Exception {
    mirror = productionMirror("mirror:slow", Map.of("mirror.target.queue.timeout", "100ms"));
    mirror
        .adapterProtocol()
        .submit(Fixtures.utf8Request("POST", "/warm", "{}"), Fixtures.json(200, "{}"));
    await().atMost(Duration.ofSeconds(5)).until(() -> delivered() == 1);

    // Redis holds every client's commands for a while: the append outlives the target's timeout.
    REDIS.pauseClients(Duration.ofSeconds(1));
    mirror
        .adapterProtocol()
        .submit(Fixtures.utf8Request("POST", "/slow", "{}"), Fixtures.json(200, "{}"));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> mirror.outcomeCounts().get("queue", OutcomeKind.SHADOW_TIMEOUT) == 1);

    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> {
              mirror
                  .adapterProtocol()
                  .submit(Fixtures.utf8Request("POST", "/after", "{}"), Fixtures.json(200, "{}"));
              return delivered() >= 2;
            });
  }

  private long delivered() {
    return mirror.outcomeCounts().get("queue", OutcomeKind.DELIVERED);
  }

  private long failed() {
    OutcomeCounts counts = mirror.outcomeCounts();
    return counts.get("queue", OutcomeKind.SHADOW_ERROR)
        + counts.get("queue", OutcomeKind.SHADOW_TIMEOUT);
  }
}

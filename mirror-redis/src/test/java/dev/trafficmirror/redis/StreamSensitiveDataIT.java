package dev.trafficmirror.redis;

import static dev.trafficmirror.redis.Fixtures.fields;
import static dev.trafficmirror.redis.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.MirrorConfig;
import dev.trafficmirror.redis.internal.StreamRecord;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ProductionResponse;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.resps.StreamEntryBinary;

/**
 * What the Redis stream and its dead letters store of a request with secrets, against a real
 * redis-server: production's {@code Set-Cookie} never, sensitive query values redacted, sensitive
 * request headers only for a target that forwards them.
 */
class StreamSensitiveDataIT {
  @RegisterExtension static final RedisServer REDIS = new RedisServer();

  private static final String API_KEY = "apikey-0f1e2d3c4b5a";
  private static final String TOKEN = "token-9a8b7c6d5e4f";
  private static final String SIG = "sig-13579bdf";
  private static final String COOKIE = "cookie-abcdef012345";
  private static final String TENANT = "tenant-24680ace";

  private static MirroredRequest request() {
    return MirroredRequest.builder("GET", "/account/1")
        .rawQuery("a=1&token=" + TOKEN + "&Sig=" + SIG + "&b=%20")
        .headers(
            Headers.builder()
                .add("Accept", "application/json")
                .add("X-Api-Key", API_KEY)
                .add("X-Tenant-Key", TENANT)
                .build())
        .build();
  }

  private static ProductionResponse production() {
    return ProductionResponse.builder(200)
        .headers(
            Headers.builder()
                .add("Content-Type", "application/json")
                .add("Set-Cookie", "session=" + COOKIE)
                .add("set-cookie", "other=" + COOKIE)
                .build())
        .body(Body.of("{\"ok\":true}", StandardCharsets.UTF_8))
        .build();
  }

  private static Mirror production(String stream, Map<String, String> extra) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("mirror.targets", "queue");
    props.put("mirror.sensitive-headers", "X-Tenant-Key");
    props.put("mirror.target.queue.type", "redis-stream");
    props.put("mirror.target.queue.uri", REDIS.uri().toString());
    props.put("mirror.target.queue.stream", stream);
    props.putAll(extra);
    return Mirror.builder()
        .config(MirrorConfig.fromProperties(props))
        .openTelemetry(OpenTelemetry.noop())
        .build();
  }

  private static Map<String, byte[]> appendOne(String stream, Map<String, String> extra) {
    try (Mirror mirror = production(stream, extra)) {
      mirror.adapterProtocol().submit(request(), production());
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> mirror.outcomeCounts().get("queue", OutcomeKind.DELIVERED) == 1);
    }
    List<StreamEntryBinary> entries = Fixtures.entries(REDIS.client(), stream);
    assertThat(entries).hasSize(1);
    return fields(entries.get(0));
  }

  private static String all(Map<String, byte[]> fields) {
    StringBuilder text = new StringBuilder();
    fields.forEach(
        (name, value) ->
            text.append(name)
                .append('=')
                .append(new String(value, StandardCharsets.UTF_8))
                .append('\n'));
    return text.toString();
  }

  @Test
  void entry_byDefault_noCredentialNoCookie_queryValuesRedacted() throws Exception {
    Map<String, byte[]> entry = appendOne("mirror:sensitive:default", Map.of());

    assertThat(text(entry, StreamRecord.QUERY)).isEqualTo("a=1&token=REDACTED&Sig=REDACTED&b=%20");
    StreamRecord.Replay replay = StreamRecord.decode(entry);
    assertThat(replay.request().headers().contains("X-Api-Key")).isFalse();
    assertThat(replay.request().headers().contains("X-Tenant-Key")).isFalse();
    assertThat(replay.request().headers().first("Accept")).isEqualTo("application/json");
    assertThat(replay.production().headers().contains("Set-Cookie")).isFalse();
    assertThat(replay.production().headers().first("Content-Type")).isEqualTo("application/json");
    assertThat(all(entry)).doesNotContain(API_KEY, TENANT, TOKEN, SIG, COOKIE);
  }

  @Test
  void entry_targetForwardsSensitive_keepsRequestCredentialsForTheReplayer_neverTheCookie()
      throws Exception {
    Map<String, byte[]> entry =
        appendOne(
            "mirror:sensitive:forward",
            Map.of("mirror.target.queue.headers.forward-sensitive", "true"));

    StreamRecord.Replay replay = StreamRecord.decode(entry);
    assertThat(replay.request().headers().first("X-Api-Key")).isEqualTo(API_KEY);
    assertThat(replay.request().headers().first("X-Tenant-Key")).isEqualTo(TENANT);
    assertThat(replay.production().headers().contains("Set-Cookie")).isFalse();
    assertThat(all(entry)).doesNotContain(TOKEN, SIG, COOKIE);
  }

  @Test
  void deadLetter_ofAStoredEntry_holdsNoSecretEither() throws Exception {
    String stream = "mirror:sensitive:dead";
    String dead = stream + ":dead-letter";
    appendOne(stream, Map.of());
    Queue<String> queries = new ConcurrentLinkedQueue<>();
    TestShadow failing =
        new TestShadow(
            request -> {
              queries.add(String.valueOf(request.rawQuery()));
              throw new IOException("shadow is down");
            });
    try (ReplayerFixture fixture = new ReplayerFixture(REDIS, stream)) {
      fixture.replayer(
          "r",
          failing,
          Map.of("mirror.replayer.max-deliveries", "1", "mirror.replayer.dead-letter-stream", dead),
          Map.of());
      await().atMost(Duration.ofSeconds(10)).until(() -> REDIS.client().xlen(dead) == 1);
    }
    Map<String, byte[]> letter = fields(Fixtures.entries(REDIS.client(), dead).get(0));
    assertThat(text(letter, StreamRecord.QUERY)).isEqualTo("a=1&token=REDACTED&Sig=REDACTED&b=%20");
    assertThat(all(letter))
        .contains("dead-letter-error")
        .doesNotContain(API_KEY, TENANT, TOKEN, SIG, COOKIE);
    assertThat(queries)
        .as("the replayed copy carries what was stored")
        .containsExactly("a=1&token=REDACTED&Sig=REDACTED&b=%20");
  }
}

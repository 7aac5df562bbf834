package dev.trafficmirror.redis;

import static org.awaitility.Awaitility.await;

import dev.trafficmirror.core.MirrorConfig;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ShadowTarget;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.resps.StreamEntryBinary;

/**
 * Appends records to a stream with the real {@link RedisStreamTarget}, and builds replayers on it
 * that replay to a given target named {@code v2}; closes them all at the end of a test.
 */
final class ReplayerFixture implements AutoCloseable {
  static final String GROUP = "replayers";

  final RedisServer redis;
  final String stream;

  /** Every outcome of every replayer built here. */
  final Queue<MirrorOutcome> outcomes = new ConcurrentLinkedQueue<>();

  private final List<MirrorReplayer> replayers = new ArrayList<>();
  private final RedisStreamTarget appender;

  ReplayerFixture(RedisServer redis, String stream) {
    this.redis = redis;
    this.stream = stream;
    this.appender = RedisStreamTarget.builder(redis.uri(), stream).maxLen(0).build();
  }

  /**
   * Appends {@code n} requests that production answered with {@code {"ok":true}}; returns their
   * mirror ids.
   */
  List<String> append(int n) throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      MirroredRequest request = Fixtures.utf8Request("POST", "/items/" + i, "{\"i\":" + i + "}");
      // Right after a Redis restart, the first append on a pooled connection fails and discards it.
      await()
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(20))
          .atMost(Duration.ofSeconds(5))
          .ignoreExceptions()
          .until(
              () -> {
                appender.send(
                    request, Fixtures.json(200, TestShadow.AGREEING_BODY), Duration.ofSeconds(2));
                return true;
              });
      ids.add(request.id());
    }
    return ids;
  }

  /**
   * Appends {@code n} requests as {@link #append} does, all queued at once (one pipeline per
   * millisecond); returns their mirror ids.
   */
  List<String> appendMany(int n) {
    List<String> ids = new ArrayList<>();
    List<CompletableFuture<?>> appends = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      MirroredRequest request = Fixtures.utf8Request("POST", "/items/" + i, "{\"i\":" + i + "}");
      appends.add(
          appender
              .sendAsync(
                  request, Fixtures.json(200, TestShadow.AGREEING_BODY), Duration.ofSeconds(10))
              .toCompletableFuture());
      ids.add(request.id());
    }
    CompletableFuture.allOf(appends.toArray(new CompletableFuture<?>[0])).join();
    return ids;
  }

  /**
   * Builds and starts a replayer with claim-idle 300ms replaying GET and POST, the given replayer
   * and mirror keys on top.
   */
  MirrorReplayer replayer(
      String consumer,
      ShadowTarget target,
      Map<String, String> replayerKeys,
      Map<String, String> mirrorKeys) {
    Map<String, String> own = new LinkedHashMap<>();
    own.put("mirror.replayer.uri", redis.uri().toString());
    own.put("mirror.replayer.stream", stream);
    own.put("mirror.replayer.group", GROUP);
    own.put("mirror.replayer.consumer", consumer);
    own.put("mirror.replayer.claim-idle", "300ms");
    own.putAll(replayerKeys);
    Map<String, String> mirror = new LinkedHashMap<>();
    mirror.put("mirror.targets", "v2");
    mirror.put("mirror.drain-timeout", "500ms");
    mirror.put("mirror.methods", "GET,POST");
    mirror.putAll(mirrorKeys);
    MirrorReplayer replayer =
        MirrorReplayer.builder(ReplayerConfig.fromProperties(own))
            .mirrorConfig(MirrorConfig.fromProperties(mirror))
            .target("v2", target)
            .listener(outcomes::add)
            .openTelemetry(OpenTelemetry.noop())
            .build();
    replayers.add(replayer);
    return replayer;
  }

  /**
   * Returns the mirror ids of the outcomes of {@code kind}, in the order they came, repeats kept.
   */
  List<String> idsOf(OutcomeKind kind) {
    return outcomes.stream().filter(o -> o.kind() == kind).map(o -> o.request().id()).toList();
  }

  /** Returns how many entries of the group are delivered and not acknowledged. */
  long pending() {
    return redis.client().xpending(stream, GROUP).getTotal();
  }

  /** Returns the ids of the entries delivered and not acknowledged, as mirror ids. */
  Set<String> pendingMirrorIds() {
    Set<StreamEntryID> pending = new HashSet<>();
    redis
        .client()
        .xpending(
            stream,
            GROUP,
            XPendingParams.xPendingParams(
                StreamEntryID.MINIMUM_ID, StreamEntryID.MAXIMUM_ID, 10_000))
        .forEach(p -> pending.add(p.getID()));
    Set<String> mirrorIds = new HashSet<>();
    for (StreamEntryBinary entry : Fixtures.entries(redis.client(), stream)) {
      if (pending.contains(entry.getID())) {
        mirrorIds.add(Fixtures.text(Fixtures.fields(entry), "mirror-id"));
      }
    }
    return mirrorIds;
  }

  @Override
  public void close() {
    replayers.forEach(MirrorReplayer::close);
    appender.close();
  }
}

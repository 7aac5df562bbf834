package dev.trafficmirror.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.MirrorConfig;
import dev.trafficmirror.redis.internal.RedisStreamTargetProvider;
import dev.trafficmirror.spi.InvalidConfigException;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.ShadowTarget;
import dev.trafficmirror.spi.TargetSettings;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisStreamTargetProviderTest {
  private final RedisStreamTargetProvider provider = new RedisStreamTargetProvider();

  private static Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("uri", "redis://127.0.0.1:6379");
    s.put("stream", "mirror:v1");
    s.put("max-response-bytes", "1048576");
    return s;
  }

  @Test
  void create_readsUriStreamAndMaxlen() {
    Map<String, String> s = settings();
    s.put("maxlen", "5000");
    try (ShadowTarget target = provider.create(TargetSettings.of("q", s))) {
      RedisStreamTarget redis = (RedisStreamTarget) target;
      assertThat(redis.uri()).isEqualTo(URI.create("redis://127.0.0.1:6379"));
      assertThat(redis.stream()).isEqualTo("mirror:v1");
      assertThat(redis.maxLen()).isEqualTo(5000);
    }
    try (ShadowTarget target = provider.create(TargetSettings.of("q", settings()))) {
      assertThat(((RedisStreamTarget) target).maxLen())
          .isEqualTo(RedisStreamTarget.DEFAULT_MAX_LEN);
    }
  }

  @Test
  void create_badSettings_failNamingTheFullKey() {
    assertInvalid("uri", null, "mirror.target.q.uri is required");
    // The URI may hold a password: it is never shown.
    assertInvalid(
        "uri",
        "http://h:1",
        "mirror.target.q.uri=http://h:1: must be redis://host:port or rediss://host:port");
    assertInvalid("uri", "redis://h", "mirror.target.q.uri=redis://h: must be redis://host:port");
    assertInvalid(
        "uri",
        "redis://u:pw-0123456789@h",
        "mirror.target.q.uri=redis://u:***@h: must be redis://host:port");
    assertInvalid("stream", null, "mirror.target.q.stream is required");
    assertInvalid("maxlen", "-1", "mirror.target.q.maxlen=-1: must not be negative");
    assertInvalid("maxlen", "lots", "mirror.target.q.maxlen=lots: must be a whole number");
    // A misspelt uri may hold a password too.
    assertInvalid(
        "url",
        "http://h:1",
        "mirror.target.q.url=http://h:1: is not a known key (see docs/configuration.md); "
            + "did you mean mirror.target.q.uri?");
    assertInvalid(
        "streams",
        "s",
        "mirror.target.q.streams=s: is not a known key (see docs/configuration.md); "
            + "did you mean mirror.target.q.stream?");
    assertThatThrownBy(
            () -> RedisStreamTarget.builder(URI.create("redis://u:pw-0123456789@h"), "s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a redis:// or rediss:// URI with host and port: redis://u:***@h");
  }

  @Test
  void create_signingKey_tooShortFailsWithoutShowingIt_aMisspeltOneIsNotShownEither() {
    String shortKey = "s3cret-but-only-31-bytes-long!!";
    assertInvalid(
        "signing-key",
        shortKey,
        "mirror.target.q.signing-key=<hidden, 31 chars>: must be at least 32 bytes");
    assertThatThrownBy(() -> provider.create(TargetSettings.of("q", with("signing-key", shortKey))))
        .hasMessageNotContaining(shortKey);
    String misspelt = "a-long-enough-secret-in-the-wrong-key";
    assertThatThrownBy(() -> provider.create(TargetSettings.of("q", with("signingkey", misspelt))))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e -> assertThat(e.value()).isEqualTo("<hidden, 37 chars>"))
        .hasMessageNotContaining(misspelt);

    // The adapters' environment overrides (MIRROR_TARGET_<NAME>_SIGNING_KEY) name every key a
    // provider reads.
    assertThat(provider.keys()).contains("signing-key");

    String key = "0123456789abcdef0123456789abcdef";
    try (RedisStreamTarget target =
        (RedisStreamTarget)
            provider.create(TargetSettings.of("q", with("signing-key", " " + key + "\n")))) {
      assertThat(target.signed()).isTrue();
      assertThat(target.toString()).doesNotContain(key).endsWith("signed=true]");
    }
  }

  private Map<String, String> with(String key, String value) {
    Map<String, String> s = settings();
    s.put(key, value);
    return s;
  }

  private void assertInvalid(String key, String value, String messageStart) {
    Map<String, String> s = settings();
    if (value == null) {
      s.remove(key);
    } else {
      s.put(key, value);
    }
    assertThatThrownBy(() -> provider.create(TargetSettings.of("q", s)))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e -> assertThat(e.key()).isEqualTo("mirror.target.q." + key))
        .hasMessageStartingWith(messageStart);
  }

  @Test
  void typeRedisStream_isFoundByTheEngine_andConnectsOnlyOnTheFirstAppend() {
    // Port 9 (discard) is closed on loopback: building must not need Redis.
    try (Mirror mirror =
        Mirror.builder()
            .config(
                MirrorConfig.fromProperties(
                    Map.of(
                        "mirror.targets", "q",
                        "mirror.target.q.type", "redis-stream",
                        "mirror.target.q.uri", "redis://127.0.0.1:9",
                        "mirror.target.q.stream", "s")))
            .openTelemetry(OpenTelemetry.noop())
            .build()) {
      assertThat(mirror.config().targets().get("q").type()).isEqualTo("redis-stream");
    }
  }

  @Test
  void sendWithoutProductionResponse_isUnsupported() {
    try (RedisStreamTarget target =
        RedisStreamTarget.builder(URI.create("redis://127.0.0.1:9"), "s").build()) {
      assertThatThrownBy(
              () -> target.send(MirroredRequest.builder("GET", "/").build(), Duration.ofSeconds(1)))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThat(target.toString())
          .isEqualTo("RedisStreamTarget[127.0.0.1:9, stream=s, signed=false]");
    }
  }
}

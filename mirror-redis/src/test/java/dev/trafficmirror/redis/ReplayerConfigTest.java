package dev.trafficmirror.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trafficmirror.core.MirrorConfig;
import dev.trafficmirror.spi.InvalidConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayerConfigTest {
  private static Map<String, String> minimal() {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("mirror.replayer.uri", "redis://127.0.0.1:6379");
    props.put("mirror.replayer.stream", "mirror:v1");
    return props;
  }

  @Test
  void fromProperties_minimal_hasTheDocumentedDefaults() {
    ReplayerConfig config = ReplayerConfig.fromProperties(minimal());

    assertThat(config.uri()).isEqualTo(URI.create("redis://127.0.0.1:6379"));
    assertThat(config.stream()).isEqualTo("mirror:v1");
    assertThat(config.group()).isEqualTo("mirror-replayers");
    assertThat(config.consumer()).matches(".+-\\d+-[0-9a-f]{6}");
    assertThat(config.maxInFlight()).isEqualTo(64);
    assertThat(config.claimIdle()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.maxDeliveries()).isEqualTo(5);
    assertThat(config.deadLetterStream()).isEqualTo("mirror:v1:dead-letter");
    assertThat(config.deadLetterMaxLen()).isEqualTo(10_000);
    assertThat(config.signed()).isFalse();
  }

  @Test
  void signingKey_isUsedButNeverShown_tooShortOrMisspeltFailsWithoutIt() {
    String key = "Zm9vYmFyYmF6cXV4MDEyMzQ1Njc4OWFiY2RlZg==";
    ReplayerConfig config =
        ReplayerConfig.fromProperties(with("mirror.replayer.signing-key", key + "\n"));
    assertThat(config.signed()).isTrue();
    assertThat(config.toString()).doesNotContain(key).contains("signed=true");

    String shortKey = "only-31-bytes-long-0123456789ab";
    assertInvalid(
        with("mirror.replayer.signing-key", shortKey),
        "mirror.replayer.signing-key",
        "<hidden, 31 chars>",
        "mirror.replayer.signing-key=<hidden, 31 chars>: must be at least 32 bytes");
    assertThatThrownBy(
            () -> ReplayerConfig.fromProperties(with("mirror.replayer.signing-key", shortKey)))
        .hasMessageNotContaining(shortKey);
    assertInvalid(
        with("mirror.replayer.signing_key", key),
        "mirror.replayer.signing_key",
        "<hidden, 40 chars>",
        "mirror.replayer.signing_key=<hidden, 40 chars>: is not a known key (see docs/configuration.md); "
            + "did you mean mirror.replayer.signing-key?");
    assertThatThrownBy(() -> ReplayerConfig.fromProperties(with("mirror.replayer.signingkey", key)))
        .hasMessageNotContaining(key);
  }

  @Test
  void fromProperties_readsEveryKey_andIgnoresOtherMirrorKeys() {
    Map<String, String> props = minimal();
    props.put("mirror.replayer.group", "g");
    props.put("mirror.replayer.consumer", "worker-1");
    props.put("mirror.replayer.max-in-flight", "16");
    props.put("mirror.replayer.claim-idle", "2m");
    props.put("mirror.replayer.max-deliveries", "3");
    props.put("mirror.replayer.dead-letter-stream", "dead");
    props.put("mirror.replayer.dead-letter-maxlen", "0");
    props.put("mirror.targets", "v2");

    ReplayerConfig config = ReplayerConfig.fromProperties(props);

    assertThat(config.group()).isEqualTo("g");
    assertThat(config.consumer()).isEqualTo("worker-1");
    assertThat(config.maxInFlight()).isEqualTo(16);
    assertThat(config.claimIdle()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.maxDeliveries()).isEqualTo(3);
    assertThat(config.deadLetterStream()).isEqualTo("dead");
    assertThat(config.deadLetterMaxLen()).isZero();
  }

  @Test
  void fromProperties_badValues_failNamingKeyAndValue() {
    assertInvalid(
        Map.of("mirror.replayer.stream", "s"),
        "mirror.replayer.uri",
        null,
        "mirror.replayer.uri is required");
    assertInvalid(
        Map.of("mirror.replayer.uri", "redis://h:1"),
        "mirror.replayer.stream",
        null,
        "mirror.replayer.stream is required");
    // The URI may hold a password: it is never shown.
    assertInvalid(
        with("mirror.replayer.uri", "http://h:1"),
        "mirror.replayer.uri",
        "http://h:1",
        "mirror.replayer.uri=http://h:1: must be redis://host:port or rediss://host:port");
    assertInvalid(
        with("mirror.replayer.uri", "http://app:pw-0123456789@h:1"),
        "mirror.replayer.uri",
        "http://app:***@h:1",
        "mirror.replayer.uri=http://app:***@h:1: must be redis://host:port or rediss://host:port");
    assertInvalid(
        with("mirror.replayer.uri", "redis://h :1"),
        "mirror.replayer.uri",
        "redis://h :1",
        "mirror.replayer.uri=redis://h :1: is not a valid URI");
    assertInvalid(
        with("mirror.replayer.max-in-flight", "0"),
        "mirror.replayer.max-in-flight",
        "0",
        "mirror.replayer.max-in-flight=0: must be from 1 to 1000");
    assertInvalid(
        with("mirror.replayer.claim-idle", "50ms"),
        "mirror.replayer.claim-idle",
        "PT0.05S",
        "mirror.replayer.claim-idle=PT0.05S: must be at least 100ms");
    assertInvalid(
        with("mirror.replayer.claim-idle", "soon"),
        "mirror.replayer.claim-idle",
        "soon",
        "mirror.replayer.claim-idle=soon: must be a duration such as 250ms, 2s, 1m or PT2S");
    assertInvalid(
        with("mirror.replayer.max-deliveries", "many"),
        "mirror.replayer.max-deliveries",
        "many",
        "mirror.replayer.max-deliveries=many: must be a whole number from 1 to 1000");
    assertInvalid(
        with("mirror.replayer.dead-letter-stream", "mirror:v1"),
        "mirror.replayer.dead-letter-stream",
        "mirror:v1",
        "mirror.replayer.dead-letter-stream=mirror:v1: must differ from mirror.replayer.stream");
    assertInvalid(
        with("mirror.replayer.dead-letter-maxlen", "-1"),
        "mirror.replayer.dead-letter-maxlen",
        "-1",
        "mirror.replayer.dead-letter-maxlen=-1: must be from 0 to 1000000000");
    assertInvalid(
        with("mirror.replayer.group", " "),
        "mirror.replayer.group",
        " ",
        "mirror.replayer.group= : must not be blank");
    assertInvalid(
        with("mirror.replayer.max-inflight", "5"),
        "mirror.replayer.max-inflight",
        "5",
        "mirror.replayer.max-inflight=5: is not a known key (see docs/configuration.md); did you mean mirror.replayer.max-in-flight?");
    // A misspelt uri may hold a password.
    assertInvalid(
        with("mirror.replayer.url", "redis://app:pw-0123456789@h:1"),
        "mirror.replayer.url",
        "redis://app:***@h:1",
        "mirror.replayer.url=redis://app:***@h:1: is not a known key (see docs/configuration.md); did you mean mirror.replayer.uri?");
    assertInvalid(
        with("mirror.replayer.bogus", "5"),
        "mirror.replayer.bogus",
        "5",
        "mirror.replayer.bogus=5: is not a known key (see docs/configuration.md)");
  }

  private static Map<String, String> with(String key, String value) {
    Map<String, String> props = minimal();
    props.put(key, value);
    return props;
  }

  private static void assertInvalid(
      Map<String, String> props, String key, String value, String messageStart) {
    assertThatThrownBy(() -> ReplayerConfig.fromProperties(props))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e -> {
              assertThat(e.key()).isEqualTo(key);
              assertThat(e.value()).isEqualTo(value);
            })
        .hasMessageStartingWith(messageStart);
  }

  @Test
  void replayerFromProperties_rejectsAMirrorThatCouldNotReplayEveryEntry() {
    assertReplayerInvalid(
        Map.of("mirror.target.v2.sample-rate", "0.5"),
        "mirror.target.v2.sample-rate",
        "mirror.target.v2.sample-rate=0.5: must be 1 for a replayer");
    assertReplayerInvalid(
        Map.of("mirror.target.v2.queue-capacity", "10"),
        "mirror.target.v2.queue-capacity",
        "mirror.target.v2.queue-capacity=10: must be at least mirror.replayer.max-in-flight (64)");
    assertReplayerInvalid(
        Map.of("mirror.enabled", "false"),
        "mirror.enabled",
        "mirror.enabled=false: must be true for a replayer");
    // The mirror's own parser sees every other mirror.* key, and none of the replayer's.
    assertReplayerInvalid(
        Map.of("mirror.bogus", "1"), "mirror.bogus", "mirror.bogus=1: is not a known key");
    assertReplayerInvalid(
        Map.of("mirror.target.v2.url", ""),
        "mirror.target.v2.url",
        "mirror.target.v2.url=: is required");
  }

  private static void assertReplayerInvalid(
      Map<String, String> extra, String key, String messageStart) {
    Map<String, String> props = minimal();
    props.put("mirror.targets", "v2");
    props.put("mirror.target.v2.url", "http://127.0.0.1:9");
    props.putAll(extra);
    assertThatThrownBy(() -> MirrorReplayer.fromProperties(props))
        .isInstanceOfSatisfying(
            InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo(key))
        .hasMessageStartingWith(messageStart);
  }

  @Test
  void stuckAfter_isTheLongerOfTenIdleTimesAndTwiceAFullLoadOnTheSlowestTarget() {
    ReplayerConfig defaults = ReplayerConfig.fromProperties(minimal());
    MirrorConfig oneSecond = MirrorConfig.fromProperties(Map.of("mirror.targets", "v2"));
    assertThat(MirrorReplayer.stuckAfter(defaults, oneSecond)).isEqualTo(Duration.ofMinutes(5));

    ReplayerConfig quick =
        ReplayerConfig.fromProperties(with("mirror.replayer.claim-idle", "300ms"));
    MirrorConfig slow =
        MirrorConfig.fromProperties(
            Map.of(
                "mirror.targets",
                "v2,v3",
                "mirror.target.v3.timeout",
                "30s",
                "mirror.target.v3.threads",
                "4"));
    // 64 entries on 4 threads: 16 rounds of 30s, plus one, twice.
    assertThat(MirrorReplayer.stuckAfter(quick, slow)).isEqualTo(Duration.ofSeconds(30 * 17 * 2));
  }
}

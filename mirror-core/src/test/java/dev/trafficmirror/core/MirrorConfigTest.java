package dev.trafficmirror.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trafficmirror.spi.InvalidConfigException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MirrorConfigTest {

  @Test
  void defaults_areDocumentedValues() {
    MirrorConfig config = MirrorConfig.builder().build();
    assertThat(config.enabled()).isTrue();
    assertThat(config.sampleRate()).isEqualTo(1.0);
    assertThat(config.sampleKey()).isNull();
    assertThat(config.methods()).containsExactly("GET", "HEAD", "OPTIONS");
    assertThat(config.include()).isEmpty();
    assertThat(config.exclude()).isEmpty();
    assertThat(config.maxBodyBytes()).isEqualTo(1 << 20);
    assertThat(config.maxResponseBytes()).isEqualTo(1 << 20);
    assertThat(config.maxBufferedBytes()).isEqualTo(64L << 20);
    assertThat(config.forwardSensitiveHeaders()).isFalse();
    assertThat(config.drainTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.targets()).isEmpty();

    TargetConfig target = TargetConfig.builder("v2").build();
    assertThat(target.type()).isEqualTo("http");
    assertThat(target.timeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(target.sampleRate()).isEqualTo(1.0);
    assertThat(target.threads()).isEqualTo(4);
    assertThat(target.queueCapacity()).isEqualTo(2048);
  }

  @Test
  void fromProperties_readsEveryKey() {
    Map<String, String> p = new HashMap<>();
    p.put("mirror.enabled", "TRUE");
    p.put("mirror.targets", "v2, recorder");
    p.put("mirror.sample-rate", "0.25");
    p.put("mirror.sample-key", "X-User");
    p.put("mirror.methods", "post, get");
    p.put("mirror.include", "/predict/**,/score");
    p.put("mirror.exclude", "/predict/admin/*");
    p.put("mirror.max-body-bytes", "512KiB");
    p.put("mirror.max-response-bytes", "2m");
    p.put("mirror.max-buffered-bytes", "128MiB");
    p.put("mirror.headers.forward-sensitive", "true");
    p.put("mirror.drain-timeout", "1500ms");
    p.put("mirror.target.v2.url", "http://model-v2:8080");
    p.put("mirror.target.v2.timeout", "250ms");
    p.put("mirror.target.v2.sample-rate", "0.5");
    p.put("mirror.target.v2.threads", "8");
    p.put("mirror.target.v2.queue-capacity", "100");
    p.put("mirror.target.v2.header.X-Api-Key", "secret");
    p.put("mirror.target.recorder.type", "Recording");
    p.put("mirror.target.recorder.path", "/tmp/x");
    p.put("unrelated.key", "ignored");

    MirrorConfig config = MirrorConfig.fromProperties(p);

    assertThat(config.sampleRate()).isEqualTo(0.25);
    assertThat(config.sampleKey()).isEqualTo("X-User");
    assertThat(config.methods()).containsExactly("POST", "GET");
    assertThat(config.include()).containsExactly("/predict/**", "/score");
    assertThat(config.exclude()).containsExactly("/predict/admin/*");
    assertThat(config.maxBodyBytes()).isEqualTo(512 * 1024);
    assertThat(config.maxResponseBytes()).isEqualTo(2 << 20);
    assertThat(config.maxBufferedBytes()).isEqualTo(128L << 20);
    assertThat(config.forwardSensitiveHeaders()).isTrue();
    assertThat(config.drainTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.targets().keySet()).containsExactly("v2", "recorder");
    TargetConfig v2 = config.targets().get("v2");
    assertThat(v2.type()).isEqualTo("http");
    assertThat(v2.settings()).containsExactly(Map.entry("url", "http://model-v2:8080"));
    assertThat(v2.timeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(v2.sampleRate()).isEqualTo(0.5);
    assertThat(v2.threads()).isEqualTo(8);
    assertThat(v2.queueCapacity()).isEqualTo(100);
    assertThat(v2.headers()).containsExactly(Map.entry("X-Api-Key", "secret"));
    TargetConfig recorder = config.targets().get("recorder");
    assertThat(recorder.type()).isEqualTo("recording");
    assertThat(recorder.settings()).containsExactly(Map.entry("path", "/tmp/x"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "mirror.enabled|yes|mirror.enabled=yes: must be true or false",
        "mirror.sample-rate|1.5|mirror.sample-rate=1.5: must be between 0 and 1",
        "mirror.sample-rate|-0.1|mirror.sample-rate=-0.1: must be between 0 and 1",
        "mirror.sample-rate|half|mirror.sample-rate=half: must be a number between 0 and 1",
        "mirror.sample-key|X User|mirror.sample-key=X User: is not a valid header name",
        "mirror.methods|GET,P0ST|mirror.methods=P0ST: is not an HTTP method name",
        "mirror.include|predict/**|mirror.include=predict/**: must start with / or *",
        "mirror.exclude|admin|mirror.exclude=admin: must start with / or *",
        "mirror.max-body-bytes|lots|mirror.max-body-bytes=lots: must be a size such as 65536, 512KiB or 1MiB",
        "mirror.max-body-bytes|4GiB|mirror.max-body-bytes=4GiB: must be from 0 to 2147483639 bytes",
        "mirror.max-response-bytes|-1|mirror.max-response-bytes=-1: must be a size such as 65536, 512KiB or 1MiB",
        "mirror.max-buffered-bytes|0|mirror.max-buffered-bytes=0: must be from 1 to 9223372036854775807 bytes",
        "mirror.max-buffered-bytes|2MiB|mirror.max-buffered-bytes=2097152: must hold at least one largest copy: mirror.max-body-bytes + mirror.max-response-bytes + 1 KiB = 2098176",
        "mirror.max-buffered-bytes|99999999999999999999|mirror.max-buffered-bytes=99999999999999999999: is too large",
        "mirror.headers.forward-sensitive|1|mirror.headers.forward-sensitive=1: must be true or false",
        "mirror.drain-timeout|5|mirror.drain-timeout=5: must be a duration such as 250ms, 2s, 1m or PT2S",
        "mirror.drain-timeout|0s|mirror.drain-timeout=0s: must be positive",
        "mirror.target.v2.timeout|fast|mirror.target.v2.timeout=fast: must be a duration such as 250ms, 2s, 1m or PT2S",
        "mirror.target.v2.sample-rate|2|mirror.target.v2.sample-rate=2: must be between 0 and 1",
        "mirror.target.v2.threads|0|mirror.target.v2.threads=0: must be from 1 to 256",
        "mirror.target.v2.threads|many|mirror.target.v2.threads=many: must be a whole number from 1 to 256",
        "mirror.target.v2.queue-capacity|0|mirror.target.v2.queue-capacity=0: must be from 1 to 1000000",
        "mirror.target.v2.header.Bad Name|x|mirror.target.v2.header.Bad Name=<hidden, 1 char>: has an invalid header name",
        "mirror.target.v2.type|' '|mirror.target.v2.type= : must not be blank",
        "mirror.target.v3.url|http://x|mirror.target.v3.url=http://x: configures target v3, which mirror.targets does not list",
        "mirror.target.v2|http://x|mirror.target.v2=http://x: is not a known key: target keys are mirror.target.<name>.<key>",
        "mirror.max-body-byte|1|mirror.max-body-byte=1: is not a known key (see docs/configuration.md); did you mean mirror.max-body-bytes?",
        "mirror.sample_rate|1|mirror.sample_rate=1: is not a known key (see docs/configuration.md); did you mean mirror.sample-rate?",
        "mirror.smaple-rate|1|mirror.smaple-rate=1: is not a known key (see docs/configuration.md); did you mean mirror.sample-rate?",
        "mirror.drain-timout|1s|mirror.drain-timout=1s: is not a known key (see docs/configuration.md); did you mean mirror.drain-timeout?",
        "mirror.colour|red|mirror.colour=red: is not a known key (see docs/configuration.md)",
      })
  void fromProperties_badValue_failsNamingKeyAndValue(String key, String value, String message) {
    Map<String, String> p = new HashMap<>();
    p.put("mirror.targets", "v2");
    p.put(key, value);
    assertThatThrownBy(() -> MirrorConfig.fromProperties(p))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(message);
  }

  @Test
  void fromProperties_targetListedTwice_fails() {
    assertThatThrownBy(() -> MirrorConfig.fromProperties(Map.of("mirror.targets", "v2,v2")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("mirror.targets=v2,v2: names target v2 twice");
  }

  @Test
  void fromProperties_badTargetName_fails() {
    assertThatThrownBy(() -> MirrorConfig.fromProperties(Map.of("mirror.targets", "v2.1")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("mirror.targets=v2.1: target names are 1 to 64 letters, digits, _ or -");
  }

  @Test
  void build_budgetSmallerThanOneLargestCopy_fails() {
    assertThatThrownBy(
            () ->
                MirrorConfig.fromProperties(
                    Map.of("mirror.max-body-bytes", "2MiB", "mirror.max-buffered-bytes", "3MiB")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "mirror.max-buffered-bytes=3145728: must hold at least one largest copy: "
                + "mirror.max-body-bytes + mirror.max-response-bytes + 1 KiB = 3146752");
  }

  @ParameterizedTest
  @CsvSource({"250ms,250", "2s,2000", "1.5s,1500", "1m,60000", "1h,3600000", "PT0.1S,100"})
  void durations_parse(String text, long millis) {
    MirrorConfig config = MirrorConfig.fromProperties(Map.of("mirror.drain-timeout", text));
    assertThat(config.drainTimeout()).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @CsvSource({
    "0,0",
    "100,100",
    "1k,1024",
    "1KiB,1024",
    "1kb,1000",
    "1MB,1000000",
    "1MiB,1048576",
    "1g,1073741824"
  })
  void sizes_parse(String text, long bytes) {
    MirrorConfig config =
        MirrorConfig.fromProperties(
            Map.of("mirror.max-buffered-bytes", "4GiB", "mirror.max-response-bytes", text));
    assertThat(config.maxResponseBytes()).isEqualTo(bytes);
  }

  @Test
  void withOverrides_systemPropertiesThenEnvironmentWin() {
    Map<String, String> base =
        Map.of(
            "mirror.targets", "v2",
            "mirror.sample-rate", "0.1",
            "mirror.target.v2.url", "http://base",
            "mirror.methods", "GET");
    Properties system = new Properties();
    system.setProperty("mirror.sample-rate", "0.2");
    system.setProperty("mirror.target.v2.url", "http://system");
    system.setProperty("java.version", "ignored");
    Map<String, String> env =
        Map.of(
            "MIRROR_TARGET_V2_URL", "http://env",
            "MIRROR_MAX_BODY_BYTES", "1k",
            "PATH", "/bin");

    Map<String, String> merged = ConfigParser.withOverrides(base, system, env);

    assertThat(merged)
        .containsEntry("mirror.sample-rate", "0.2")
        .containsEntry("mirror.target.v2.url", "http://env")
        .containsEntry("mirror.max-body-bytes", "1k")
        .containsEntry("mirror.methods", "GET")
        .doesNotContainKey("java.version");
    assertThat(MirrorConfig.fromProperties(merged).maxBodyBytes()).isEqualTo(1024);
  }

  @Test
  void envName_isUpperSnakeCase() {
    assertThat(ConfigParser.envName("mirror.target.v2.queue-capacity"))
        .isEqualTo("MIRROR_TARGET_V2_QUEUE_CAPACITY");
  }

  @Test
  void toBuilder_roundTrips() {
    MirrorConfig config =
        MirrorConfig.builder()
            .methods(List.of("POST"))
            .include(List.of("/a/**"))
            .target(TargetConfig.builder("v2").url("http://x").header("X-K", "v").build())
            .build();
    MirrorConfig copy = config.toBuilder().build();
    assertThat(copy.methods()).isEqualTo(Set.of("POST"));
    assertThat(copy.include()).containsExactly("/a/**");
    assertThat(copy.targets().get("v2").headers()).containsEntry("X-K", "v");
    assertThat(copy.targets().get("v2").toBuilder().build().settings())
        .containsEntry("url", "http://x");
  }

  @Test
  void targetHeader_withNewline_isRejectedWithoutEchoingIt() {
    assertThatThrownBy(() -> TargetConfig.builder("v2").header("X-K", "a\r\nInjected: 1"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("mirror.target.v2.header.X-K=<hidden, 14 chars>: must not contain CR or LF");
  }
}

package dev.trafficmirror.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayerMainTest {
  @Test
  void filesThenPairs_laterWins_thenSystemProperties_thenEnvironment(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("replayer.properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "mirror.replayer.uri=redis://file:6379",
            "mirror.replayer.stream=from-file",
            "mirror.targets=v2",
            "mirror.target.v2.url=http://file:8080",
            "mirror.compare.ignore=/ts"));
    Properties system = new Properties();
    system.setProperty("mirror.compare.ignore", "/from-system");
    system.setProperty("user.home", "/not/a/mirror/key");
    Map<String, String> env =
        Map.of(
            "MIRROR_TARGET_V2_URL", "http://env:8080",
            "MIRROR_REPLAYER_CONSUMER", "from-env",
            "MIRROR_REPLAYER_SIGNING_KEY", "a signing key from the environment",
            "MIRROR_SAMPLE_RATE", "0.5");

    Map<String, String> props =
        ReplayerMain.properties(
            new String[] {file.toString(), "mirror.replayer.stream=from-args"}, system, env);

    assertThat(props)
        .containsEntry("mirror.replayer.uri", "redis://file:6379")
        .containsEntry("mirror.replayer.stream", "from-args")
        .containsEntry("mirror.compare.ignore", "/from-system")
        .containsEntry("mirror.target.v2.url", "http://env:8080")
        .containsEntry("mirror.replayer.consumer", "from-env")
        .containsEntry("mirror.replayer.signing-key", "a signing key from the environment")
        .doesNotContainKey("user.home")
        // Only keys given, and the replayer's own, are looked up in the environment.
        .doesNotContainKey("mirror.sample-rate");
  }

  @Test
  void noArguments_orAnUnreadableFile_areRejected(@TempDir Path dir) {
    assertThatThrownBy(() -> ReplayerMain.properties(new String[0], new Properties(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no configuration given");
    assertThatThrownBy(
            () ->
                ReplayerMain.properties(
                    new String[] {dir.resolve("missing.properties").toString()},
                    new Properties(),
                    Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot read");
  }

  @Test
  void run_badConfiguration_printsNoSecret() throws Exception {
    String password = "pw-0123456789";
    String headerValue = "static-0123456789";
    String badUri =
        run(
            "mirror.replayer.uri=redis://app:" + password + "@re dis:6379",
            "mirror.replayer.stream=s");
    assertThat(badUri)
        .contains("mirror.replayer.uri=redis://app:***@re dis:6379: is not a valid URI")
        .doesNotContain(password);
    String badHeader =
        run(
            "mirror.replayer.uri=redis://app:" + password + "@127.0.0.1:6379",
            "mirror.replayer.stream=s",
            "mirror.targets=v2",
            "mirror.target.v2.url=http://127.0.0.1:9",
            "mirror.target.v2.header.Authorization=" + headerValue + "\n");
    assertThat(badHeader)
        .contains("mirror.target.v2.header.Authorization=<hidden, 18 chars>")
        .doesNotContain(headerValue)
        .doesNotContain(password);
  }

  /** Runs the command line, which must fail on its configuration; returns what it printed. */
  private static String run(String... args) throws InterruptedException {
    PrintStream original = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      assertThat(ReplayerMain.run(args)).isEqualTo(2);
    } finally {
      System.setErr(original);
    }
    return printed.toString(StandardCharsets.UTF_8);
  }
}

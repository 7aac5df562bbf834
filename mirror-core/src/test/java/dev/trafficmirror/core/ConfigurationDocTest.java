package dev.trafficmirror.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.core.config.ConfigKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md} says what the key table says: every key has its row, word for word
 * ({@link ConfigKey#docRow()}), and the reference has no row for a key that does not exist.
 */
class ConfigurationDocTest {
  private static final Path DOC = Path.of("..", "docs", "configuration.md");

  @Test
  void everyKeyHasItsRow_wordForWord() throws IOException {
    List<String> rows = keyRows();
    for (ConfigKey<?, ?> key : MirrorKeys.all()) {
      assertThat(rows)
          .as("the row of %s in %s (generated from MirrorKeys)", key, DOC)
          .contains(key.docRow());
    }
  }

  @Test
  void everyRowIsAKey() throws IOException {
    Set<String> names = MirrorKeys.all().stream().map(ConfigKey::name).collect(Collectors.toSet());
    for (String row : keyRows()) {
      if (row.startsWith("| `mirror.replayer.") || row.contains("| `redis-stream` type: ")) {
        // Defined, and checked, by mirror-redis.
        continue;
      }
      String name = row.substring(3, row.indexOf('`', 3));
      assertThat(names)
          .as("%s documents a key that MirrorKeys does not define", DOC)
          .contains(name);
    }
  }

  @Test
  void targetKeysAreNamedPerTarget_andSecretsAreMarked() {
    assertThat(MirrorKeys.TIMEOUT.name("v2")).isEqualTo("mirror.target.v2.timeout");
    assertThat(MirrorKeys.TIMEOUT.relativeName()).isEqualTo("timeout");
    assertThat(MirrorKeys.TARGET_HEADER.isSecret()).isTrue();
    assertThat(MirrorKeys.SAMPLE_RATE.isSecret()).isFalse();
  }

  private static List<String> keyRows() throws IOException {
    return Files.readAllLines(DOC, StandardCharsets.UTF_8).stream()
        .filter(l -> l.startsWith("| `mirror."))
        .toList();
  }
}

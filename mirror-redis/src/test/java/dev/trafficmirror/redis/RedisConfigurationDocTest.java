package dev.trafficmirror.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.core.config.ConfigKey;
import dev.trafficmirror.redis.internal.RedisStreamTargetProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/redis.md} says what the key tables of {@code mirror-redis} say: every replayer and
 * {@code redis-stream} key has its row, word for word ({@link ConfigKey#docRow()}), and the doc has
 * no such row for a key that does not exist.
 */
class RedisConfigurationDocTest {
  private static final Path DOC = Path.of("..", "docs", "redis.md");
  private static final String REPLAYER_ROW = "| `mirror.replayer.";
  private static final String TARGET_ROW = "| `mirror.target.<name>.";

  @Test
  void everyKeyHasItsRow_wordForWord() throws IOException {
    List<String> rows = keyRows();
    for (ConfigKey<?, ?> key : keys()) {
      assertThat(rows)
          .as("the row of %s in %s (generated from ReplayerKeys, RedisStreamKeys)", key, DOC)
          .contains(key.docRow());
    }
  }

  @Test
  void everyRowIsAKey() throws IOException {
    Set<String> names = keys().stream().map(ConfigKey::name).collect(Collectors.toSet());
    List<String> rows = keyRows();
    assertThat(rows).hasSize(names.size());
    for (String row : rows) {
      String name = row.substring(3, row.indexOf('`', 3));
      assertThat(names)
          .as("%s documents a key that ReplayerKeys and RedisStreamKeys do not define", DOC)
          .contains(name);
    }
  }

  @Test
  void secretsAreMarked_andTheProviderNamesItsKeysFromTheTable() {
    // A URI is not secret as a whole: the messages mask its password (redis://user:***@host).
    assertThat(ReplayerKeys.ALL.stream().filter(ConfigKey::isSecret))
        .containsExactly(ReplayerKeys.SIGNING_KEY);
    assertThat(RedisStreamKeys.ALL.stream().filter(ConfigKey::isSecret))
        .containsExactly(RedisStreamKeys.SIGNING_KEY);
    assertThat(ReplayerKeys.names()).allMatch(k -> k.startsWith(ReplayerConfig.PREFIX));
    assertThat(RedisStreamKeys.MAXLEN.name("queue")).isEqualTo("mirror.target.queue.maxlen");
    assertThat(new RedisStreamTargetProvider().keys())
        .containsExactly("uri", "stream", "signing-key", "maxlen");
  }

  private static List<ConfigKey<?, ?>> keys() {
    List<ConfigKey<?, ?>> keys = new ArrayList<>(ReplayerKeys.ALL);
    keys.addAll(RedisStreamKeys.ALL);
    return keys;
  }

  private static List<String> keyRows() throws IOException {
    return Files.readAllLines(DOC, StandardCharsets.UTF_8).stream()
        .filter(l -> l.startsWith(REPLAYER_ROW) || l.startsWith(TARGET_ROW))
        .toList();
  }
}

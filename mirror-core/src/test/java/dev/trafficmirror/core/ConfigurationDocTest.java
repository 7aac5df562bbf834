package dev.trafficmirror.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps docs/configuration.md in step with the parser: every key it knows is documented. */
class ConfigurationDocTest {

  @Test
  void everyKeyTheParserKnows_isDocumented() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
    for (String key : ConfigParser.GLOBAL_KEYS) {
      assertThat(doc).as("docs/configuration.md documents " + key).contains("| `" + key + "` |");
    }
    for (String key : ConfigParser.TARGET_KEYS) {
      assertThat(doc).contains("| `mirror.target.<name>." + key + "` |");
    }
    for (String key : ConfigParser.SHIPPED_PROVIDER_KEYS) {
      assertThat(doc).contains("| `mirror.target.<name>." + key + "` |");
    }
    assertThat(doc).contains("| `mirror.target.<name>.header.<Header-Name>` |");
    assertThat(doc).contains("| `mirror.target.<name>.compare.<key>` |");
    assertThat(doc).contains("| `mirror.compare.tolerance.<json-pointer>` |");
    for (String key : CompareKeys.KEYS) {
      assertThat(doc).contains("| `mirror.compare." + key + "` |");
    }
    assertThat(doc).contains("| `mirror.target.<name>.max-response-bytes` |");
  }
}

package dev.trafficmirror.dropwizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MirrorFactoryTest {

  @Test
  void statusKeysAndSeed_reachTheConfig_andToStringNeverShowsAValue() {
    MirrorFactory factory = new MirrorFactory();
    factory.set("sample-seed", "deployment-secret-0123456789");
    factory.set("status", Map.of("allow-remote", true, "show-bodies", "true"));

    assertThat(factory.config().sampleSeed()).isEqualTo("deployment-secret-0123456789");
    assertThat(factory.config().statusAllowRemote()).isTrue();
    assertThat(factory.config().statusShowBodies()).isTrue();
    assertThat(factory.toString()).contains("sample-seed").doesNotContain("deployment-secret");
  }
}

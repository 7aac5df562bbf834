package dev.trafficmirror.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.MirrorConfig;
import dev.trafficmirror.spi.InvalidConfigException;
import dev.trafficmirror.spring.boot.MirrorAutoConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The auto-configuration in real application contexts: switched off, bad values, relaxed forms. */
class MirrorAutoConfigurationIT {
  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(MirrorAutoConfiguration.class));

  @Test
  void enabledFalse_registersNothing() {
    runner
        .withPropertyValues(
            "mirror.enabled=false", "mirror.targets=v2", "mirror.target.v2.url=http://127.0.0.1:1")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(Mirror.class);
              assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
            });
  }

  @Test
  void badValue_failsStartNamingKeyAndValue() {
    runner
        .withPropertyValues("mirror.sample-rate=1.5")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .isInstanceOf(InvalidConfigException.class)
                  .hasMessage("mirror.sample-rate=1.5: must be between 0 and 1");
            });
  }

  @Test
  void misspeltKey_failsStartSuggestingTheKnownOne() {
    runner
        .withPropertyValues("mirror.smaple-rate=0.5")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessage(
                        "mirror.smaple-rate=0.5: is not a known key (see docs/configuration.md);"
                            + " did you mean mirror.sample-rate?"));
  }

  @Test
  void relaxedForms_andLists_reachTheParser() {
    runner
        .withPropertyValues(
            "mirror.maxBodyBytes=2KiB",
            "mirror.methods[0]=POST",
            "mirror.methods[1]=PUT",
            "mirror.targets=v2",
            "mirror.target.v2.url=http://127.0.0.1:1",
            "mirror.target.v2.sample_rate=0.25",
            "mirror.compare.tolerance./scores/*=1%",
            "mirror.filter.order=5")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              MirrorConfig config = context.getBean(Mirror.class).config();
              assertThat(config.maxBodyBytes()).isEqualTo(2048);
              assertThat(config.methods()).containsExactlyInAnyOrder("POST", "PUT");
              assertThat(config.targets().get("v2").sampleRate()).isEqualTo(0.25);
              assertThat(context.getBean(FilterRegistrationBean.class).getOrder()).isEqualTo(5);
            });
  }

  @Test
  void environmentVariables_bindByTheirSpringNames() {
    Map<String, Object> variables =
        Map.of(
            "MIRROR_SAMPLERATE",
            "0.5",
            "MIRROR_MAX_BODY_BYTES",
            "4KiB",
            "MIRROR_TARGETS",
            "v2",
            "MIRROR_TARGET_V2_URL",
            "http://127.0.0.1:1",
            "MIRROR_TARGET_V2_THREADS",
            "3");
    runner
        .withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new SystemEnvironmentPropertySource(
                            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                            variables)))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              MirrorConfig config = context.getBean(Mirror.class).config();
              assertThat(config.sampleRate()).isEqualTo(0.5);
              assertThat(config.maxBodyBytes())
                  .as("the library's own MIRROR_ form too")
                  .isEqualTo(4096);
              assertThat(config.targets().get("v2").threads()).isEqualTo(3);
            });
  }

  @Test
  void unknownFilterKey_failsStart() {
    runner
        .withPropertyValues("mirror.filter.ordr=5")
        .run(context -> assertThat(context).hasFailed());
  }

  @Test
  void configurationMetadata_listsEveryKeyTheParserReads() throws IOException {
    String metadata;
    try (InputStream in =
        MirrorAutoConfiguration.class.getResourceAsStream(
            "/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).isNotNull();
      metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (String key : MirrorConfig.globalKeys()) {
      assertThat(metadata).contains("\"name\": \"" + key + "\"");
    }
    assertThat(metadata)
        .contains(
            "\"name\": \"mirror.target\"",
            "\"name\": \"mirror.filter.order\"",
            "\"name\": \"mirror.filter.url-patterns\"");
  }
}

package dev.trafficmirror.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.InvalidConfigException;
import dev.trafficmirror.spi.ShadowResponse;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MirrorFilterTest {

  /**
   * The init-params of a filter registration; no servlet context (the filter does not need one).
   */
  private record Params(String name, Map<String, String> params) implements FilterConfig {
    @Override
    public String getFilterName() {
      return name;
    }

    @Override
    public ServletContext getServletContext() {
      return null;
    }

    @Override
    public String getInitParameter(String key) {
      return params.get(key);
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
      return Collections.enumeration(params.keySet());
    }
  }

  @Test
  void init_invalidValue_failsNamingTheKey() {
    MirrorFilter filter = new MirrorFilter();
    Params config =
        new Params(
            "mirror",
            Map.of(
                "mirror.targets",
                "v2",
                "mirror.target.v2.type",
                "closing",
                "mirror.sample-rate",
                "1.5"));

    assertThatThrownBy(() -> filter.init(config))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("mirror.sample-rate=1.5")
        .cause()
        .isInstanceOfSatisfying(
            InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("mirror.sample-rate"));
  }

  @Test
  void init_secretValues_neverInTheWrappedMessage() {
    Params header =
        new Params(
            "mirror",
            Map.of(
                "mirror.targets",
                "v2",
                "mirror.target.v2.url",
                "http://x",
                "mirror.target.v2.header.X-Api-Key",
                "key-0123456789\r\nX: 1"));
    assertThatThrownBy(() -> new MirrorFilter().init(header))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("mirror.target.v2.header.X-Api-Key=<hidden, 20 chars>")
        .hasMessageNotContaining("key-0123456789");
    Params uri =
        new Params(
            "mirror",
            Map.of(
                "mirror.targets",
                "v2",
                "mirror.target.v2.url",
                "http://user:pw-0123456789@shadow:8080/?q=1"));
    assertThatThrownBy(() -> new MirrorFilter().init(uri))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("http://user:***@shadow:8080/")
        .hasMessageNotContaining("pw-0123456789");
  }

  @Test
  void init_unknownKey_failsNamingTheKey() {
    Params config =
        new Params(
            "mirror",
            Map.of(
                "mirror.targets",
                "v2",
                "mirror.target.v2.type",
                "closing",
                "mirror.sampel-rate",
                "0.5"));

    assertThatThrownBy(() -> new MirrorFilter().init(config))
        .hasMessageContaining("mirror.sampel-rate");
  }

  @Test
  void init_noTarget_failsNamingMirrorTargets() {
    assertThatThrownBy(
            () -> new MirrorFilter().init(new Params("mirror", Map.of("other.param", "x"))))
        .hasMessageContaining("mirror.targets");
  }

  @Test
  void init_httpTargetWithoutUrl_failsNamingTheTargetKey() {
    assertThatThrownBy(
            () -> new MirrorFilter().init(new Params("mirror", Map.of("mirror.targets", "v2"))))
        .hasMessageContaining("mirror.target.v2.url");
  }

  @Test
  void destroy_closesTheMirrorItBuiltFromInitParams() throws Exception {
    MirrorFilter filter = new MirrorFilter();
    filter.init(
        new Params(
            "mirror", Map.of("mirror.targets", "owned", "mirror.target.owned.type", "closing")));
    assertThat(ClosingTargetProvider.CLOSED).doesNotContain("owned");

    filter.destroy();

    assertThat(ClosingTargetProvider.CLOSED).contains("owned");
  }

  @Test
  void destroy_leavesAGivenMirrorOpen() throws Exception {
    Mirror mirror =
        Mirror.builder()
            .target(
                "given",
                (request, timeout) -> ShadowResponse.of(200, Headers.empty(), Body.empty()))
            .build();
    MirrorFilter filter = MirrorFilter.create(mirror);
    filter.init(new Params("mirror", Map.of("mirror.targets", "ignored")));

    filter.destroy();

    assertThat(mirror.adapterProtocol().shouldMirror("GET", "/", name -> null))
        .as("still open")
        .isTrue();
    mirror.close();
    assertThat(mirror.adapterProtocol().shouldMirror("GET", "/", name -> null)).isFalse();
  }
}

package dev.trafficmirror.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trafficmirror.spi.InvalidConfigException;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MirrorStatusServletTest {

  /** The init-params of a servlet registration; no servlet context ({@code init} needs none). */
  private record Params(Map<String, String> params) implements ServletConfig {
    @Override
    public String getServletName() {
      return "status";
    }

    @Override
    public ServletContext getServletContext() {
      throw new UnsupportedOperationException("no servlet context in this test");
    }

    @Override
    public String getInitParameter(String name) {
      return params.get(name);
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
      return Collections.enumeration(params.keySet());
    }
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "refresh-seconds, soon",
    "refresh-seconds, -1",
    "refresh-seconds, 3601",
    "mirror.status.allow-remote, yes",
    "mirror.status.show-bodies, 1",
  })
  void init_invalidParameter_failsNamingTheKeyAndValue(String key, String value) {
    assertThatThrownBy(() -> new MirrorStatusServlet().init(new Params(Map.of(key, value))))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining(key + "=" + value)
        .cause()
        .isInstanceOfSatisfying(
            InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo(key));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "refresh-seconds, 0",
    "refresh-seconds, ' 3600 '",
    "mirror.status.allow-remote, TRUE",
    "mirror.status.show-bodies, false",
  })
  void init_validParameter_isAccepted(String key, String value) throws ServletException {
    new MirrorStatusServlet().init(new Params(Map.of(key, value)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      nullValues = "null",
      value = {
        "127.0.0.1, true",
        "127.1.2.3, true",
        "::1, true",
        "0:0:0:0:0:0:0:1, true",
        "[::1], true",
        "::1%lo, true",
        "::ffff:127.0.0.1, true",
        "10.0.0.1, false",
        "192.168.1.20, false",
        "203.0.113.7, false",
        "128.0.0.1, false",
        "::, false",
        "fe80::1%eth0, false",
        "2001:db8::1, false",
        "::ffff:10.0.0.1, false",
        "localhost, false",
        "127.0.0.1.example.com, false",
        "cafe:babe:zz, false",
        "'', false",
        "null, false",
      })
  void isLoopback_parsesLiteralsOnly(String address, boolean loopback) {
    assertThat(MirrorStatusServlet.isLoopback(address)).isEqualTo(loopback);
  }
}

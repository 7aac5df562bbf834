package dev.trafficmirror.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MirrorStatusServletTest {

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

package dev.trafficmirror.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InvalidConfigExceptionTest {
  @Test
  void message_namesKeyAndValue() {
    InvalidConfigException e =
        new InvalidConfigException("mirror.sample-rate", "1.5", "must be between 0 and 1");
    assertThat(e).hasMessage("mirror.sample-rate=1.5: must be between 0 and 1");
    assertThat(e.value()).isEqualTo("1.5");
  }

  @Test
  void uriPassword_masked_userAndHostKept() {
    InvalidConfigException e =
        new InvalidConfigException(
            "mirror.replayer.uri", "redis://app:s3cr3t-pw@redis.local:6379/2", "is wrong");
    assertThat(e).hasMessage("mirror.replayer.uri=redis://app:***@redis.local:6379/2: is wrong");
    assertThat(e.value()).doesNotContain("s3cr3t-pw");
  }

  @Test
  void uriPassword_withAtSignsSpacesOrNoUser_maskedWhole() {
    assertThat(InvalidConfigException.shown("mirror.target.s.uri", "redis://:pa@ss w0rd@h:1"))
        .isEqualTo("redis://:***@h:1");
    assertThat(InvalidConfigException.shown("mirror.target.s.uri", "rediss://onlypassword@h:1"))
        .isEqualTo("rediss://***@h:1");
    assertThat(
            InvalidConfigException.withoutPasswords("a redis://u:p1@h and http://v:p2@g/x?y=z@w"))
        .isEqualTo("a redis://u:***@h and http://v:***@g/x?y=z@w");
    assertThat(InvalidConfigException.shown("mirror.target.s.url", "http://shadow:8080/"))
        .isEqualTo("http://shadow:8080/");
  }

  @Test
  void secretLookingKeys_valueHidden_lengthShown() {
    String secret = "0123456789abcdef01234567";
    for (String key :
        new String[] {
          "mirror.target.v2.header.X-Api-Key",
          "mirror.target.v2.header.Accept",
          "mirror.replayer.signing-key",
          "mirror.target.s.signing-key",
          "mirror.target.v2.password",
          "mirror.client-secret",
          "mirror.x.api_key",
          "mirror.target.v2.token"
        }) {
      InvalidConfigException e = new InvalidConfigException(key, secret, "is wrong");
      assertThat(e).hasMessage(key + "=<hidden, 24 chars>: is wrong");
      assertThat(e.value()).isEqualTo("<hidden, 24 chars>");
    }
  }

  @Test
  void missingValue_noValueShown() {
    assertThat(new InvalidConfigException("mirror.targets", null, "is required"))
        .hasMessage("mirror.targets is required");
  }
}

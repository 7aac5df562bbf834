package dev.trafficmirror.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.InvalidConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SensitiveDataTest {
  private final SensitiveData defaults = SensitiveData.defaults();

  @Test
  void defaults_coverTheWellKnownCredentialHeaders_anyCase() {
    for (String name :
        List.of(
            "authorization",
            "PROXY-AUTHORIZATION",
            "Cookie",
            "set-cookie",
            "x-api-key",
            "X-Auth-Token",
            "x-csrf-token",
            "X-AMZ-SECURITY-TOKEN")) {
      assertThat(defaults.isSensitiveHeader(name)).as(name).isTrue();
    }
    assertThat(defaults.isSensitiveHeader("Accept")).isFalse();
    assertThat(defaults.isSensitiveQueryParam("X-AMZ-SIGNATURE")).isTrue();
    assertThat(defaults.isSensitiveQueryParam("q")).isFalse();
  }

  @Test
  void configuredNames_areMergedWithTheDefaults() {
    SensitiveData policy =
        SensitiveData.builder()
            .headers(List.of(" X-Tenant-Key "))
            .queryParams(List.of("OTP"))
            .build();
    assertThat(policy.isSensitiveHeader("x-tenant-key")).isTrue();
    assertThat(policy.isSensitiveHeader("Authorization")).isTrue();
    assertThat(policy.isSensitiveQueryParam("otp")).isTrue();
    assertThat(policy.isSensitiveQueryParam("access_token")).isTrue();
    assertThat(policy.headers()).startsWith("authorization").endsWith("x-tenant-key");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "a=1&b=2|a=1&b=2",
        "token=abc|token=REDACTED",
        "a=1&token=abc&b=2|a=1&token=REDACTED&b=2",
        "TOKEN=abc&Access_Token=x%20y|TOKEN=REDACTED&Access_Token=REDACTED",
        "to%6Ben=abc&api%5Fkey=k|to%6Ben=REDACTED&api%5Fkey=REDACTED",
        "token&token=&x=1|token&token=REDACTED&x=1",
        "&&token=a=b&&|&&token=REDACTED&&",
        "q=token%3Dabc&sig=s;x=1|q=token%3Dabc&sig=REDACTED",
        "a=%zz&password=p|a=%zz&password=REDACTED",
      })
  void redactQuery_replacesSensitiveValues_keepsEveryOtherByte(String query, String expected) {
    assertThat(defaults.redactQuery(query)).isEqualTo(expected);
  }

  @Test
  void redactQuery_nothingSensitive_sameInstance_nullStaysNull() {
    String query = "a=1&b=2";
    assertThat(defaults.redactQuery(query)).isSameAs(query);
    assertThat(defaults.redactQuery(null)).isNull();
  }

  @Test
  void redactHeaders_marksEveryValue_keepsNamesAndOrder() {
    Headers headers =
        Headers.builder()
            .add("Accept", "*/*")
            .add("Cookie", "a=1")
            .add("cookie", "b=2")
            .add("X-Api-Key", "k")
            .build();
    Headers redacted = defaults.redactHeaders(headers);
    assertThat(redacted.names()).containsExactly("Accept", "Cookie", "X-Api-Key");
    assertThat(redacted.toMap())
        .isEqualTo(
            Map.of(
                "Accept",
                List.of("*/*"),
                "Cookie",
                List.of("REDACTED", "REDACTED"),
                "X-Api-Key",
                List.of("REDACTED")));
    assertThat(defaults.withoutSensitiveHeaders(headers).names()).containsExactly("Accept");
    Headers plain = Headers.builder().add("Accept", "*/*").build();
    assertThat(defaults.redactHeaders(plain)).isSameAs(plain);
  }

  @Test
  void badNames_failNamingTheKey() {
    assertThatThrownBy(() -> SensitiveData.builder().headers(List.of("Bad Name")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("mirror.sensitive-headers=Bad Name: is not a valid header name");
    assertThatThrownBy(() -> SensitiveData.builder().queryParams(List.of("a=b")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("mirror.sensitive-query-params=a=b: ");
    assertThatThrownBy(() -> SensitiveData.builder().jsonPointers(List.of("password")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("mirror.redact.json-pointers=password: ");
  }

  @Test
  void config_readsTheKeys_andTheTargetOverride() {
    MirrorConfig config =
        MirrorConfig.fromProperties(
            Map.of(
                "mirror.targets", "a,b",
                "mirror.target.a.url", "http://a",
                "mirror.target.b.url", "http://b",
                "mirror.target.b.headers.forward-sensitive", "true",
                "mirror.sensitive-headers", "X-One, X-Two",
                "mirror.sensitive-query-params", "session",
                "mirror.redact.json-pointers", "/password,/users/*/email"));
    assertThat(config.sensitiveData().isSensitiveHeader("x-two")).isTrue();
    assertThat(config.sensitiveData().isSensitiveQueryParam("SESSION")).isTrue();
    assertThat(config.sensitiveData().jsonPointers())
        .containsExactly("/password", "/users/*/email");
    assertThat(config.forwardSensitiveHeaders()).isFalse();
    assertThat(config.targets().get("a").forwardSensitiveHeaders()).isNull();
    assertThat(config.targets().get("a").forwardsSensitiveHeaders(false)).isFalse();
    assertThat(config.targets().get("b").forwardsSensitiveHeaders(false)).isTrue();
    assertThat(config.toBuilder().build().sensitiveData().headers())
        .isEqualTo(config.sensitiveData().headers());
    assertThat(MirrorConfig.fromProperties(Map.of()).sensitiveData().headers())
        .isEqualTo(defaults.headers());
    assertThatThrownBy(
            () ->
                MirrorConfig.fromProperties(
                    Map.of(
                        "mirror.targets",
                        "a",
                        "mirror.target.a.url",
                        "http://a",
                        "mirror.target.a.headers.forward-sensitive",
                        "yes")))
        .hasMessage("mirror.target.a.headers.forward-sensitive=yes: must be true or false");
  }
}

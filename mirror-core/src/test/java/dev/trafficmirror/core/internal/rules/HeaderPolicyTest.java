package dev.trafficmirror.core.internal.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.core.SensitiveData;
import dev.trafficmirror.spi.Headers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderPolicyTest {
  private static final Headers CLIENT =
      Headers.builder()
          .add("Host", "prod.example.com")
          .add("Content-Type", "application/json")
          .add("Content-Length", "12")
          .add("Accept", "application/json")
          .add("Accept", "text/plain")
          .add("Connection", "keep-alive, X-Hop")
          .add("X-Hop", "1")
          .add("Keep-Alive", "timeout=5")
          .add("Transfer-Encoding", "chunked")
          .add("TE", "trailers")
          .add("Upgrade", "h2c")
          .add("Expect", "100-continue")
          .add("Authorization", "Bearer secret")
          .add("Proxy-Authorization", "Basic x")
          .add("Cookie", "session=1")
          .add("X-Api-Key", "client-key")
          .add("X-Mirror-Id", "forged")
          .add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
          .build();

  @Test
  void apply_removesHopByHopAndCredentials_addsMarker() {
    Headers out = new HeaderPolicy(SensitiveData.defaults(), false).apply(CLIENT, "m-1", Map.of());

    assertThat(out.names()).containsExactly("Content-Type", "Accept", "traceparent", "X-Mirror-Id");
    assertThat(out.all("accept")).containsExactly("application/json", "text/plain");
    assertThat(out.all("X-Mirror-Id")).containsExactly("m-1");
  }

  @Test
  void apply_forwardSensitive_keepsCredentials() {
    Headers out = new HeaderPolicy(SensitiveData.defaults(), true).apply(CLIENT, "m-1", Map.of());
    assertThat(out.first("Authorization")).isEqualTo("Bearer secret");
    assertThat(out.first("Proxy-Authorization")).isEqualTo("Basic x");
    assertThat(out.first("Cookie")).isEqualTo("session=1");
    assertThat(out.contains("Host")).isFalse();
    assertThat(out.contains("Connection")).isFalse();
  }

  @Test
  void apply_configuredSensitiveHeader_removedUnlessForwarded() {
    SensitiveData policy = SensitiveData.builder().headers(List.of("ACCEPT")).build();
    assertThat(new HeaderPolicy(policy, false).apply(CLIENT, "m-1", Map.of()).contains("Accept"))
        .isFalse();
    Headers forwarded = new HeaderPolicy(policy, true).apply(CLIENT, "m-1", Map.of());
    assertThat(forwarded.all("Accept")).containsExactly("application/json", "text/plain");
    assertThat(forwarded.first("X-Api-Key")).isEqualTo("client-key");
  }

  @Test
  void apply_targetHeadersReplaceClientOnes() {
    Headers out =
        new HeaderPolicy(SensitiveData.defaults(), false)
            .apply(
                CLIENT, "m-1", Map.of("X-Api-Key", "shadow-key", "Authorization", "Bearer shadow"));
    assertThat(out.all("x-api-key")).containsExactly("shadow-key");
    assertThat(out.all("authorization")).containsExactly("Bearer shadow");
  }

  @Test
  void apply_keepsClientOrderAndSpelling_andLeavesClientHeadersAlone() {
    Headers before = CLIENT.toBuilder().build();
    Headers out =
        new HeaderPolicy(SensitiveData.defaults(), true)
            .apply(CLIENT, "m-1", Map.of("Accept", "*/*"));

    assertThat(out.names())
        .containsExactly(
            "Content-Type",
            "Authorization",
            "Proxy-Authorization",
            "Cookie",
            "X-Api-Key",
            "traceparent",
            "Accept",
            "X-Mirror-Id");
    assertThat(CLIENT).isEqualTo(before);
    assertThat(CLIENT.names()).contains("Host", "Connection", "X-Hop").hasSize(17);
    assertThat(CLIENT.all("X-Mirror-Id")).containsExactly("forged");
  }

  @Test
  void apply_connectionOptions_anyCaseSpacesAndEmptyOptions() {
    Headers client =
        Headers.builder()
            .add("connection", "close, ,X-ONE ")
            .add("Connection", "x-two,")
            .add("X-One", "1")
            .add("x-two", "2")
            .add("X-Three", "3")
            .add("Close", "not really a header")
            .build();
    Headers out = new HeaderPolicy(SensitiveData.defaults(), false).apply(client, "m-1", Map.of());
    assertThat(out.names()).containsExactly("X-Three", "X-Mirror-Id");
  }

  @Test
  void builder_holdsWhatApplyReturns() {
    HeaderPolicy policy = new HeaderPolicy(SensitiveData.defaults(), false);
    Map<String, String> target = Map.of("X-Api-Key", "shadow-key");
    assertThat(policy.builder(CLIENT, "m-1", target).build())
        .isEqualTo(policy.apply(CLIENT, "m-1", target));
    assertThat(policy.builder(Headers.empty(), "m-2", Map.of()).build().toMap())
        .isEqualTo(Map.of("X-Mirror-Id", List.of("m-2")));
  }

  @Test
  void isSensitive_caseInsensitive() {
    assertThat(SensitiveData.defaults().isSensitiveHeader("COOKIE")).isTrue();
    assertThat(SensitiveData.defaults().isSensitiveHeader("Accept")).isFalse();
  }
}

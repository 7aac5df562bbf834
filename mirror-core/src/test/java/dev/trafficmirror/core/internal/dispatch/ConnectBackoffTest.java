package dev.trafficmirror.core.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConnectBackoffTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final ConnectBackoff backoff = new ConnectBackoff("v2", Duration.ofMinutes(1), now::get);

  @Test
  void aConnectFailureAnywhereInTheCauses_pauses_andTheReasonSaysWhyAndForHowLong() {
    assertThat(backoff.refusal()).isNull();
    backoff.failed(new IOException("send failed", new ConnectException("Connection refused")));
    assertThat(backoff.refusal())
        .hasMessage(
            "not sent: target v2 could not be connected to "
                + "(java.net.ConnectException: Connection refused); copies are sent again after a pause of 60000 ms");
  }

  @Test
  void furtherFailuresDoubleThePause_upTo50TimesTheFirst() {
    backoff.failed(new UnknownHostException("model-v2"));
    backoff.failed(new UnknownHostException("model-v2"));
    assertThat(backoff.refusal()).hasMessageEndingWith("after a pause of 120000 ms");
    for (int i = 0; i < 20; i++) {
      backoff.failed(new UnknownHostException("model-v2"));
    }
    assertThat(backoff.refusal()).hasMessageEndingWith("after a pause of 3000000 ms");
  }

  @Test
  void otherFailuresNeitherPauseNorEndAPause() {
    backoff.failed(new IOException("connection reset"));
    backoff.failed(new InterruptedException("deadline"));
    assertThat(backoff.refusal()).isNull();
    backoff.failed(new ConnectException("Connection refused"));
    backoff.failed(new IOException("connection reset"));
    assertThat(backoff.refusal()).isNotNull();
  }

  @Test
  void anAnswerEndsThePause_andTheNextFailureStartsAgainFromTheFirstPause() {
    backoff.failed(new ConnectException("Connection refused"));
    backoff.failed(new ConnectException("Connection refused"));
    backoff.answered();
    assertThat(backoff.refusal()).isNull();
    backoff.failed(new ConnectException("Connection refused"));
    assertThat(backoff.refusal()).hasMessageEndingWith("after a pause of 60000 ms");
  }

  @Test
  void thePauseEndsWhenItsTimeHasPassed_onTheTicker() {
    backoff.failed(new ConnectException("Connection refused"));
    now.addAndGet(Duration.ofSeconds(59).toNanos());
    assertThat(backoff.refusal()).as("59 s into a 60 s pause").isNotNull();
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(backoff.refusal()).as("after 60 s").isNull();
    // Still failing: the next pause is twice as long, from now.
    backoff.failed(new ConnectException("Connection refused"));
    now.addAndGet(Duration.ofSeconds(119).toNanos());
    assertThat(backoff.refusal()).as("119 s into a 120 s pause").isNotNull();
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(backoff.refusal()).isNull();
  }
}

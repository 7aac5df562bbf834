package dev.trafficmirror.core.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.core.TargetState;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Stop-after on an injected clock. */
class ExperimentControlTest {
  @Test
  void stopAfter_elapsesOnTheClock_resumeRestartsIt() {
    AtomicLong now = new AtomicLong(1_000);
    Map<String, Duration> stopAfter = new HashMap<>();
    stopAfter.put("v2", Duration.ofMinutes(10));
    stopAfter.put("v3", null);
    ExperimentControl control = new ExperimentControl(stopAfter, Map.of(), now::get);

    now.addAndGet(Duration.ofMinutes(10).toNanos() - 1);
    assertThat(control.admits("v2")).isTrue();
    now.incrementAndGet();
    assertThat(control.admits("v2")).isFalse();
    assertThat(control.state("v2")).isEqualTo(TargetState.STOPPED_AFTER_DURATION);
    assertThat(control.admits("v3")).isTrue();

    assertThat(control.resume("v2")).isTrue();
    assertThat(control.admits("v2")).isTrue();
    now.addAndGet(Duration.ofMinutes(10).toNanos());
    assertThat(control.state("v2")).isEqualTo(TargetState.STOPPED_AFTER_DURATION);
    assertThat(control.admits("unknown")).isFalse();
  }
}

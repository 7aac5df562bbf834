package dev.trafficmirror.spring.boot;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.OutcomeCounts;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The details of the {@code mirror} health contributor, the same on both Boot lines. Mirroring
 * never makes the application unhealthy: the status is always UP, and the details say what the
 * mirror is doing (targets, copies sent and not sent, buffered bytes). Stateless.
 */
final class MirrorHealth {
  private MirrorHealth() {}

  /**
   * Returns the details of {@code mirror}: per target the outcomes counted, and the budget in use.
   */
  static Map<String, Object> details(Mirror mirror) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("enabled", mirror.config().enabled());
    OutcomeCounts counts = mirror.outcomeCounts();
    Map<String, Object> targets = new LinkedHashMap<>();
    for (String target : mirror.config().targets().keySet()) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("outcomes", counts.total(target));
      t.put("queueDepth", mirror.queueDepth(target));
      targets.put(target, t);
    }
    details.put("targets", targets);
    details.put("bufferedBytes", mirror.bufferedBytes());
    details.put("maxBufferedBytes", mirror.config().maxBufferedBytes());
    return details;
  }
}

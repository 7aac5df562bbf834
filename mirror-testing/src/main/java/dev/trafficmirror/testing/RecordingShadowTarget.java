package dev.trafficmirror.testing;

import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.ShadowResponse;
import dev.trafficmirror.spi.ShadowTarget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;

/**
 * A shadow target that records every request it is sent, by the test id header each test request
 * carries, and answers {@code 200} with an empty body. Thread-safe.
 */
public final class RecordingShadowTarget implements ShadowTarget {
  private final Map<String, List<MirroredRequest>> byTestId = new ConcurrentHashMap<>();
  private final List<MirroredRequest> all = new CopyOnWriteArrayList<>();

  @Override
  public ShadowResponse send(MirroredRequest request, Duration timeout) {
    all.add(request);
    String id = request.headers().first(TestIds.HEADER);
    if (id != null) {
      byTestId.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(request);
    }
    return ShadowResponse.of(200, Headers.empty(), Body.empty());
  }

  /** Waits (up to 10 s) for the request of test {@code testId} and returns it. */
  public MirroredRequest await(String testId) {
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !received(testId).isEmpty());
    return received(testId).get(0);
  }

  /** Returns what was received for test {@code testId} so far. */
  public List<MirroredRequest> received(String testId) {
    return List.copyOf(byTestId.getOrDefault(testId, List.of()));
  }

  /** Returns every request received so far. */
  public List<MirroredRequest> all() {
    return List.copyOf(all);
  }
}

package dev.trafficmirror.core.capture;

import dev.trafficmirror.core.AdapterProtocol;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ProductionResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One mirrored request from the start of its capture to its hand-over, whatever the adapter: it
 * hands the copy to the mirror, or records why it is skipped, exactly once, whichever of
 * production's completion, a response interceptor, a listener or a failure gets there first.
 *
 * <p>Thread-safe: completion may be reported on another thread than the one that started it.
 */
public final class CaptureSession {
  private final AdapterProtocol protocol;
  private final MirroredRequest.Builder request;
  private final @Nullable Set<String> targets;
  private final long startNanos;
  private final AtomicBoolean finished = new AtomicBoolean();

  private CaptureSession(
      AdapterProtocol protocol, MirroredRequest.Builder request, @Nullable Set<String> targets) {
    this.protocol = protocol;
    this.request = request;
    this.targets = targets;
    this.startNanos = System.nanoTime();
  }

  /**
   * Starts capturing a request that {@link AdapterProtocol#shouldMirror} selected, for the named
   * {@code targets} ({@code null}: every target). Returns null, with the reason recorded, when it
   * will not be mirrored after all: its declared body is over {@code mirror.max-body-bytes} ({@code
   * SKIPPED_BODY_TOO_LARGE}), its header bytes are not known ({@code SKIPPED_CAPTURE_ERROR}, see
   * {@link CapturedHeaders}), or reading the request failed. Never throws for valid arguments.
   */
  public static @Nullable CaptureSession start(
      AdapterProtocol protocol, RequestView view, @Nullable Set<String> targets) {
    Objects.requireNonNull(protocol, "protocol");
    MirroredRequest.Builder builder = null;
    try {
      builder = protocol.newRequest(view.method(), view.path());
      Headers headers = view.headers();
      builder.rawQuery(view.rawQuery()).headers(headers);
      CaptureSession session = new CaptureSession(protocol, builder, targets);
      if (view.contentLength() > protocol.maxBodyBytes()) {
        session.skip(OutcomeKind.SKIPPED_BODY_TOO_LARGE);
        return null;
      }
      if (!CapturedHeaders.bytesKnown(headers)) {
        session.skip(OutcomeKind.SKIPPED_CAPTURE_ERROR);
        return null;
      }
      return session;
    } catch (Throwable t) {
      protocol.guard().failed("start", t);
      try {
        MirroredRequest skipped =
            builder != null
                ? builder.build()
                : MirroredRequest.builder(String.valueOf(view.method()), "/").build();
        protocol.skip(skipped, OutcomeKind.SKIPPED_CAPTURE_ERROR, targets);
      } catch (Throwable again) {
        CaptureGuard.rethrowIfFatal(again);
      }
      return null;
    }
  }

  /** Returns the mirror id of the copy. */
  public String id() {
    return request.id();
  }

  /** Returns the protocol the copy goes to. */
  public AdapterProtocol protocol() {
    return protocol;
  }

  /** Returns the guard through which capture failures are logged. */
  public CaptureGuard guard() {
    return protocol.guard();
  }

  /** Returns whether the copy has been handed over or skipped. */
  public boolean isFinished() {
    return finished.get();
  }

  /**
   * Hands the copy over with {@code body} and what {@code response} reads back, or records the
   * body's skip reason; only the first call of any finishing method counts. Never throws.
   */
  public void handOver(BodyCapture.Result body, ResponseView response) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    try {
      OutcomeKind skip = body.skip();
      Body captured = body.body();
      if (skip != null || captured == null) {
        protocol.skip(
            request.build(), skip != null ? skip : OutcomeKind.SKIPPED_CAPTURE_ERROR, targets);
        return;
      }
      ProductionResponse production =
          response.production(Duration.ofNanos(System.nanoTime() - startNanos));
      protocol.submit(request.body(captured).build(), production, targets);
    } catch (Throwable t) {
      guard().failed("hand over", t);
      protocol.skip(request.build(), OutcomeKind.SKIPPED_CAPTURE_ERROR, targets);
    }
  }

  /**
   * Records that the copy is not sent, for {@code reason} (a {@code SKIPPED_*} kind), unless
   * finished.
   */
  public void skip(OutcomeKind reason) {
    if (finished.compareAndSet(false, true)) {
      protocol.skip(request.build(), reason, targets);
    }
  }

  /**
   * Logs through the guard that capturing failed while doing {@code what}, and records the copy as
   * {@code SKIPPED_CAPTURE_ERROR} unless finished. Rethrows only a {@link VirtualMachineError}.
   */
  public void failed(String what, Throwable t) {
    guard().failed(what, t);
    skip(OutcomeKind.SKIPPED_CAPTURE_ERROR);
  }
}

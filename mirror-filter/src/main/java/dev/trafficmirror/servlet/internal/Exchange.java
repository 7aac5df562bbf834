package dev.trafficmirror.servlet.internal;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ProductionResponse;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Enumeration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One mirrored request from capture to hand-over: wraps the request and response, and when
 * production has completed (the filter chain returned, or for async requests the container
 * reported completion) hands the copy to the mirror exactly once, or records why it is skipped.
 *
 * <p>Thread-safe: completion may be reported on another thread than the one that started it.
 */
public final class Exchange implements AsyncListener {
  /**
   * The request attribute under which an exchange whose production answered through {@code
   * sendError} or an exception waits for what the container sends instead: the error page it
   * dispatches (captured by the filter on the {@code ERROR} dispatch), or its own error body. Set
   * when production returned, removed when the error page starts.
   */
  public static final String AWAITING_ERROR_PAGE_ATTRIBUTE = "dev.trafficmirror.servlet.awaitingErrorPage";

  /**
   * The servlet context attribute that says a {@code MirrorRequestListener} is registered: only
   * then may an exchange wait past production's return, since the listener's {@code
   * requestDestroyed} hands over a copy that no error page took.
   */
  public static final String LISTENER_ATTRIBUTE = "dev.trafficmirror.servlet.MirrorRequestListener";

  private final Mirror mirror;
  private final HttpServletRequest original;
  private final MirroredRequest.Builder request;
  private final long startNanos;
  private final CapturingRequest capturingRequest;
  private final CapturingResponse capturingResponse;
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile boolean listening;
  private volatile @Nullable CapturingAsyncContext asyncContext;
  private volatile @Nullable Throwable asyncFailure;
  /** While waiting for the error page: the request body, complete when production returned. */
  private volatile RequestBody.@Nullable Result awaitedBody;
  /** While waiting for the error page: what production threw, or null after {@code sendError}. */
  private volatile @Nullable Throwable awaitedThrown;
  /** The response the error page writes, captured, once the filter saw its {@code ERROR} dispatch. */
  private volatile @Nullable CapturingResponse errorPage;
  /** The container began another request scope (Jetty does, for its error page) while the copy waited. */
  private volatile boolean scopeBegan;

  private Exchange(Mirror mirror, HttpServletRequest original, HttpServletResponse response,
      MirroredRequest.Builder request, FormRules formRules, String capturedAttribute) {
    this.mirror = mirror;
    this.original = original;
    this.request = request;
    this.startNanos = System.nanoTime();
    this.capturingResponse =
        new CapturingResponse(response, mirror.config().maxResponseBytes(), this::beforeResponseCloses);
    this.capturingRequest = new CapturingRequest(original, this, formRules, mirror.config().maxBodyBytes(),
        capturedAttribute);
  }

  /**
   * Starts capturing a request {@code mirror} decided to mirror, marking it with {@code
   * capturedAttribute}; returns null, with the reason recorded, when it will not be mirrored after
   * all: its announced body is over {@code mirror.max-body-bytes}, or capture could not start.
   * Never throws.
   */
  public static @Nullable Exchange start(Mirror mirror, HttpServletRequest request, HttpServletResponse response,
      FormRules formRules, String capturedAttribute) {
    MirroredRequest.Builder builder = null;
    try {
      builder = mirror.newRequest(request.getMethod(), request.getRequestURI())
          .rawQuery(request.getQueryString())
          .headers(headers(request));
      if (request.getContentLengthLong() > mirror.config().maxBodyBytes()) {
        mirror.skip(builder.build(), OutcomeKind.SKIPPED_BODY_TOO_LARGE);
        return null;
      }
      Exchange exchange = new Exchange(mirror, request, response, builder, formRules, capturedAttribute);
      request.setAttribute(capturedAttribute, builder.id());
      return exchange;
    } catch (Throwable t) {
      CaptureFailures.rethrowIfFatal(t);
      CaptureFailures.log("start", t);
      skipQuietly(mirror, builder, request);
      return null;
    }
  }

  private static Headers headers(HttpServletRequest request) {
    Headers.Builder headers = Headers.builder();
    Enumeration<String> names = request.getHeaderNames();
    while (names != null && names.hasMoreElements()) {
      String name = names.nextElement();
      Enumeration<String> values = request.getHeaders(name);
      while (values != null && values.hasMoreElements()) {
        headers.add(name, values.nextElement());
      }
    }
    return headers.build();
  }

  private static void skipQuietly(Mirror mirror, MirroredRequest.@Nullable Builder builder, HttpServletRequest request) {
    try {
      MirroredRequest skipped = builder != null
          ? builder.build()
          : MirroredRequest.builder(String.valueOf(request.getMethod()), "/").build();
      mirror.skip(skipped, OutcomeKind.SKIPPED_CAPTURE_ERROR);
    } catch (Throwable t) {
      CaptureFailures.rethrowIfFatal(t);
    }
  }

  /** Returns the request production is given. */
  public HttpServletRequest request() {
    return capturingRequest;
  }

  /** Returns the response production is given. */
  public HttpServletResponse response() {
    return capturingResponse;
  }

  /**
   * Called when the filter chain returned or threw. A request that went async finishes when the
   * container reports completion; any other finishes now. Never throws.
   */
  public void productionReturned(@Nullable Throwable thrown) {
    try {
      if (asyncContext != null || original.isAsyncStarted()) {
        if (thrown != null) {
          asyncFailure = thrown;
        }
        if (!listening) {
          // Production started async on the container's request rather than the capturing one.
          original.getAsyncContext().addListener(this);
          listening = true;
        }
        return;
      }
    } catch (Throwable t) {
      CaptureFailures.rethrowIfFatal(t);
      CaptureFailures.log("async", t);
      fail();
      return;
    }
    if (!awaitErrorPage(thrown)) {
      finish(thrown, true);
    }
  }

  /**
   * When the container answers instead of production (after {@code sendError}, or an exception
   * before commit) and the request listener will report completion, keeps the copy until the error
   * page has been written; returns whether it does. Never throws.
   */
  private boolean awaitErrorPage(@Nullable Throwable thrown) {
    try {
      boolean containerAnswers = capturingResponse.errorSent() || (thrown != null && !capturingResponse.isCommitted());
      if (!containerAnswers || original.getServletContext().getAttribute(LISTENER_ATTRIBUTE) == null) {
        return false;
      }
      awaitedBody = capturingRequest.completeBody(true);
      awaitedThrown = thrown;
      original.setAttribute(AWAITING_ERROR_PAGE_ATTRIBUTE, this);
      return true;
    } catch (Throwable t) {
      CaptureFailures.rethrowIfFatal(t);
      CaptureFailures.log("await the error page", t);
      fail();
      return true;
    }
  }

  /**
   * Called by the filter on the {@code ERROR} dispatch of a request waiting for its error page;
   * returns the response the error page is given, which captures what it writes.
   */
  public HttpServletResponse errorPageStarts(HttpServletResponse response) {
    CapturingResponse page = new CapturingResponse(response, mirror.config().maxResponseBytes(), () -> {});
    errorPage = page;
    return page;
  }

  /** Called when the error page returned or threw {@code thrown}: hands the copy over. Never throws. */
  public void errorPageReturned(@Nullable Throwable thrown) {
    finishAwaited(thrown);
  }

  /** Called when the container begins a request scope for this waiting request (its error page, on Jetty). */
  public void requestScopeBegins() {
    scopeBegan = true;
  }

  /**
   * Called when the container ends a request scope of this waiting request; returns whether the
   * copy was handed over, with the error body the container wrote itself when no error page passed
   * the filter. Tomcat ends the scope after its error page; Jetty ends it before, and dispatches the
   * page in a scope of its own, so on Jetty a copy whose page is still to come keeps waiting. Never
   * throws.
   */
  public boolean requestScopeEnded() {
    try {
      if (errorPage == null && !scopeBegan && ErrorPages.jettyDispatchesLater(
          original.getServletContext(), capturingResponse.getStatus(), awaitedThrown)) {
        return false;
      }
    } catch (Throwable t) {
      CaptureFailures.rethrowIfFatal(t);
      CaptureFailures.log("look up the error page", t);
    }
    finishAwaited(null);
    return true;
  }

  private void finishAwaited(@Nullable Throwable pageThrown) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    try {
      RequestBody.Result body = java.util.Objects.requireNonNull(awaitedBody, "awaitedBody");
      Throwable thrown = awaitedThrown;
      CapturingResponse page = errorPage;
      if (page == null) {
        handOver(body, capturingResponse, thrown, null);
      } else {
        handOver(body, page, pageThrown, thrown == null ? null : thrown.getClass().getName());
      }
    } catch (Throwable t) {
      CaptureFailures.rethrowIfFatal(t);
      CaptureFailures.log("finish", t);
      mirror.skip(request.build(), OutcomeKind.SKIPPED_CAPTURE_ERROR);
    }
  }

  /** Records that production started async on the capturing request; returns the context it sees. */
  AsyncContext asyncStarted(AsyncContext started, boolean withoutArguments) {
    CapturingAsyncContext context = new CapturingAsyncContext(started, withoutArguments);
    asyncContext = context;
    if (!listening) {
      started.addListener(this);
      listening = true;
    }
    return context;
  }

  /** Returns the context production sees for the container's {@code context}. */
  AsyncContext asyncContext(AsyncContext context) {
    CapturingAsyncContext current = asyncContext;
    return current != null && current.delegate() == context ? current : context;
  }

  /** Reads the rest of the request body while the container still allows it; never throws. */
  private void beforeResponseCloses() {
    try {
      capturingRequest.drainBeforeResponseCloses();
    } catch (Throwable t) {
      CaptureFailures.rethrowIfFatal(t);
      CaptureFailures.log("read the rest of the body", t);
      capturingRequest.body().captureFailed();
    }
  }

  @Override
  public void onComplete(AsyncEvent event) {
    finish(asyncFailure, false);
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    // Unless another listener answers, the container writes an error response, past the capture;
    // it then completes the request, and onComplete follows.
    capturingResponse.containerWrites();
  }

  @Override
  public void onError(AsyncEvent event) {
    capturingResponse.containerWrites();
    Throwable failure = event.getThrowable();
    if (failure != null) {
      asyncFailure = failure;
    }
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    // Starting async again removes the listeners; stay registered until completion.
    AsyncContext context = event.getAsyncContext();
    if (context != null) {
      context.addListener(this);
    }
  }

  /**
   * Hands the copy to the mirror, or records why not; at most once. {@code mayBlock} allows reading
   * the body production left unread (on the request thread, not in async completion).
   */
  private void finish(@Nullable Throwable thrown, boolean mayBlock) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    try {
      handOver(capturingRequest.completeBody(mayBlock), capturingResponse, thrown, null);
    } catch (Throwable t) {
      CaptureFailures.rethrowIfFatal(t);
      CaptureFailures.log("finish", t);
      mirror.skip(request.build(), OutcomeKind.SKIPPED_CAPTURE_ERROR);
    }
  }

  /**
   * Hands the copy to the mirror with what {@code response} captured, or records why it is skipped;
   * {@code productionException} names what production threw before an error page answered.
   */
  private void handOver(RequestBody.Result body, CapturingResponse response, @Nullable Throwable thrown,
      @Nullable String productionException) {
    OutcomeKind skip = body.skip();
    dev.trafficmirror.spi.Body captured = body.body();
    if (skip != null || captured == null) {
      mirror.skip(request.build(), skip != null ? skip : OutcomeKind.SKIPPED_CAPTURE_ERROR);
      return;
    }
    Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
    ProductionResponse production = response.production(thrown, duration, "HEAD".equals(original.getMethod()));
    if (productionException != null && production.exceptionClass() == null) {
      production = production.toBuilder().exceptionClass(productionException).build();
    }
    mirror.submit(request.body(captured).build(), production);
  }

  private void fail() {
    if (finished.compareAndSet(false, true)) {
      mirror.skip(request.build(), OutcomeKind.SKIPPED_CAPTURE_ERROR);
    }
  }
}

package dev.trafficmirror.servlet.internal;

import dev.trafficmirror.core.AdapterProtocol;
import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.capture.BodyCapture;
import dev.trafficmirror.core.capture.CaptureSession;
import dev.trafficmirror.core.capture.CapturedHeaders;
import dev.trafficmirror.core.capture.RequestView;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.ProductionResponse;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One mirrored request from capture to hand-over, in servlet terms: wraps the request and response,
 * and when production has completed (the filter chain returned, or for async requests the container
 * reported completion) hands the copy to its {@link CaptureSession}, which hands it over exactly
 * once, or records why it is skipped.
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
  public static final String AWAITING_ERROR_PAGE_ATTRIBUTE =
      "dev.trafficmirror.servlet.awaitingErrorPage";

  /**
   * The servlet context attribute that says a {@code MirrorRequestListener} is registered: only
   * then may an exchange wait past production's return, since the listener's {@code
   * requestDestroyed} hands over a copy that no error page took.
   */
  public static final String LISTENER_ATTRIBUTE = "dev.trafficmirror.servlet.MirrorRequestListener";

  private final CaptureSession session;
  private final int maxResponseBytes;
  private final HttpServletRequest original;
  private final CapturingRequest capturingRequest;
  private final CapturingResponse capturingResponse;
  private volatile boolean listening;
  private volatile @Nullable CapturingAsyncContext asyncContext;
  private volatile @Nullable Throwable asyncFailure;

  /** While waiting for the error page: the request body, complete when production returned. */
  private volatile BodyCapture.@Nullable Result awaitedBody;

  /** While waiting for the error page: what production threw, or null after {@code sendError}. */
  private volatile @Nullable Throwable awaitedThrown;

  /**
   * The response the error page writes, captured, once the filter saw its {@code ERROR} dispatch.
   */
  private volatile @Nullable CapturingResponse errorPage;

  /**
   * The container began another request scope (Jetty does, for its error page) while the copy
   * waited.
   */
  private volatile boolean scopeBegan;

  private Exchange(
      CaptureSession session,
      HttpServletRequest original,
      HttpServletResponse response,
      FormRules formRules,
      String capturedAttribute) {
    this.session = session;
    this.maxResponseBytes = session.protocol().maxResponseBytes();
    this.original = original;
    this.capturingResponse =
        new CapturingResponse(response, maxResponseBytes, this::beforeResponseCloses);
    this.capturingRequest =
        new CapturingRequest(
            original,
            this,
            formRules,
            session.protocol().maxBodyBytes(),
            capturedAttribute,
            session.guard());
  }

  /**
   * Starts capturing a request {@code mirror} decided to mirror, marking it with {@code
   * capturedAttribute}; returns null, with the reason recorded, when it will not be mirrored after
   * all (see {@link CaptureSession#start}). Never throws.
   */
  public static @Nullable Exchange start(
      Mirror mirror,
      HttpServletRequest request,
      HttpServletResponse response,
      FormRules formRules,
      String capturedAttribute) {
    AdapterProtocol protocol = mirror.adapterProtocol();
    CaptureSession session = CaptureSession.start(protocol, new ServletRequestView(request), null);
    if (session == null) {
      return null;
    }
    try {
      Exchange exchange = new Exchange(session, request, response, formRules, capturedAttribute);
      request.setAttribute(capturedAttribute, session.id());
      return exchange;
    } catch (Throwable t) {
      session.failed("start", t);
      return null;
    }
  }

  /** The servlet request as the capture sees it. */
  private record ServletRequestView(HttpServletRequest request) implements RequestView {
    @Override
    public String method() {
      return request.getMethod();
    }

    @Override
    public String path() {
      return request.getRequestURI();
    }

    @Override
    public @Nullable String rawQuery() {
      return request.getQueryString();
    }

    @Override
    public @Nullable String get(String name) {
      return request.getHeader(name);
    }

    @Override
    public Headers headers() {
      Enumeration<String> names = request.getHeaderNames();
      return CapturedHeaders.of(
          (names == null ? Collections.<String>emptyEnumeration() : names).asIterator(),
          name -> {
            Enumeration<String> values = request.getHeaders(name);
            return values == null ? null : values.asIterator();
          });
    }

    @Override
    public long contentLength() {
      return request.getContentLengthLong();
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
      session.failed("async", t);
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
      boolean containerAnswers =
          capturingResponse.errorSent() || (thrown != null && !capturingResponse.isCommitted());
      if (!containerAnswers
          || original.getServletContext().getAttribute(LISTENER_ATTRIBUTE) == null) {
        return false;
      }
      awaitedBody = capturingRequest.completeBody(true);
      awaitedThrown = thrown;
      original.setAttribute(AWAITING_ERROR_PAGE_ATTRIBUTE, this);
      return true;
    } catch (Throwable t) {
      session.failed("await the error page", t);
      return true;
    }
  }

  /**
   * Called by the filter on the {@code ERROR} dispatch of a request waiting for its error page;
   * returns the response the error page is given, which captures what it writes.
   */
  public HttpServletResponse errorPageStarts(HttpServletResponse response) {
    CapturingResponse page = new CapturingResponse(response, maxResponseBytes, () -> {});
    errorPage = page;
    return page;
  }

  /**
   * Called when the error page returned or threw {@code thrown}: hands the copy over. Never throws.
   */
  public void errorPageReturned(@Nullable Throwable thrown) {
    finishAwaited(thrown);
  }

  /**
   * Called when the container begins a request scope for this waiting request (its error page, on
   * Jetty).
   */
  public void requestScopeBegins() {
    scopeBegan = true;
  }

  /**
   * Called when the container ends a request scope of this waiting request; returns whether the
   * copy was handed over, with the error body the container wrote itself when no error page passed
   * the filter. Tomcat ends the scope after its error page; Jetty ends it before, and dispatches
   * the page in a scope of its own, so on Jetty a copy whose page is still to come keeps waiting.
   * Never throws.
   */
  public boolean requestScopeEnded() {
    try {
      if (errorPage == null
          && !scopeBegan
          && ErrorPages.jettyDispatchesLater(
              original.getServletContext(), capturingResponse.getStatus(), awaitedThrown)) {
        return false;
      }
    } catch (Throwable t) {
      session.guard().failed("look up the error page", t);
    }
    finishAwaited(null);
    return true;
  }

  private void finishAwaited(@Nullable Throwable pageThrown) {
    if (session.isFinished()) {
      return;
    }
    BodyCapture.Result body = Objects.requireNonNull(awaitedBody, "awaitedBody");
    Throwable thrown = awaitedThrown;
    CapturingResponse page = errorPage;
    if (page == null) {
      handOver(body, capturingResponse, thrown, null);
    } else {
      handOver(body, page, pageThrown, thrown == null ? null : thrown.getClass().getName());
    }
  }

  /**
   * Records that production started async on the capturing request; returns the context it sees.
   */
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

  /**
   * Takes what has arrived of the rest of the body while the container still allows it; never
   * throws.
   */
  private void beforeResponseCloses() {
    try {
      capturingRequest.drainBeforeResponseCloses();
    } catch (Throwable t) {
      session.guard().failed("read the rest of the body", t);
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
   * Hands the copy to the mirror, or records why not; at most once. {@code mayRead} allows taking
   * what has arrived of the body production left unread (on the request thread, not in async
   * completion).
   */
  private void finish(@Nullable Throwable thrown, boolean mayRead) {
    if (session.isFinished()) {
      return;
    }
    BodyCapture.Result body;
    try {
      body = capturingRequest.completeBody(mayRead);
    } catch (Throwable t) {
      session.failed("finish", t);
      return;
    }
    handOver(body, capturingResponse, thrown, null);
  }

  /**
   * Hands the copy to the mirror with what {@code response} captured, or records why it is skipped;
   * {@code productionException} names what production threw before an error page answered.
   */
  private void handOver(
      BodyCapture.Result body,
      CapturingResponse response,
      @Nullable Throwable thrown,
      @Nullable String productionException) {
    boolean head = "HEAD".equals(original.getMethod());
    session.handOver(
        body,
        duration -> {
          ProductionResponse production = response.production(thrown, duration, head);
          if (productionException != null && production.exceptionClass() == null) {
            production = production.toBuilder().exceptionClass(productionException).build();
          }
          return production;
        });
  }
}

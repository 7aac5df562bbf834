package dev.trafficmirror.servlet.internal;

import dev.trafficmirror.core.capture.BodyCapture;
import dev.trafficmirror.core.capture.CaptureGuard;
import dev.trafficmirror.core.capture.ContentTypes;
import dev.trafficmirror.spi.OutcomeKind;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The request production sees while it is mirrored. Everything is the container's, except that the
 * body bytes production reads through {@link #getInputStream()} or {@link #getReader()} are teed
 * into the capture, and that a form body asked for as parameters is read and parsed here (see
 * {@link FormRules}). Multipart bodies parsed by the container are rebuilt from their parts (see
 * {@link MultipartBody}).
 *
 * <p>Used by one thread at a time, as servlet requests are.
 */
final class CapturingRequest extends HttpServletRequestWrapper {
  private enum Input {
    NONE,
    STREAM,
    READER,
    PARAMETERS
  }

  private final Exchange exchange;
  private final BodyCapture body;
  private final FormRules formRules;
  private final String capturedAttribute;
  private Input input = Input.NONE;
  private @Nullable ServletInputStream containerStream;
  private @Nullable CapturingInputStream stream;
  private @Nullable BufferedReader reader;
  private @Nullable Map<String, String[]> formParameters;
  private @Nullable RuntimeException formFailure;

  /** The container consumed the body where the tee cannot see it. */
  private boolean containerReadBody;

  private final MultipartCapture multipart;

  CapturingRequest(
      HttpServletRequest request,
      Exchange exchange,
      FormRules formRules,
      int maxBodyBytes,
      String capturedAttribute,
      CaptureGuard guard) {
    super(request);
    this.exchange = exchange;
    this.formRules = formRules;
    this.capturedAttribute = capturedAttribute;
    this.body = new BodyCapture(maxBodyBytes, request.getContentLengthLong());
    this.multipart = new MultipartCapture(maxBodyBytes, guard);
  }

  // ---- body: stream and reader

  @Override
  public ServletInputStream getInputStream() throws IOException {
    if (input == Input.READER) {
      throw new IllegalStateException("getReader() has already been called for this request");
    }
    ServletInputStream s = capturingStream();
    input = Input.STREAM;
    return s;
  }

  @Override
  public BufferedReader getReader() throws IOException {
    if (input == Input.STREAM) {
      throw new IllegalStateException("getInputStream() has already been called for this request");
    }
    BufferedReader r = reader;
    if (r == null) {
      String encoding = getCharacterEncoding();
      Charset charset =
          encoding == null ? StandardCharsets.ISO_8859_1 : FormRules.charsetNamed(encoding);
      r = new BufferedReader(new InputStreamReader(capturingStream(), charset));
      reader = r;
    }
    input = Input.READER;
    return r;
  }

  /**
   * Containers ignore a new encoding once the reader exists; the container here only saw a stream.
   */
  @Override
  public void setCharacterEncoding(String encoding) throws UnsupportedEncodingException {
    if (input != Input.READER) {
      super.setCharacterEncoding(encoding);
    }
  }

  private CapturingInputStream capturingStream() throws IOException {
    ServletInputStream s = super.getInputStream();
    CapturingInputStream capturing = stream;
    if (s != containerStream || capturing == null) {
      containerStream = s;
      capturing = new CapturingInputStream(s, body);
      stream = capturing;
    }
    return capturing;
  }

  // ---- body: form parameters

  @Override
  public @Nullable String getParameter(String name) {
    Map<String, String[]> form = formParameters();
    if (form == null) {
      String value = super.getParameter(name);
      afterContainerParameters();
      return value;
    }
    String[] values = form.get(name);
    return values == null ? null : values[0];
  }

  @Override
  public Map<String, String[]> getParameterMap() {
    Map<String, String[]> form = formParameters();
    if (form == null) {
      Map<String, String[]> map = super.getParameterMap();
      afterContainerParameters();
      return map;
    }
    return form;
  }

  @Override
  public Enumeration<String> getParameterNames() {
    Map<String, String[]> form = formParameters();
    if (form == null) {
      Enumeration<String> names = super.getParameterNames();
      afterContainerParameters();
      return names;
    }
    return Collections.enumeration(form.keySet());
  }

  @Override
  public String @Nullable [] getParameterValues(String name) {
    Map<String, String[]> form = formParameters();
    if (form == null) {
      String[] values = super.getParameterValues(name);
      afterContainerParameters();
      return values;
    }
    return form.get(name);
  }

  /**
   * Returns the parameters parsed here from a form body, reading and parsing it on the first call
   * when production asks for parameters before touching the body; null when the container's own
   * parameters apply.
   */
  private @Nullable Map<String, String[]> formParameters() {
    if (formParameters != null) {
      return formParameters;
    }
    if (formFailure != null) {
      throw formFailure;
    }
    if (input != Input.NONE || containerReadBody || !formRules.parsesBody(this)) {
      return null;
    }
    long length = getContentLengthLong();
    if (length == 0) {
      return null;
    }
    if (length < 0) {
      // Unknown length: let the container parse it with its own limits; the copy is skipped.
      containerReadBody = true;
      return null;
    }
    input = Input.PARAMETERS;
    try {
      Charset charset = formRules.charset(this);
      byte[] raw = capturingStream().readAllBytes();
      // The container saw the stream taken, so its own parameters are the query's alone.
      formParameters =
          FormParameters.merge(
              super.getParameterMap(), raw, charset, formRules.emptyChunksAreParameters());
      return formParameters;
    } catch (IOException e) {
      formFailure = new IllegalStateException("Unable to read form content", e);
    } catch (RuntimeException e) {
      // A malformed body: fail as the container would have, so production answers the same.
      formFailure = formRules.malformedForm(e, getRequest());
    }
    throw formFailure;
  }

  /** After the container answered parameters: a multipart body may have been parsed by it. */
  private void afterContainerParameters() {
    if (input == Input.NONE && isMultipart()) {
      multipart.parametersRead(String.valueOf(getContentType()), super::getParts);
    }
  }

  // ---- body: multipart

  @Override
  public Collection<Part> getParts() throws IOException, ServletException {
    Collection<Part> parts = super.getParts();
    if (isMultipart()) {
      multipart.partsRead(String.valueOf(getContentType()), parts);
    }
    return parts;
  }

  @Override
  public @Nullable Part getPart(String name) throws IOException, ServletException {
    Part part = super.getPart(name);
    if (isMultipart()) {
      multipart.partRead(String.valueOf(getContentType()), super::getParts);
    }
    return part;
  }

  private boolean isMultipart() {
    return ContentTypes.isMultipart(getContentType());
  }

  // ---- finishing the capture

  /**
   * Returns the captured body once production has completed; when {@code mayRead}, first takes what
   * has already arrived of what production left unread (bounded by the limit), never waiting for
   * the client.
   */
  BodyCapture.Result completeBody(boolean mayRead) {
    BodyCapture.Result rebuilt = multipart.result();
    if (rebuilt != null) {
      return rebuilt;
    }
    if (containerReadBody
        || (multipart.parametersReadWithoutParts() && getContentLengthLong() < 0)) {
      return BodyCapture.Result.skip(OutcomeKind.SKIPPED_CAPTURE_ERROR);
    }
    if (input == Input.NONE && hasNoBody()) {
      return BodyCapture.empty();
    }
    if (body.wantsMore() && mayRead && !body.isNonBlocking() && !awaitsContinue()) {
      try {
        capturingStream().drainAvailable();
      } catch (IOException | RuntimeException e) {
        // The container no longer hands out its stream; the result below reports the body
        // incomplete.
      }
    }
    return body.result();
  }

  /**
   * Takes what has already arrived of the body production left unread, never waiting for the
   * client, before the response closes: Tomcat closes the request's input with the response
   * (explicitly, or when the declared Content-Length is written), after which the rest of the body
   * can no longer be read. Production reading the body after it closed the response then finds its
   * end. Does nothing for non-blocking reads or a client waiting for {@code 100 Continue}.
   */
  void drainBeforeResponseCloses() throws IOException {
    if (body.wantsMore()
        && !body.isNonBlocking()
        && multipart.result() == null
        && !containerReadBody
        && !awaitsContinue()
        && !(input == Input.NONE && hasNoBody())) {
      capturingStream().drainAvailable();
    }
  }

  /** An HTTP/1 request with neither Content-Length nor Transfer-Encoding has no body. */
  private boolean hasNoBody() {
    long length = getContentLengthLong();
    return length == 0
        || (length < 0
            && getHeader("Transfer-Encoding") == null
            && getProtocol().startsWith("HTTP/1"));
  }

  /**
   * A client waiting for {@code 100 Continue} that production never asked for may never send the
   * body; reading it would block until a timeout.
   */
  private boolean awaitsContinue() {
    String expect = getHeader("Expect");
    return input == Input.NONE && expect != null && expect.equalsIgnoreCase("100-continue");
  }

  BodyCapture body() {
    return body;
  }

  // ---- attributes and async

  /** Hides the filter's marker, so that production sees the attributes it would see without it. */
  @Override
  public Enumeration<String> getAttributeNames() {
    List<String> names = Collections.list(super.getAttributeNames());
    names.remove(capturedAttribute);
    return Collections.enumeration(names);
  }

  /**
   * Starts async with this request and the capturing response, so that production's writes through
   * {@code AsyncContext.getResponse()} are captured too; the context still reports that it holds
   * the original request and response, as it would without the filter.
   */
  @Override
  public AsyncContext startAsync() {
    ServletResponse response = exchange.response();
    return exchange.asyncStarted(super.startAsync(this, response), true);
  }

  @Override
  public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
    return exchange.asyncStarted(super.startAsync(request, response), false);
  }

  @Override
  public AsyncContext getAsyncContext() {
    return exchange.asyncContext(super.getAsyncContext());
  }
}

package dev.trafficmirror.jaxrs.internal;

import dev.trafficmirror.core.AdapterProtocol;
import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.capture.BodyCapture;
import dev.trafficmirror.core.capture.CaptureSession;
import dev.trafficmirror.core.capture.CapturedHeaders;
import dev.trafficmirror.core.capture.ContentTypes;
import dev.trafficmirror.core.capture.RequestView;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.OutcomeKind;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a request to one resource method is mirrored and captures it: the request line,
 * headers, and the entity up to {@code mirror.max-body-bytes}, read ahead into a {@link
 * BodyCapture} and handed on to the resource through a {@link ReplayInputStream} of the same bytes
 * followed by the rest.
 *
 * <p>A form ({@code application/x-www-form-urlencoded}) is not read ahead: in a servlet container
 * the runtime or the resource may ask the container for its parameters (RESTEasy does for
 * {@code @FormParam}), and the container parses the body itself, with its own charset, error and
 * size rules, only while nobody has read it. Its bytes are copied by an {@link EntityTee} as
 * production reads them through JAX-RS instead; a form the container parsed is not copied.
 */
final class RequestCapture implements ContainerRequestFilter {
  private final Mirror mirror;
  private final MethodSelection selection;
  private final boolean annotated;
  private final @Nullable Set<String> targets;

  /** Creates the capture of one resource method; {@code targets} null means every target. */
  RequestCapture(
      Mirror mirror, MethodSelection selection, boolean annotated, @Nullable Set<String> targets) {
    this.mirror = mirror;
    this.selection = selection;
    this.annotated = annotated;
    this.targets = targets;
  }

  @Override
  public void filter(ContainerRequestContext context) {
    if (context.getProperty(Mirror.CAPTURED_ATTRIBUTE) != null
        || (!annotated && selection.anyAnnotated())) {
      return;
    }
    AdapterProtocol protocol = mirror.adapterProtocol();
    JaxrsRequestView view;
    try {
      view = new JaxrsRequestView(context);
      if (!protocol.shouldMirror(view.method(), view.path(), view)) {
        return;
      }
    } catch (Throwable t) {
      protocol.guard().failed("decide", t);
      return;
    }
    CaptureSession session = CaptureSession.start(protocol, view, targets);
    if (session == null) {
      // Skipped (declared too large, or capture could not start): production's stream is left
      // untouched.
      context.setProperty(Mirror.CAPTURED_ATTRIBUTE, "skipped");
      return;
    }
    try {
      context.setProperty(Mirror.CAPTURED_ATTRIBUTE, session.id());
      BodyCapture body = new BodyCapture(protocol.maxBodyBytes(), context.getLength());
      InputStream entity = context.getEntityStream();
      if (ContentTypes.isForm(context.getHeaderString(HttpHeaders.CONTENT_TYPE))) {
        context.setEntityStream(new EntityTee(entity, body));
        context.setProperty(CapturedCall.PROPERTY, new CapturedCall(session, body));
        return;
      }
      Exception failure =
          body.drain(
              new BodyCapture.Source() {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                  return entity.read(b, off, len);
                }

                @Override
                public int available() throws IOException {
                  return entity.available();
                }
              });
      context.setEntityStream(new ReplayInputStream(body, entity, failure));
      OutcomeKind skip = body.skipReason();
      if (skip != null) {
        session.skip(skip);
      } else {
        context.setProperty(CapturedCall.PROPERTY, new CapturedCall(session, body));
      }
    } catch (Throwable t) {
      context.removeProperty(CapturedCall.PROPERTY);
      session.failed("request", t);
    }
  }

  /** The JAX-RS request as the capture sees it. */
  private static final class JaxrsRequestView implements RequestView {
    private final ContainerRequestContext context;
    private final URI uri;
    private final String method;

    JaxrsRequestView(ContainerRequestContext context) {
      this.context = context;
      this.uri = context.getUriInfo().getRequestUri();
      this.method = HeadRequests.method(context);
    }

    @Override
    public String method() {
      return method;
    }

    @Override
    public String path() {
      String rawPath = uri.getRawPath();
      return rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
    }

    @Override
    public @Nullable String rawQuery() {
      return uri.getRawQuery();
    }

    @Override
    public @Nullable String get(String name) {
      return context.getHeaderString(name);
    }

    @Override
    public Headers headers() {
      return CapturedHeaders.of(context.getHeaders());
    }

    @Override
    public long contentLength() {
      return context.getLength();
    }
  }
}

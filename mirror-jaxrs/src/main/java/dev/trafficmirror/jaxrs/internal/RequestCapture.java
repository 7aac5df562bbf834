package dev.trafficmirror.jaxrs.internal;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeKind;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Set;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a request to one resource method is mirrored and captures it: the request line,
 * headers, and the entity up to {@code mirror.max-body-bytes}, read ahead and handed on to the
 * resource through a {@link ReplayInputStream} of the same bytes followed by the rest.
 *
 * <p>A form ({@code application/x-www-form-urlencoded}) is not read ahead: in a servlet container
 * the runtime or the resource may ask the container for its parameters (RESTEasy does for
 * {@code @FormParam}), and the container parses the body itself, with its own charset, error and
 * size rules, only while nobody has read it. Its bytes are copied by an {@link EntityTee} as
 * production reads them through JAX-RS instead; a form the container parsed is not copied.
 */
final class RequestCapture implements ContainerRequestFilter {
  private static final String FORM = "application/x-www-form-urlencoded";

  private final Mirror mirror;
  private final MethodSelection selection;
  private final boolean annotated;
  private final @Nullable Set<String> targets;

  /** Creates the capture of one resource method; {@code targets} null means every target. */
  RequestCapture(Mirror mirror, MethodSelection selection, boolean annotated, @Nullable Set<String> targets) {
    this.mirror = mirror;
    this.selection = selection;
    this.annotated = annotated;
    this.targets = targets;
  }

  @Override
  public void filter(ContainerRequestContext context) {
    if (context.getProperty(Mirror.CAPTURED_ATTRIBUTE) != null || (!annotated && selection.anyAnnotated())) {
      return;
    }
    MirroredRequest.Builder builder = null;
    try {
      URI uri = context.getUriInfo().getRequestUri();
      String rawPath = uri.getRawPath();
      String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
      String method = HeadRequests.method(context);
      if (!mirror.shouldMirror(method, path, context::getHeaderString)) {
        return;
      }
      long start = System.nanoTime();
      builder = mirror.newRequest(method, path)
          .rawQuery(uri.getRawQuery())
          .headers(Exchange.headersOf(context.getHeaders()));
      // The request is built once, when its fate is known: sent with its body, or skipped.
      context.setProperty(Mirror.CAPTURED_ATTRIBUTE, builder.id());
      int max = mirror.config().maxBodyBytes();
      if (context.getLength() > max) {
        // Declared too large: production's stream is left untouched.
        mirror.skip(builder.build(), OutcomeKind.SKIPPED_BODY_TOO_LARGE, targets);
        return;
      }
      if (isForm(context.getHeaderString(HttpHeaders.CONTENT_TYPE))) {
        EntityTee tee = new EntityTee(context.getEntityStream(), max, context.getLength());
        context.setEntityStream(tee);
        context.setProperty(Exchange.PROPERTY, new Exchange(mirror, builder.build(), builder, tee, targets, start));
        return;
      }
      BodyRead read = BodyRead.upTo(context.getEntityStream(), max, context.getLength());
      context.setEntityStream(read.replay());
      @Nullable Exception failure = read.failure();
      if (failure != null) {
        mirror.skip(builder.build(), failure instanceof IOException ? OutcomeKind.SKIPPED_CLIENT_ABORT : OutcomeKind.SKIPPED_CAPTURE_ERROR, targets);
      } else if (read.size() > max) {
        mirror.skip(builder.build(), OutcomeKind.SKIPPED_BODY_TOO_LARGE, targets);
      } else {
        MirroredRequest captured = builder.body(read.body()).build();
        context.setProperty(Exchange.PROPERTY, new Exchange(mirror, captured, targets, start));
      }
    } catch (Throwable t) {
      Exchange.rethrowIfFatal(t);
      context.removeProperty(Exchange.PROPERTY);
      if (builder != null) {
        // The body, if any, is dropped with the outcome (recorded without bodies).
        mirror.skip(builder.build(), OutcomeKind.SKIPPED_CAPTURE_ERROR, targets);
      }
    }
  }

  /**
   * Returns whether {@code contentType} is {@code application/x-www-form-urlencoded}, with or
   * without parameters.
   */
  static boolean isForm(@Nullable String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.strip();
    int end = FORM.length();
    return type.regionMatches(true, 0, FORM, 0, end)
        && (type.length() == end || type.charAt(end) == ';' || Character.isWhitespace(type.charAt(end)));
  }

  /** The first bytes of an entity stream, read ahead, and how the resource gets them back. */
  static final class BodyRead {
    private final byte[] bytes;
    private final int size;
    private final InputStream rest;
    private final @Nullable Exception failure;

    private BodyRead(byte[] bytes, int size, InputStream rest, @Nullable Exception failure) {
      this.bytes = bytes;
      this.size = size;
      this.rest = rest;
      this.failure = failure;
    }

    /**
     * Reads {@code in} until its end or {@code max + 1} bytes, whichever comes first. A failure of
     * the stream is kept, to be thrown again to the resource after the bytes read before it.
     *
     * @param declared the declared length, or -1; only sizes the first buffer
     */
    static BodyRead upTo(InputStream in, int max, int declared) {
      int limit = (int) Math.min(max + 1L, Integer.MAX_VALUE - 8);
      byte[] buffer = new byte[declared >= 0 ? Math.min(declared + 1, limit) : Math.min(8192, limit)];
      int size = 0;
      try {
        while (size < limit) {
          if (size == buffer.length) {
            buffer = Arrays.copyOf(buffer, (int) Math.min(limit, buffer.length * 2L));
          }
          int n = in.read(buffer, size, buffer.length - size);
          if (n < 0) {
            break;
          }
          size += n;
        }
      } catch (IOException | RuntimeException e) {
        return new BodyRead(buffer, size, in, e);
      }
      return new BodyRead(buffer, size, in, null);
    }

    int size() {
      return size;
    }

    @Nullable Exception failure() {
      return failure;
    }

    /** Returns the captured body; only when {@link #size()} is within the bound. */
    Body body() {
      return Body.wrap(bytes, size);
    }

    /** Returns the stream the resource reads instead: the bytes read, then the rest (or the failure). */
    InputStream replay() {
      return new ReplayInputStream(bytes, size, rest, failure);
    }
  }
}

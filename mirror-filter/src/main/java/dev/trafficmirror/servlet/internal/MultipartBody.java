package dev.trafficmirror.servlet.internal;

import dev.trafficmirror.core.capture.BodyCapture;
import dev.trafficmirror.core.capture.ContentTypes;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.OutcomeKind;
import jakarta.servlet.http.Part;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * A {@code multipart/form-data} body written again from the parts the container parsed.
 *
 * <p>When production reads a multipart request through {@code getParts}, {@code getPart} or {@code
 * getParameter}, the container reads the raw body itself, out of the filter's sight, and applies
 * the servlet's multipart configuration. The copy is then rebuilt from the parts: same boundary,
 * same parts in the same order, each with the part headers the container kept and its exact bytes.
 * What can differ from the client's bytes: the case of part header names (Tomcat reports them in
 * lower case), whitespace and folding inside part headers, a preamble or epilogue around the parts,
 * and header values that were not ASCII.
 */
final class MultipartBody {
  private static final byte[] CRLF = {'\r', '\n'};

  /** Allowance for the boundary lines and part headers, on top of the parts' own bytes. */
  private static final int HEADER_ALLOWANCE = 512;

  private MultipartBody() {}

  /**
   * Rebuilds the body from {@code parts}, or returns {@code SKIPPED_BODY_TOO_LARGE} without reading
   * them when their bytes alone exceed {@code limit}.
   *
   * @throws IOException when a part's content cannot be read
   */
  static BodyCapture.Result rebuild(String contentType, Collection<Part> parts, int limit)
      throws IOException {
    String boundary = ContentTypes.parameter(contentType, "boundary");
    if (boundary == null) {
      throw new IOException("multipart request without a boundary");
    }
    long estimate = 0;
    for (Part part : parts) {
      estimate += part.getSize() + HEADER_ALLOWANCE;
    }
    if (estimate - (long) parts.size() * HEADER_ALLOWANCE > limit) {
      return BodyCapture.Result.skip(OutcomeKind.SKIPPED_BODY_TOO_LARGE);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, estimate + 64));
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
    for (Part part : parts) {
      out.write(delimiter);
      out.write(CRLF);
      for (String name : part.getHeaderNames()) {
        for (String value : part.getHeaders(name)) {
          out.write((name + ": " + value).getBytes(StandardCharsets.UTF_8));
          out.write(CRLF);
        }
      }
      out.write(CRLF);
      try (InputStream content = part.getInputStream()) {
        content.transferTo(out);
      }
      out.write(CRLF);
    }
    out.write(delimiter);
    out.write(new byte[] {'-', '-', '\r', '\n'});
    if (out.size() > limit) {
      return BodyCapture.Result.skip(OutcomeKind.SKIPPED_BODY_TOO_LARGE);
    }
    byte[] bytes = out.toByteArray();
    return BodyCapture.Result.of(Body.wrap(bytes, bytes.length));
  }
}

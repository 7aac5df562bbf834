package dev.trafficmirror.servlet.internal;

import dev.trafficmirror.core.capture.BodyCapture;
import dev.trafficmirror.core.capture.CaptureGuard;
import dev.trafficmirror.spi.OutcomeKind;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * Whether the container parsed a multipart request for production, and if so the copy's body
 * rebuilt from its parts (see {@link MultipartBody}). Used by one thread at a time, with its
 * request.
 */
final class MultipartCapture {
  /** The container's parts, as {@code getParts()} of the wrapped request answers them. */
  @FunctionalInterface
  interface ContainerParts {
    Collection<Part> get() throws IOException, ServletException;
  }

  private final int maxBodyBytes;
  private final CaptureGuard guard;
  private boolean tried;
  private boolean parametersRead;
  private BodyCapture.@Nullable Result result;

  MultipartCapture(int maxBodyBytes, CaptureGuard guard) {
    this.maxBodyBytes = maxBodyBytes;
    this.guard = guard;
  }

  /** Production received {@code parts} from the container. */
  void partsRead(String contentType, Collection<Part> parts) {
    if (!tried) {
      tried = true;
      rebuild(contentType, parts);
    }
  }

  /** Production received one part from the container, which parsed them all for it. */
  void partRead(String contentType, ContainerParts containerParts) {
    fromContainer(contentType, containerParts);
  }

  /**
   * Production read parameters of a multipart request: the container parsed the body for them when
   * the servlet has a multipart configuration; then its parts are the body.
   */
  void parametersRead(String contentType, ContainerParts containerParts) {
    parametersRead = true;
    fromContainer(contentType, containerParts);
  }

  private void fromContainer(String contentType, ContainerParts containerParts) {
    if (tried) {
      return;
    }
    tried = true;
    Collection<Part> parts;
    try {
      parts = containerParts.get();
    } catch (Throwable t) {
      CaptureGuard.rethrowIfFatal(t);
      // No multipart configuration: the container did not parse the body either (Jetty).
      return;
    }
    rebuild(contentType, parts);
  }

  private void rebuild(String contentType, Collection<Part> parts) {
    if (parts.isEmpty()) {
      // Tomcat answers no parts, and leaves the body unread, when there is no multipart
      // configuration.
      return;
    }
    try {
      result = MultipartBody.rebuild(contentType, parts, maxBodyBytes);
    } catch (Throwable t) {
      guard.failed("multipart body", t);
      result = BodyCapture.Result.skip(OutcomeKind.SKIPPED_CAPTURE_ERROR);
    }
  }

  /** Returns the rebuilt body, or null when the container did not parse the body. */
  BodyCapture.@Nullable Result result() {
    return result;
  }

  /**
   * Returns whether parameters were read but the parts could not be rebuilt from: the raw body is
   * then trustworthy only when its length is known to check it against.
   */
  boolean parametersReadWithoutParts() {
    return parametersRead && result == null;
  }
}

package dev.trafficmirror.testing.servlets;

import dev.trafficmirror.testing.Bodies;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a multipart request: {@code /parts} (getParts, then each part's bytes), {@code /param}
 * (getParameter of the text field only), {@code /part} (getPart of the file only), {@code /write}
 * (Part.write to the configured location, reporting where the file landed), {@code /stream} (the
 * raw body), {@code /none}. Registered with and without a multipart configuration.
 */
public final class MultipartServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient Path location;

  /** Creates the servlet; {@code location} is its multipart configuration's location, if any. */
  public MultipartServlet(Path location) {
    this.location = location;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    StringBuilder report = new StringBuilder();
    switch (Reports.path(request)) {
      case "/parts" -> {
        report.append("field=").append(request.getParameter("field")).append('\n');
        for (Part part : request.getParts()) {
          describe(part, report);
        }
      }
      case "/param" -> report.append("field=").append(request.getParameter("field"));
      case "/part" -> describe(request.getPart("file"), report);
      case "/write" -> {
        Part part = request.getPart("file");
        String name = "upload-" + request.getHeader("X-Test-Id") + ".bin";
        part.write(name);
        Path written = location.resolve(name);
        report
            .append("written=")
            .append(Files.exists(written))
            .append(' ')
            .append(Reports.digest(Files.readAllBytes(written)));
        Files.delete(written);
      }
      case "/stream" -> report.append(Reports.digest(request.getInputStream().readAllBytes()));
      case "/none" -> report.append("read=none");
      default -> throw new IllegalArgumentException(request.getPathInfo());
    }
    Reports.write(response, report.toString());
  }

  private static void describe(Part part, StringBuilder report) throws IOException {
    byte[] bytes;
    try (InputStream in = part.getInputStream()) {
      bytes = in.readAllBytes();
    }
    report
        .append(part.getName())
        .append(" file=")
        .append(part.getSubmittedFileName())
        .append(" type=")
        .append(part.getContentType())
        .append(" size=")
        .append(part.getSize())
        .append(" sha256=")
        .append(Bodies.sha256(bytes))
        .append('\n');
  }
}

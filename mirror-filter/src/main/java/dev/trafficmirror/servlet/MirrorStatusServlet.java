package dev.trafficmirror.servlet;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.MirrorStatistics;
import dev.trafficmirror.core.internal.report.StatusHtml;
import dev.trafficmirror.core.internal.report.StatusJson;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The live status page of a mirror: per target, sampled, mirrored, dropped and skipped by reason,
 * agreement, production and shadow latency side by side (an inline SVG chart), error rates, the
 * busiest routes, and the recent mismatches with their differences and {@code curl} lines. HTML by
 * default, JSON with {@code ?format=json}. Self-contained (no external assets), auto-refreshing,
 * every value escaped.
 *
 * <p>Register it with {@link #create(Mirror)}, or by class (web.xml, {@code @WebServlet}) in an
 * application where a {@link MirrorFilter} publishes its mirror: it then shows the mirror found in
 * the servlet context attribute {@link MirrorFilter#MIRROR_ATTRIBUTE}. The init-parameter
 * {@code refresh-seconds} sets the refresh period (default 5; 0 turns it off).
 *
 * <p>The page has no authentication of its own and shows request paths and excerpts of bodies:
 * map it behind the container's security constraints or on an admin-only port.
 *
 * <p>Thread-safe.
 */
public class MirrorStatusServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient @Nullable Mirror given;
  private volatile int refreshSeconds = 5;

  /** Creates a servlet that shows the mirror a {@link MirrorFilter} published in its context. */
  public MirrorStatusServlet() {
    this.given = null;
  }

  private MirrorStatusServlet(Mirror mirror) {
    this.given = mirror;
  }

  /** Returns a servlet showing {@code mirror}. */
  public static MirrorStatusServlet create(Mirror mirror) {
    return new MirrorStatusServlet(Objects.requireNonNull(mirror, "mirror"));
  }

  @Override
  public final void init() throws ServletException {
    String refresh = getInitParameter("refresh-seconds");
    if (refresh != null) {
      try {
        refreshSeconds = Integer.parseInt(refresh.trim());
      } catch (NumberFormatException e) {
        refreshSeconds = -1;
      }
      if (refreshSeconds < 0 || refreshSeconds > 3600) {
        throw new ServletException("refresh-seconds=" + refresh + ": must be a whole number from 0 to 3600");
      }
    }
  }

  @Override
  protected final void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Mirror mirror = given != null ? given : (Mirror) getServletContext().getAttribute(MirrorFilter.MIRROR_ATTRIBUTE);
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    if (mirror == null) {
      response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "No mirror: register a MirrorFilter in this application");
      return;
    }
    MirrorStatistics statistics = mirror.statistics();
    Instant now = Instant.now();
    if ("json".equals(request.getParameter("format"))) {
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      try (OutputStream out = response.getOutputStream()) {
        StatusJson.write(statistics, now, out);
      }
      return;
    }
    byte[] html = StatusHtml.render(statistics, now, refreshSeconds).getBytes(StandardCharsets.UTF_8);
    response.setContentType("text/html;charset=UTF-8");
    response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    response.setContentLength(html.length);
    response.getOutputStream().write(html);
  }
}

package dev.trafficmirror.servlet;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.MirrorKeys;
import dev.trafficmirror.core.MirrorStatistics;
import dev.trafficmirror.core.config.ConfigKey;
import dev.trafficmirror.core.config.ConfigValues;
import dev.trafficmirror.core.status.StatusPage;
import dev.trafficmirror.spi.InvalidConfigException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;
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
 * the servlet context attribute {@link MirrorFilter#MIRROR_ATTRIBUTE}. The page itself is rendered
 * by {@link StatusPage}, which other hosts (the actuator endpoint, an admin page) use too.
 *
 * <p>Init-parameters (all optional; a bad value fails {@code init()} with a {@link
 * ServletException} naming the parameter and the value):
 *
 * <ul>
 *   <li>{@code refresh-seconds}: the page's auto-refresh period, a whole number from 0 to {@value
 *       StatusPage#MAX_REFRESH_SECONDS}; default 5; 0 turns it off. Read by this servlet only.
 *   <li>{@code mirror.status.allow-remote}, {@code mirror.status.show-bodies}: {@code true} or
 *       {@code false}; override the mirror's configuration keys of the same name for this servlet,
 *       parsed as those keys are ({@link MirrorKeys#STATUS_ALLOW_REMOTE}, {@link
 *       MirrorKeys#STATUS_SHOW_BODIES}). See below.
 * </ul>
 *
 * <p>Safe by default. The page has no authentication of its own, so it answers only clients
 * connected from a loopback address ({@code 127.0.0.0/8}, {@code ::1}); any other gets {@code 403}
 * with a short plain-text reason, and nothing is counted. To open it to others, set {@code
 * mirror.status.allow-remote=true} and protect it with the container's security constraints or an
 * admin-only port: the servlet cannot see constraints. Behind a reverse proxy the remote address is
 * the proxy's. Bodies (the request body of {@code curl} lines, whole-body previews) are shown only
 * with {@code mirror.status.show-bodies=true}. Both keys are read from the mirror's configuration;
 * an init-parameter of the same name overrides it for this servlet. Every answer carries {@code
 * Cache-Control: no-store}, {@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy:
 * no-referrer}, and a Content-Security-Policy that allows no script, no external resource, and no
 * framing ({@code frame-ancestors 'none'}).
 *
 * <p>Thread-safe.
 */
public class MirrorStatusServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final String REFRESH_SECONDS = "refresh-seconds";
  private static final int DEFAULT_REFRESH_SECONDS = 5;
  private static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
          + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
  private static final byte[] FORBIDDEN =
      ("Forbidden: the Traffic Mirror status page answers loopback clients only. "
              + "To serve others, protect it with the container's security constraints and set "
              + MirrorKeys.STATUS_ALLOW_REMOTE.name()
              + "=true.\n")
          .getBytes(StandardCharsets.UTF_8);
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private final transient @Nullable Mirror given;
  private volatile int refreshSeconds = DEFAULT_REFRESH_SECONDS;
  private volatile @Nullable Boolean allowRemote;
  private volatile @Nullable Boolean showBodies;

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
    try {
      String refresh = getInitParameter(REFRESH_SECONDS);
      if (refresh != null) {
        refreshSeconds =
            ConfigValues.integer(REFRESH_SECONDS, refresh, 0, StatusPage.MAX_REFRESH_SECONDS);
      }
      allowRemote = flag(MirrorKeys.STATUS_ALLOW_REMOTE);
      showBodies = flag(MirrorKeys.STATUS_SHOW_BODIES);
    } catch (InvalidConfigException e) {
      throw new ServletException(
          "Traffic Mirror status servlet: invalid configuration: " + e.getMessage(), e);
    }
  }

  private @Nullable Boolean flag(ConfigKey<?, Boolean> key) {
    String value = getInitParameter(key.name());
    return value == null ? null : key.parse(key.name(), value);
  }

  @Override
  protected final void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Mirror mirror =
        given != null
            ? given
            : (Mirror) getServletContext().getAttribute(MirrorFilter.MIRROR_ATTRIBUTE);
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    Boolean remote = allowRemote;
    if (!(remote != null ? remote : mirror != null && mirror.config().statusAllowRemote())
        && !isLoopback(request.getRemoteAddr())) {
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      response.setContentType("text/plain;charset=UTF-8");
      response.setContentLength(FORBIDDEN.length);
      response.getOutputStream().write(FORBIDDEN);
      return;
    }
    if (mirror == null) {
      response.sendError(
          HttpServletResponse.SC_SERVICE_UNAVAILABLE,
          "No mirror: register a MirrorFilter in this application");
      return;
    }
    Boolean shown = showBodies;
    boolean bodies = shown != null ? shown : mirror.config().statusShowBodies();
    MirrorStatistics statistics = mirror.statistics();
    Instant now = Instant.now();
    if ("json".equals(request.getParameter("format"))) {
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      try (OutputStream out = response.getOutputStream()) {
        StatusPage.writeJson(statistics, now, bodies, out);
      }
      return;
    }
    byte[] html =
        StatusPage.html(statistics, now, refreshSeconds, bodies).getBytes(StandardCharsets.UTF_8);
    response.setContentType("text/html;charset=UTF-8");
    response.setContentLength(html.length);
    response.getOutputStream().write(html);
  }

  /**
   * Returns whether {@code address}, a servlet remote address, is a loopback address. Only IP
   * literals are parsed (never looked up); anything else is not loopback.
   */
  static boolean isLoopback(@Nullable String address) {
    if (address == null) {
      return false;
    }
    String a =
        address.startsWith("[") && address.endsWith("]")
            ? address.substring(1, address.length() - 1)
            : address;
    int zone = a.indexOf('%');
    if (zone >= 0) {
      a = a.substring(0, zone);
    }
    if (IPV4.matcher(a).matches()) {
      return a.startsWith("127.");
    }
    if (!IPV6.matcher(a).matches()) {
      return false;
    }
    try {
      // In brackets a name must be an IPv6 literal (::ffff:127.0.0.1 included): parsed, never
      // resolved.
      return InetAddress.getByName("[" + a + "]").isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}

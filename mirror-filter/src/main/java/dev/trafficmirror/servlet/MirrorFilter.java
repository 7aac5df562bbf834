package dev.trafficmirror.servlet;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.MirrorConfig;
import dev.trafficmirror.core.capture.CaptureGuard;
import dev.trafficmirror.servlet.internal.Exchange;
import dev.trafficmirror.servlet.internal.FormRules;
import dev.trafficmirror.spi.InvalidConfigException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A servlet filter that mirrors the requests a {@link Mirror} selects to its shadow targets,
 * without production noticing: production reads the request and writes the response exactly as it
 * would without the filter, while the filter keeps a copy of both and hands it to the mirror once
 * production has completed.
 *
 * <p>Three ways to register it:
 *
 * <ul>
 *   <li>In {@code web.xml}, as {@code dev.trafficmirror.servlet.MirrorFilter} with init-params that
 *       use the {@code mirror.*} configuration keys ({@code mirror.targets}, {@code
 *       mirror.target.<name>.url}, {@code mirror.methods}, …), overridden by system properties and
 *       environment variables as {@link MirrorConfig#fromPropertiesWithOverrides} describes.
 *   <li>With {@code @WebFilter}: {@code @WebFilter(urlPatterns = "/predict/*", initParams = {...})
 *       public class PredictMirror extends MirrorFilter {}}. This class is not final for that
 *       purpose only; its behaviour methods are final.
 *   <li>In code, with {@link #create(Mirror)} for a mirror built with {@link Mirror#builder()}.
 * </ul>
 *
 * <p>A filter configured by init-params builds its own mirror in {@link #init} (rejecting bad
 * configuration there, with an exception naming the key) and closes it in {@link #destroy()}; a
 * filter given a mirror never closes it.
 *
 * <p>The filter acts on {@code REQUEST} dispatches and lets {@code FORWARD}, {@code INCLUDE},
 * {@code ERROR} and {@code ASYNC} dispatches of the same request pass: each request is mirrored at
 * most once, also when the filter is registered twice. To record error answers (after {@code
 * sendError}, or an exception the container turns into an error page) as the client received them,
 * register {@link MirrorRequestListener} and map the filter to {@code ERROR} dispatches too: it
 * then captures the error page the container dispatches. Requests the mirror does not select pass
 * through untouched, without wrappers. Register it with {@code <async-supported>true} so that async
 * servlets behind it keep working.
 *
 * <p>Thread-safe, as filters must be. See {@code docs/servlet.md} for what is captured and how.
 */
public class MirrorFilter implements Filter {
  /**
   * The request attribute that marks a request this filter captures; its value is the mirror id. A
   * second adapter that finds it (another instance of this filter, the JAX-RS adapter) stands
   * aside. Hidden from {@code getAttributeNames()} of the request production sees.
   */
  public static final String CAPTURED_ATTRIBUTE = Mirror.CAPTURED_ATTRIBUTE;

  /**
   * The servlet context attribute under which {@link #init} publishes the filter's {@link Mirror},
   * so that {@link MirrorStatusServlet} and the application's own code can find it (for example to
   * read {@link Mirror#statistics()}). With several filters in one context, the last one
   * initialised wins.
   */
  public static final String MIRROR_ATTRIBUTE = "dev.trafficmirror.servlet.Mirror";

  private static final System.Logger LOG = System.getLogger("dev.trafficmirror.servlet");

  private final @Nullable Mirror given;
  private volatile @Nullable Mirror mirror;

  /** The container's form rules, learnt in {@link #init} (or from the first mirrored request). */
  private volatile @Nullable FormRules formRules;

  /**
   * Creates a filter that builds its mirror from its init-params in {@link #init}; for {@code
   * web.xml} and {@code @WebFilter} registration.
   */
  public MirrorFilter() {
    this.given = null;
  }

  private MirrorFilter(Mirror mirror) {
    this.given = mirror;
    this.mirror = mirror;
  }

  /**
   * Returns a filter that mirrors with {@code mirror}. Its init-params are ignored, and {@link
   * #destroy()} leaves the mirror open: its owner closes it.
   */
  public static MirrorFilter create(Mirror mirror) {
    return new MirrorFilter(Objects.requireNonNull(mirror, "mirror"));
  }

  /**
   * Builds the mirror from the init-params when this filter was not given one, and learns the
   * container's form rules.
   *
   * @throws ServletException when the configuration is invalid; its message names the key, and its
   *     cause is the {@link InvalidConfigException}
   */
  @Override
  public final void init(FilterConfig filterConfig) throws ServletException {
    ServletContext context = filterConfig.getServletContext();
    if (context != null) {
      formRules = FormRules.forServer(context.getServerInfo());
    }
    if (given != null) {
      publish(context, given);
      return;
    }
    Map<String, String> params = new LinkedHashMap<>();
    Enumeration<String> names = filterConfig.getInitParameterNames();
    while (names.hasMoreElements()) {
      String name = names.nextElement();
      params.put(name, filterConfig.getInitParameter(name));
    }
    try {
      Mirror built =
          Mirror.builder().config(MirrorConfig.fromPropertiesWithOverrides(params)).build();
      mirror = built;
      publish(context, built);
    } catch (InvalidConfigException e) {
      throw new ServletException(
          "Traffic Mirror filter "
              + filterConfig.getFilterName()
              + ": invalid configuration: "
              + e.getMessage(),
          e);
    }
  }

  private static void publish(@Nullable ServletContext context, Mirror mirror) {
    if (context != null) {
      context.setAttribute(MIRROR_ATTRIBUTE, mirror);
    }
  }

  /**
   * Mirrors the request when the mirror selects it, and passes everything else through untouched.
   * Production's exceptions propagate unchanged; failures of capture never reach production.
   */
  @Override
  public final void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request.getDispatcherType() == DispatcherType.ERROR
        && request.getAttribute(Exchange.AWAITING_ERROR_PAGE_ATTRIBUTE) instanceof Exchange awaiting
        && response instanceof HttpServletResponse errorResponse) {
      request.removeAttribute(Exchange.AWAITING_ERROR_PAGE_ATTRIBUTE);
      errorPage(awaiting, request, errorResponse, chain);
      return;
    }
    Mirror m = mirror;
    if (m == null
        || !(request instanceof HttpServletRequest http)
        || !(response instanceof HttpServletResponse httpResponse)
        || request.getDispatcherType() != DispatcherType.REQUEST
        || !m.adapterProtocol()
            .shouldMirror(http.getMethod(), http.getRequestURI(), http::getHeader)
        || request.getAttribute(CAPTURED_ATTRIBUTE) != null) {
      chain.doFilter(request, response);
      return;
    }
    Exchange exchange = Exchange.start(m, http, httpResponse, formRules(http), CAPTURED_ATTRIBUTE);
    if (exchange == null) {
      chain.doFilter(request, response);
      return;
    }
    Throwable thrown = null;
    try {
      chain.doFilter(exchange.request(), exchange.response());
    } catch (Throwable t) {
      thrown = t;
      throw t;
    } finally {
      exchange.productionReturned(thrown);
    }
  }

  /**
   * Runs the error page of a mirrored request, capturing what it writes, and hands the copy over.
   */
  private static void errorPage(
      Exchange awaiting, ServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Throwable thrown = null;
    try {
      chain.doFilter(request, awaiting.errorPageStarts(response));
    } catch (Throwable t) {
      thrown = t;
      throw t;
    } finally {
      awaiting.errorPageReturned(thrown);
    }
  }

  /** Returns the container's form rules, also when the filter is used without {@link #init}. */
  private FormRules formRules(HttpServletRequest request) {
    FormRules rules = formRules;
    if (rules == null) {
      String serverInfo = null;
      try {
        serverInfo = request.getServletContext().getServerInfo();
      } catch (RuntimeException e) {
        // The specification's rules then.
      }
      rules = FormRules.forServer(serverInfo);
      formRules = rules;
    }
    return rules;
  }

  /** Closes the mirror when this filter built it from init-params; a given mirror stays open. */
  @Override
  public final void destroy() {
    Mirror m = mirror;
    if (given == null && m != null) {
      mirror = null;
      try {
        m.close();
      } catch (Throwable t) {
        CaptureGuard.rethrowIfFatal(t);
        LOG.log(Level.WARNING, "Closing the mirror failed", t);
      }
    }
  }

  @Override
  public String toString() {
    return "MirrorFilter[" + mirror + "]";
  }
}

package dev.trafficmirror.spring.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.Ordered;

/**
 * How the starter registers {@link dev.trafficmirror.servlet.MirrorFilter}: {@code
 * mirror.filter.order} and {@code mirror.filter.url-patterns}. The filter runs on {@code REQUEST},
 * {@code ASYNC} and {@code ERROR} dispatches (the last to capture error pages). Not thread-safe;
 * Spring binds it once at start-up.
 */
@ConfigurationProperties(prefix = "mirror.filter", ignoreUnknownFields = false)
public final class MirrorFilterProperties {
  /** The default order: after Spring's character encoding filter, before Spring Security's. */
  public static final int DEFAULT_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

  private int order = DEFAULT_ORDER;
  private List<String> urlPatterns = new ArrayList<>(List.of("/*"));

  /** Creates the properties with their defaults. */
  public MirrorFilterProperties() {}

  /**
   * Returns {@code mirror.filter.order}, the filter's position in the chain; default {@link
   * #DEFAULT_ORDER}.
   */
  public int getOrder() {
    return order;
  }

  /** Sets {@code mirror.filter.order}. */
  public void setOrder(int order) {
    this.order = order;
  }

  /**
   * Returns {@code mirror.filter.url-patterns}, the servlet URL patterns the filter is mapped to;
   * default {@code /*}.
   */
  public List<String> getUrlPatterns() {
    return urlPatterns;
  }

  /** Sets {@code mirror.filter.url-patterns}. */
  public void setUrlPatterns(List<String> urlPatterns) {
    this.urlPatterns = new ArrayList<>(Objects.requireNonNull(urlPatterns, "urlPatterns"));
  }
}

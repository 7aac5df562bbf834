package dev.trafficmirror.testing.containers;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.Servlet;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.EventListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A container-neutral description of one web application at the root context: servlets, filters and
 * error pages. Each {@link ContainerStarter} turns it into its container's own registrations.
 */
public final class Deployment {
  /** A servlet registration. */
  public record ServletSpec(
      String name,
      Servlet servlet,
      List<String> patterns,
      boolean asyncSupported,
      @Nullable MultipartConfigElement multipartConfig) {}

  /**
   * A filter registration: an instance, or (when {@code instance} is null) a class the container
   * instantiates, with init-params.
   */
  public record FilterSpec(
      String name,
      @Nullable Filter instance,
      @Nullable Class<? extends Filter> type,
      Map<String, String> initParams,
      List<String> patterns,
      Set<DispatcherType> dispatcherTypes) {}

  /** An error page for a status code (when {@code exceptionType} is null) or an exception type. */
  public record ErrorPage(
      int status, @Nullable Class<? extends Throwable> exceptionType, String location) {}

  private final List<ServletSpec> servlets;
  private final List<FilterSpec> filters;
  private final List<ErrorPage> errorPages;
  private final List<EventListener> listeners;

  private Deployment(Builder b) {
    this.servlets = List.copyOf(b.servlets);
    this.filters = List.copyOf(b.filters);
    this.errorPages = List.copyOf(b.errorPages);
    this.listeners = List.copyOf(b.listeners);
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the servlets in registration order. */
  public List<ServletSpec> servlets() {
    return servlets;
  }

  /** Returns the filters in chain order. */
  public List<FilterSpec> filters() {
    return filters;
  }

  /** Returns the error pages. */
  public List<ErrorPage> errorPages() {
    return errorPages;
  }

  /** Returns the listener instances (servlet request listeners and the like). */
  public List<EventListener> listeners() {
    return listeners;
  }

  /** Builds a {@link Deployment}. */
  public static final class Builder {
    private final List<ServletSpec> servlets = new ArrayList<>();
    private final List<FilterSpec> filters = new ArrayList<>();
    private final List<ErrorPage> errorPages = new ArrayList<>();
    private final List<EventListener> listeners = new ArrayList<>();

    private Builder() {}

    /** Adds a listener instance. */
    public Builder listener(EventListener listener) {
      listeners.add(Objects.requireNonNull(listener));
      return this;
    }

    /** Adds a synchronous servlet. */
    public Builder servlet(String pattern, Servlet servlet) {
      return servlet(pattern, servlet, false, null);
    }

    /** Adds a servlet with async support and an optional multipart configuration. */
    public Builder servlet(
        String pattern,
        Servlet servlet,
        boolean asyncSupported,
        @Nullable MultipartConfigElement multipart) {
      servlets.add(
          new ServletSpec(
              "s" + servlets.size(), servlet, List.of(pattern), asyncSupported, multipart));
      return this;
    }

    /** Adds a filter instance on {@code pattern} for every dispatcher type. */
    public Builder filter(String pattern, Filter filter) {
      return filter(pattern, filter, EnumSet.allOf(DispatcherType.class));
    }

    /** Adds a filter instance on {@code pattern} for the given dispatcher types. */
    public Builder filter(String pattern, Filter filter, Set<DispatcherType> types) {
      filters.add(
          new FilterSpec(
              "f" + filters.size(),
              Objects.requireNonNull(filter),
              null,
              Map.of(),
              List.of(pattern),
              Set.copyOf(types)));
      return this;
    }

    /** Adds a filter the container creates from its class, configured by init-params. */
    public Builder filter(
        String pattern, Class<? extends Filter> type, Map<String, String> initParams) {
      filters.add(
          new FilterSpec(
              "f" + filters.size(),
              null,
              type,
              new LinkedHashMap<>(initParams),
              List.of(pattern),
              EnumSet.allOf(DispatcherType.class)));
      return this;
    }

    /**
     * Adds filters from a supplier when {@code present}; for building with and without the filter.
     */
    public Builder filterIf(boolean present, String pattern, Supplier<Filter> filter) {
      return present ? filter(pattern, filter.get()) : this;
    }

    /** Adds an error page for a status code. */
    public Builder errorPage(int status, String location) {
      errorPages.add(new ErrorPage(status, null, location));
      return this;
    }

    /** Adds an error page for an exception type. */
    public Builder errorPage(Class<? extends Throwable> type, String location) {
      errorPages.add(new ErrorPage(0, type, location));
      return this;
    }

    /** Returns the deployment. */
    public Deployment build() {
      return new Deployment(this);
    }
  }
}

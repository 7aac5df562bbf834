package dev.trafficmirror.testing.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.apache.tomcat.util.scan.StandardJarScanner;

/** Starts embedded Tomcat 11 (Servlet 6.1). */
public final class TomcatStarter implements ContainerStarter {

  @Override
  public String name() {
    return "tomcat-11";
  }

  @Override
  public ServletContainer start(Deployment deployment) throws Exception {
    Tomcat tomcat = tomcat();
    Context context =
        tomcat.addContext(
            "", Files.createDirectories(baseDir(tomcat).resolve("docroot")).toString());
    configure(context, deployment);
    return start(tomcat);
  }

  @Override
  public ServletContainer startWebapp(Path webappDir) throws Exception {
    Tomcat tomcat = tomcat();
    // No default web.xml: no JSP servlet (Jasper is not on the class path) and no default servlet.
    ContextConfig config = new ContextConfig();
    config.setDefaultWebXml(Constants.NO_DEFAULT_WEB_XML);
    Context context = tomcat.addWebapp(tomcat.getHost(), "", webappDir.toString(), config);
    context.setParentClassLoader(TomcatStarter.class.getClassLoader());
    // Scan the webapp only (WEB-INF/classes and WEB-INF/lib), as for a deployed war.
    ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
    ServletContainer container = start(tomcat);
    if (context.getState() != LifecycleState.STARTED) {
      container.close();
      throw new IllegalStateException("webapp did not start: " + context.getStateName());
    }
    return container;
  }

  @Override
  public Throwable startExpectingFailure(Deployment deployment) throws Exception {
    // Tomcat does not throw from start() when a filter's init fails: it logs the exception and
    // marks the context FAILED. The logged exception is the failure.
    List<Throwable> logged = new ArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (record.getThrown() != null) {
              synchronized (logged) {
                logged.add(record.getThrown());
              }
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger catalina = Logger.getLogger("org.apache.catalina");
    catalina.addHandler(handler);
    Tomcat tomcat = tomcat();
    Context context =
        tomcat.addContext(
            "", Files.createDirectories(baseDir(tomcat).resolve("docroot")).toString());
    configure(context, deployment);
    ServletContainer container = start(tomcat);
    try {
      if (context.getState() == LifecycleState.STARTED) {
        throw new AssertionError(
            "Tomcat started the context although a component should have failed");
      }
      synchronized (logged) {
        if (logged.isEmpty()) {
          throw new AssertionError(
              "context failed without a logged exception: " + context.getStateName());
        }
        return logged.get(0);
      }
    } finally {
      container.close();
      catalina.removeHandler(handler);
    }
  }

  private static void configure(Context context, Deployment deployment) {
    for (Deployment.ServletSpec spec : deployment.servlets()) {
      Wrapper wrapper = Tomcat.addServlet(context, spec.name(), spec.servlet());
      wrapper.setAsyncSupported(spec.asyncSupported());
      if (spec.multipartConfig() != null) {
        wrapper.setMultipartConfigElement(spec.multipartConfig());
      }
      spec.patterns().forEach(p -> context.addServletMapping(p, spec.name()));
    }
    for (Deployment.FilterSpec spec : deployment.filters()) {
      FilterDef def = new FilterDef();
      def.setFilterName(spec.name());
      if (spec.instance() != null) {
        def.setFilter(spec.instance());
        def.setFilterClass(spec.instance().getClass().getName());
      } else {
        def.setFilterClass(spec.type().getName());
      }
      def.setAsyncSupported("true");
      spec.initParams().forEach(def::addInitParameter);
      context.addFilterDef(def);
      FilterMap map = new FilterMap();
      map.setFilterName(spec.name());
      spec.patterns().forEach(map::addURLPattern);
      spec.dispatcherTypes().forEach(t -> map.setDispatcher(t.name()));
      context.addFilterMap(map);
    }
    if (!deployment.listeners().isEmpty()) {
      // Listener instances go through the Servlet API, as a web application would add them.
      context.addServletContainerInitializer(
          (classes, servletContext) -> deployment.listeners().forEach(servletContext::addListener),
          null);
    }
    for (Deployment.ErrorPage page : deployment.errorPages()) {
      ErrorPage errorPage = new ErrorPage();
      if (page.exceptionType() != null) {
        errorPage.setExceptionType(page.exceptionType().getName());
      } else {
        errorPage.setErrorCode(page.status());
      }
      errorPage.setLocation(page.location());
      context.addErrorPage(errorPage);
    }
  }

  private static Tomcat tomcat() throws IOException {
    Tomcat tomcat = new Tomcat();
    Path base = Files.createTempDirectory("tomcat-");
    tomcat.setBaseDir(base.toString());
    tomcat.setPort(0);
    Connector connector = tomcat.getConnector();
    connector.setProperty("address", "127.0.0.1");
    return tomcat;
  }

  private static Path baseDir(Tomcat tomcat) {
    return Path.of(tomcat.getServer().getCatalinaBase().getPath());
  }

  private static ServletContainer start(Tomcat tomcat) throws Exception {
    tomcat.start();
    URI base = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort());
    Path baseDir = baseDir(tomcat);
    return new ServletContainer() {
      @Override
      public URI baseUri() {
        return base;
      }

      @Override
      public void close() {
        try {
          tomcat.stop();
          tomcat.destroy();
        } catch (Exception e) {
          throw new IllegalStateException("Tomcat did not stop", e);
        }
        deleteQuietly(baseDir);
      }

      @Override
      public String toString() {
        return "Tomcat " + base;
      }
    };
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // A temporary directory left behind is harmless.
    }
  }

  /** Tomcat's marker for "no default web.xml", spelled out so the starter compiles on its own. */
  private static final class Constants {
    static final String NO_DEFAULT_WEB_XML = org.apache.catalina.startup.Constants.NoDefaultWebXml;
  }
}

package dev.trafficmirror.testing.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.MirrorConfig;
import dev.trafficmirror.jaxrs.MirrorFeature;
import dev.trafficmirror.servlet.MirrorFilter;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.testing.Bodies;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The JAX-RS suite in a servlet container, plus what only a servlet container has: servlet filters
 * in front of the runtime, and resources that use the servlet API. A subclass says how to start an
 * application behind a servlet filter.
 */
public abstract class JaxrsServletSuite extends JaxrsMirrorSuite {

  /**
   * Starts {@code app} in the servlet container on a loopback port (port 0), with {@code filter}
   * mapped to {@code /*} for {@code REQUEST} dispatches in front of the runtime's servlet, both
   * async-supported.
   */
  protected abstract TestServer start(Application app, Filter filter) throws Exception;

  /** Starts {@code app} behind a filter that marks requests as the servlet filter would. */
  @Override
  protected final TestServer start(Application app) throws Exception {
    return start(app, new CapturedByServletFilter());
  }

  @Override
  protected Set<Class<?>> applicationClasses() {
    Set<Class<?>> classes = new HashSet<>(super.applicationClasses());
    classes.add(ServletFormResource.class);
    return classes;
  }

  /** A servlet request attribute set by a servlet filter is a request property to the feature. */
  @Test
  void servletAttributeSetByServletFilter_featureStandsAside() throws Exception {
    Sent sent =
        sendBoth(
            "POST",
            "echo/string",
            "text/plain",
            utf8("seen by the filter"),
            null,
            "X-Servlet-Captured",
            "yes");
    assertThat(sent.answer().text()).isEqualTo("got 18: seen by the filter");
    assertNotMirrored(sent);
  }

  /**
   * A resource that asks the servlet API for a form's parameters gets what it would get without the
   * feature, which did not read the form ahead; the copy is skipped, as the feature never saw the
   * body. (What the resource gets is the runtime's business: Jersey has opened the request's input
   * stream before any resource runs, so the container no longer parses the form and {@code
   * getParameter} answers null; RESTEasy leaves the container to parse it.)
   */
  @Test
  protected void formReadThroughTheServletApi_answeredAsWithoutFeature_copySkipped()
      throws Exception {
    Sent sent =
        sendBoth("POST", "servlet/form", "application/x-www-form-urlencoded", utf8("a=1&b=x+y"));
    assertSkipped(sent, OutcomeKind.SKIPPED_CAPTURE_ERROR);
  }

  /**
   * MirrorFilter in front of the runtime with the feature registered too: the filter captures, the
   * feature stands aside, each request is mirrored once, a form read as {@code @FormParam} as well
   * (for a runtime that asks the container for those, the filter answers {@code getParameter*}).
   */
  @Test
  void servletFilterAndFeatureTogether_mirrorEachRequestOnce() throws Exception {
    RecordingTarget both = new RecordingTarget();
    Mirror once =
        Mirror.builder()
            .config(MirrorConfig.builder().methods(List.of("POST")).build())
            .target("both", both)
            .build();
    try {
      TestServer server =
          start(
              new TestApp(applicationClasses(), Set.of(MirrorFeature.create(once)), Map.of()),
              MirrorFilter.create(once));
      try {
        for (int i = 0; i < 3; i++) {
          String caseId = UUID.randomUUID().toString();
          byte[] body = utf8("hello " + i);
          Answer answer =
              send(
                  server,
                  "POST",
                  "echo/string",
                  "text/plain",
                  BodyPublishers.ofByteArray(body),
                  caseId);
          assertThat(answer.text()).isEqualTo("got 7: hello " + i);
          await().atMost(WAIT).until(() -> both.contains(caseId));
          assertThat(both.get(caseId).request().body().toByteArray()).isEqualTo(body);
        }
        String caseId = UUID.randomUUID().toString();
        byte[] form = utf8("a=1&b=x+y%26z");
        Answer answer =
            send(
                server,
                "POST",
                "echo/form",
                "application/x-www-form-urlencoded",
                BodyPublishers.ofByteArray(form),
                caseId);
        assertThat(answer.text()).isEqualTo("a=1;b=x y&z");
        await().atMost(WAIT).until(() -> both.contains(caseId));
        assertThat(Bodies.sha256(both.get(caseId).request().body().toByteArray()))
            .isEqualTo(Bodies.sha256(form));
        await().atMost(WAIT).until(() -> once.outcomeCounts().total("both") == 4);
      } finally {
        server.stop();
      }
      // A second copy of any request would have been queued before its answer: the drain on close
      // gives it every chance to be counted.
      once.close();
      assertThat(both.size()).isEqualTo(4);
      assertThat(once.outcomeCounts().total("both")).isEqualTo(4);
    } finally {
      once.close();
    }
  }

  /** Stands in for MirrorFilter: marks the requests it would have captured. */
  private static final class CapturedByServletFilter implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      if (((HttpServletRequest) request).getHeader("X-Servlet-Captured") != null) {
        request.setAttribute(Mirror.CAPTURED_ATTRIBUTE, "servlet");
      }
      chain.doFilter(request, response);
    }
  }

  /** Reads a form through the servlet API, as some resources do. */
  @Path("servlet")
  public static class ServletFormResource {
    @POST
    @Path("form")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_PLAIN)
    public String form(@Context HttpServletRequest request) {
      return "a=" + request.getParameter("a") + ";b=" + request.getParameter("b");
    }
  }
}

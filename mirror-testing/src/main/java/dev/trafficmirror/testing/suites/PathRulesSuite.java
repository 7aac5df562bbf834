package dev.trafficmirror.testing.suites;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.MirrorConfig;
import dev.trafficmirror.servlet.MirrorFilter;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.testing.ClientResponse;
import dev.trafficmirror.testing.RawHttp;
import dev.trafficmirror.testing.RecordingOutcomes;
import dev.trafficmirror.testing.RecordingShadowTarget;
import dev.trafficmirror.testing.TestIds;
import dev.trafficmirror.testing.containers.ContainerStarter;
import dev.trafficmirror.testing.containers.Deployment;
import dev.trafficmirror.testing.containers.ServletContainer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code mirror.exclude} holds however a client spells an excluded path: encoded unreserved
 * characters, {@code //}, dot segments and {@code ;} parameters never reach the shadow. Where the
 * container refuses a spelling itself, production's answer is the control's (the same container
 * without the filter), and nothing is mirrored. A spelling the container lets through but the
 * mirror cannot normalise is counted as {@code SKIPPED_BAD_PATH}, never sent.
 */
@Timeout(60)
public abstract class PathRulesSuite {
  private static final String TARGET = "recorder";
  private static final List<String> EXCLUDED_SPELLINGS =
      List.of(
          "/predict/admin/x",
          "/predict/%61dmin/x",
          "/predict/%61%64%6D%69%6E/x",
          "/predict//admin/x",
          "/predict/./admin/x",
          "/predict/%2e/admin/x",
          "/predict/x/../admin/x",
          "/predict/x/%2e%2e/admin/x",
          "/predict/admin;jsessionid=1/x",
          "/predict/x/..;/admin/x",
          "/predict/admin/",
          "/predict/admin");
  private static final List<String> UNNORMALISABLE =
      List.of("/predict/admin%2Fx", "/predict/%zz", "/predict/../../x", "/predict/a%00b");

  /** Returns the starter of the container under test. */
  protected abstract ContainerStarter starter();

  /** Answers {@code 200} with the request URI as the container passed it on. */
  static final class UriServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.setContentType("text/plain");
      response.getWriter().write("seen " + request.getRequestURI());
    }
  }

  @Test
  void excludedPath_isNotMirrored_howeverItIsSpelt_andProductionAnswersAsTheControl()
      throws Exception {
    RecordingShadowTarget shadow = new RecordingShadowTarget();
    RecordingOutcomes outcomes = new RecordingOutcomes();
    Mirror mirror =
        Mirror.builder()
            .config(
                MirrorConfig.builder()
                    .methods(List.of("GET"))
                    .exclude(List.of("/predict/admin/**"))
                    .build())
            .target(TARGET, shadow)
            .listener(outcomes)
            .build();
    Deployment mirrored =
        Deployment.builder()
            .filter("/*", MirrorFilter.create(mirror))
            .servlet("/*", new UriServlet())
            .build();
    Deployment control = Deployment.builder().servlet("/*", new UriServlet()).build();
    Map<String, Integer> statuses = new LinkedHashMap<>();
    try (ServletContainer production = starter().start(mirrored);
        ServletContainer plain = starter().start(control)) {
      for (String path : concat(EXCLUDED_SPELLINGS, UNNORMALISABLE)) {
        ClientResponse got = get(production, path, TestIds.next());
        ClientResponse expected = get(plain, path, TestIds.next());
        assertThat(got.status())
            .as("%s: status as the control's", path)
            .isEqualTo(expected.status());
        // An error page may name the server's own address.
        assertThat(got.text().replace(production.baseUri().getAuthority(), "server"))
            .as("%s: body as the control's", path)
            .isEqualTo(expected.text().replace(plain.baseUri().getAuthority(), "server"));
        statuses.put(path, got.status());
      }
      // A path the rules include is mirrored: everything sent before it would have arrived first.
      String sentinel = TestIds.next();
      assertThat(get(production, "/predict/%69ris", sentinel).status()).isEqualTo(200);
      assertThat(shadow.await(sentinel).path()).isEqualTo("/predict/%69ris");
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> outcomes.of(sentinel).size() == 1);

      assertThat(shadow.all())
          .as("only the sentinel reached the shadow; statuses %s", statuses)
          .hasSize(1);
      long badPaths = mirror.outcomeCounts().get(TARGET, OutcomeKind.SKIPPED_BAD_PATH);
      assertThat(mirror.outcomeCounts().total(TARGET))
          .as(
              "the sentinel, and a bad-path skip for each unnormalisable path the container let through")
          .isEqualTo(1 + badPaths);
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> outcomes.all().size() == 1 + badPaths);
      for (MirrorOutcome o : outcomes.all()) {
        if (o.kind() == OutcomeKind.SKIPPED_BAD_PATH) {
          assertThat(UNNORMALISABLE).contains(o.request().path());
          assertThat(statuses.get(o.request().path()))
              .as("production answered %s", o.request().path())
              .isEqualTo(200);
        }
      }
      assertThat(mirror.statistics().targets().get(0).routes())
          .extracting(r -> r.route())
          .allMatch(route -> route.equals("GET /predict/iris") || route.equals("GET <bad path>"));
    } finally {
      mirror.close();
    }
  }

  private static ClientResponse get(ServletContainer container, String path, String testId)
      throws IOException {
    return RawHttp.send(container.baseUri(), "GET", path, Map.of(TestIds.HEADER, testId), null);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }
}

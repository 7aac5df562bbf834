package dev.trafficmirror.testing.servlets;

import dev.trafficmirror.servlet.MirrorRequestListener;
import dev.trafficmirror.testing.containers.Deployment;
import jakarta.servlet.Filter;
import jakarta.servlet.MultipartConfigElement;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** The web application of the transparency suite, deployed with and without the filter. */
public final class ScenarioApp {
  /** The largest file part the multipart servlet accepts. */
  public static final int MAX_FILE_SIZE = 256 * 1024;

  /** File parts above this size are written to the multipart location. */
  public static final int FILE_SIZE_THRESHOLD = 1024;

  private ScenarioApp() {}

  /**
   * Returns the application, with {@code filter} on {@code /*} for every dispatcher type and a
   * {@link MirrorRequestListener} when it is not null; multipart files go to {@code
   * multipartLocation}.
   */
  public static Deployment deployment(@Nullable Filter filter, Path multipartLocation) {
    Deployment.Builder app = Deployment.builder();
    if (filter != null) {
      app.filter("/*", filter).listener(new MirrorRequestListener());
    }
    MultipartConfigElement multipart =
        new MultipartConfigElement(
            multipartLocation.toString(), MAX_FILE_SIZE, 4L * MAX_FILE_SIZE, FILE_SIZE_THRESHOLD);
    return app.servlet("/read/*", new BodyReadingServlet())
        .servlet("/form/*", new FormServlet())
        .servlet("/multipart/*", new MultipartServlet(multipartLocation), false, multipart)
        .servlet("/multipart-noconfig/*", new MultipartServlet(multipartLocation))
        .servlet("/async/*", new AsyncServlet(), true, null)
        .servlet("/dispatch/*", new DispatchServlet())
        .servlet("/response/*", new ResponseServlet())
        .servlet("/error", new ErrorPageServlet())
        .errorPage(418, "/error")
        .errorPage(Throwable.class, "/error")
        .build();
  }
}

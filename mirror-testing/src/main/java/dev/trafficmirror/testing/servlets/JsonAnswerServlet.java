package dev.trafficmirror.testing.servlets;

import dev.trafficmirror.testing.FaultShadowServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the whole request body and answers {@link FaultShadowServer#HEALTHY_BODY} as {@code
 * application/json}: the production side of the shadow-fault and soak suites.
 */
public final class JsonAnswerServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final byte[] ANSWER =
      FaultShadowServer.HEALTHY_BODY.getBytes(StandardCharsets.UTF_8);

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    request.getInputStream().readAllBytes();
    response.setContentType("application/json");
    response.setContentLength(ANSWER.length);
    response.getOutputStream().write(ANSWER);
  }
}

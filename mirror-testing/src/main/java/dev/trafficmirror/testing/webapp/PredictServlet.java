package dev.trafficmirror.testing.webapp;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** A model endpoint registered by annotation: answers how many bytes it was given. */
@WebServlet(urlPatterns = "/predict/*", asyncSupported = true)
public class PredictServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    int bytes = request.getInputStream().readAllBytes().length;
    response.setContentType("application/json");
    response
        .getOutputStream()
        .write(("{\"model\":\"v1\",\"bytes\":" + bytes + "}").getBytes(StandardCharsets.UTF_8));
  }
}

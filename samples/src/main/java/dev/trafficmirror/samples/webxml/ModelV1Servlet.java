package dev.trafficmirror.samples.webxml;

import dev.trafficmirror.samples.IrisModel;
import dev.trafficmirror.samples.PredictServlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Model v1 as a servlet with a no-argument constructor, for {@code web.xml}. */
public class ModelV1Servlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final PredictServlet delegate = new PredictServlet(IrisModel.V1, 0, false);

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    delegate.service((ServletRequest) request, (ServletResponse) response);
  }
}

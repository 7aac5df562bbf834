package dev.trafficmirror.samples;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /predict} with {@code {"features":[5.1,3.5,1.4,0.2]}}: answers the model's
 * prediction. Bad input gets 400, unless the service is the fragile one, which fails with 500.
 */
public final class PredictServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final JsonFactory JSON = new JsonFactory();

  private final transient IrisModel model;
  private final long extraLatencyMicros;
  private final boolean failsOnBadInput;

  /**
   * Creates the service.
   *
   * @param extraLatencyMicros time the model "thinks" on top of the computation
   * @param failsOnBadInput whether malformed input makes it fail (500) instead of refusing it (400)
   */
  public PredictServlet(IrisModel model, long extraLatencyMicros, boolean failsOnBadInput) {
    this.model = model;
    this.extraLatencyMicros = extraLatencyMicros;
    this.failsOnBadInput = failsOnBadInput;
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    IrisModel.Prediction prediction;
    try (InputStream in = request.getInputStream()) {
      prediction = model.predict(features(in));
    } catch (IllegalArgumentException | IOException e) {
      if (failsOnBadInput) {
        throw new IllegalStateException("model crashed on its input", e);
      }
      respond(
          response,
          400,
          "{\"error\":\"" + String.valueOf(e.getMessage()).replace("\"", "'") + "\"}");
      return;
    }
    think();
    respond(response, 200, prediction.toJson(model.name(), UUID.randomUUID().toString()));
  }

  private void think() {
    if (extraLatencyMicros > 0) {
      try {
        TimeUnit.MICROSECONDS.sleep(extraLatencyMicros);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void respond(HttpServletResponse response, int status, String json)
      throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /**
   * Reads the {@code features} array of numbers from a JSON request body.
   *
   * @throws IllegalArgumentException when the body is not such an object
   */
  public static double[] features(InputStream in) throws IOException {
    try (JsonParser p = JSON.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("body must be a JSON object");
      }
      double[] features = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("features".equals(field) && value == JsonToken.START_ARRAY) {
          double[] read = new double[8];
          int n = 0;
          while (p.nextToken() != JsonToken.END_ARRAY) {
            if (!p.currentToken().isNumeric() || n == read.length) {
              throw new IllegalArgumentException("features must be 4 numbers");
            }
            read[n++] = p.getDoubleValue();
          }
          features = Arrays.copyOf(read, n);
        } else {
          p.skipChildren();
        }
      }
      if (features == null) {
        throw new IllegalArgumentException("features are missing");
      }
      return features;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("body is not valid JSON");
    }
  }
}

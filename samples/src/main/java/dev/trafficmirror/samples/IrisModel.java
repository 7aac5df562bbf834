package dev.trafficmirror.samples;

import java.util.List;
import java.util.Locale;

/**
 * A tiny, deterministic iris classifier: the nearest of three class centroids, with scores from a
 * softmax over negative distances. Version 1 and version 2 differ only in their centroids (as a
 * retrained model would): they agree on most flowers and disagree near the class boundaries.
 */
public final class IrisModel {
  /** The species, in score order. */
  public static final List<String> SPECIES = List.of("setosa", "versicolor", "virginica");

  /** The production model. */
  public static final IrisModel V1 =
      new IrisModel(
          "iris-v1",
          new double[][] {
            {5.01, 3.43, 1.46, 0.25}, {5.94, 2.77, 4.26, 1.33}, {6.59, 2.97, 5.55, 2.03}
          });

  /** The candidate: retrained centroids. */
  public static final IrisModel V2 =
      new IrisModel(
          "iris-v2",
          new double[][] {
            {5.00, 3.40, 1.49, 0.24}, {5.90, 2.75, 4.40, 1.40}, {6.60, 3.00, 5.65, 2.08}
          });

  private final String name;
  private final double[][] centroids;

  private IrisModel(String name, double[][] centroids) {
    this.name = name;
    this.centroids = centroids;
  }

  /** Returns the model's name, for example {@code iris-v1}. */
  public String name() {
    return name;
  }

  /**
   * Classifies one flower.
   *
   * @param features sepal length, sepal width, petal length, petal width (cm)
   * @throws IllegalArgumentException unless there are exactly four finite numbers
   */
  public Prediction predict(double[] features) {
    if (features.length != 4) {
      throw new IllegalArgumentException("features must be 4 numbers, got " + features.length);
    }
    double[] weights = new double[3];
    double sum = 0;
    for (int c = 0; c < 3; c++) {
      double squares = 0;
      for (int i = 0; i < 4; i++) {
        if (!Double.isFinite(features[i])) {
          throw new IllegalArgumentException("features must be finite numbers");
        }
        double d = features[i] - centroids[c][i];
        squares += d * d;
      }
      weights[c] = Math.exp(-2 * Math.sqrt(squares));
      sum += weights[c];
    }
    double[] scores = new double[3];
    int best = 0;
    for (int c = 0; c < 3; c++) {
      scores[c] = Math.round(weights[c] / sum * 10_000) / 10_000.0;
      if (scores[c] > scores[best]) {
        best = c;
      }
    }
    return new Prediction(SPECIES.get(best), scores);
  }

  /**
   * One classification.
   *
   * @param label the predicted species
   * @param scores the score of each species, in {@link #SPECIES} order, rounded to 4 decimals
   */
  public record Prediction(String label, double[] scores) {
    /** Returns the JSON answer of the service. */
    public String toJson(String model, String requestId) {
      return String.format(
          Locale.ROOT,
          "{\"model\":\"%s\",\"prediction\":\"%s\",\"scores\":{\"setosa\":%s,\"versicolor\":%s,\"virginica\":%s},\"request_id\":\"%s\"}",
          model,
          label,
          scores[0],
          scores[1],
          scores[2],
          requestId);
    }
  }
}

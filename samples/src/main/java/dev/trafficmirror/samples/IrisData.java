package dev.trafficmirror.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Fisher's Iris measurements (public domain), shipped with the sample. */
public final class IrisData {
  private IrisData() {}

  /**
   * One flower.
   *
   * @param features sepal length, sepal width, petal length, petal width (cm)
   * @param species the true species
   */
  public record Flower(double[] features, String species) {}

  /** Returns the 150 flowers. */
  public static List<Flower> load() {
    try (InputStream in =
            Objects.requireNonNull(IrisData.class.getResourceAsStream("iris.csv"), "iris.csv");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      List<Flower> flowers = new ArrayList<>();
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#") || line.startsWith("sepal_length")) {
          continue;
        }
        String[] cells = line.split(",", -1);
        double[] features = new double[4];
        for (int i = 0; i < 4; i++) {
          features[i] = Double.parseDouble(cells[i]);
        }
        flowers.add(new Flower(features, cells[4]));
      }
      return List.copyOf(flowers);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.trafficmirror.core.internal.report;

/**
 * Decides whether a path's differences are noise: differences the baseline (production's own
 * version) shows about as often as the candidate. After Diffy's relative and absolute thresholds, a
 * path is <b>real</b> when the baseline never differed there, or when the candidate's rate exceeds
 * the baseline's by more than {@value #ABSOLUTE} (absolute) <em>and</em> by more than {@value
 * #RELATIVE} of the candidate's rate (relative); otherwise it is <b>noise</b>.
 */
final class NoiseRule {
  /** The absolute threshold: 3 percentage points. */
  public static final double ABSOLUTE = 0.03;

  /** The relative threshold: 20 % of the candidate's rate. */
  public static final double RELATIVE = 0.2;

  private NoiseRule() {}

  /**
   * Returns whether a path is noise.
   *
   * @param candidateRate the candidate's rate of differences at the path among its compared copies
   * @param baselineCount how many of the baseline's copies differed at the path
   * @param baselineRate the baseline's rate of differences at the path among its compared copies
   */
  public static boolean isNoise(double candidateRate, long baselineCount, double baselineRate) {
    if (baselineCount == 0) {
      return false;
    }
    double excess = candidateRate - baselineRate;
    return excess <= ABSOLUTE || excess <= RELATIVE * candidateRate;
  }
}

package dev.trafficmirror.core.status;

import dev.trafficmirror.core.MirrorStatistics;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Objects;

/**
 * Renders a mirror's status page from a {@link MirrorStatistics} snapshot ({@code
 * mirror.statistics()}): per target, the outcome counts, agreement, production and shadow latency,
 * the busiest routes, the differences by path, and the recent mismatches with their {@code curl}
 * lines.
 *
 * <p>{@link #html} gives a self-contained page (no external assets or scripts, an inline SVG chart,
 * every value escaped); {@link #writeJson} gives the same content as one JSON object, whose field
 * names are stable. Unless {@code showBodies} ({@code mirror.status.show-bodies}) is set,
 * whole-body previews of differences (path {@code body}) read {@value #HIDDEN_BODY}. Neither method
 * checks who is asking: access control is the caller's.
 *
 * <p>Stateless and thread-safe.
 */
public final class StatusPage {
  /** What a whole-body preview reads when bodies are hidden. */
  public static final String HIDDEN_BODY = StatusHtml.HIDDEN_BODY;

  /** The longest auto-refresh period {@link #html} accepts, in seconds: one hour. */
  public static final int MAX_REFRESH_SECONDS = 3600;

  private StatusPage() {}

  /**
   * Returns the status page of {@code statistics} as an HTML document.
   *
   * @param statistics the snapshot to show
   * @param generated the time the page states it was generated, usually {@code Instant.now()}
   * @param refreshSeconds the auto-refresh period; 0 turns auto-refresh off
   * @param showBodies whether whole-body previews of differences are shown
   * @throws IllegalArgumentException if {@code refreshSeconds} is not from 0 to {@value
   *     #MAX_REFRESH_SECONDS}
   */
  public static String html(
      MirrorStatistics statistics, Instant generated, int refreshSeconds, boolean showBodies) {
    Objects.requireNonNull(statistics, "statistics");
    Objects.requireNonNull(generated, "generated");
    if (refreshSeconds < 0 || refreshSeconds > MAX_REFRESH_SECONDS) {
      throw new IllegalArgumentException(
          "refreshSeconds=" + refreshSeconds + ": must be from 0 to " + MAX_REFRESH_SECONDS);
    }
    return StatusHtml.render(statistics, generated, refreshSeconds, showBodies);
  }

  /**
   * Writes the status of {@code statistics} to {@code out} as one JSON object in UTF-8, the content
   * of the status servlet's {@code ?format=json} and of the actuator endpoint {@code mirror}. Does
   * not close {@code out}.
   *
   * @param statistics the snapshot to write
   * @param generated the time written as {@code generated}, usually {@code Instant.now()}
   * @param showBodies whether whole-body previews of differences are written
   * @param out where the document goes
   * @throws IOException if {@code out} fails
   */
  public static void writeJson(
      MirrorStatistics statistics, Instant generated, boolean showBodies, OutputStream out)
      throws IOException {
    Objects.requireNonNull(statistics, "statistics");
    Objects.requireNonNull(generated, "generated");
    Objects.requireNonNull(out, "out");
    StatusJson.write(statistics, generated, out, showBodies);
  }
}

package dev.trafficmirror.core.internal.report;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.trafficmirror.core.MismatchRecord;
import dev.trafficmirror.spi.Comparison;
import dev.trafficmirror.spi.Difference;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.OutcomeListener;
import dev.trafficmirror.spi.ProductionResponse;
import dev.trafficmirror.spi.ShadowResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The latest mismatches, bounded by count and by bytes and expiring with age (Caffeine). Each entry
 * weighs at least {@code maxBytes / maxCount}, so the byte bound also caps the count. Thread-safe.
 */
public final class RecentMismatches implements OutcomeListener {
  private final Cache<String, MismatchRecord> records;
  private final Map<String, String> baseUrls;
  private final Map<String, Map<String, String>> targetHeaders;
  private final boolean showBodies;
  private final Redaction redaction;

  /**
   * Creates a store of at most {@code maxCount} records and about {@code maxBytes}, each kept for
   * {@code maxAge}; {@code baseUrls} and {@code targetHeaders} give each target's URL and static
   * headers for the curl line, which carries the request body only when {@code showBodies} ({@code
   * mirror.status.show-bodies}). A record is redacted by {@code redaction} as it is made: its
   * query, differences and curl line.
   */
  public RecentMismatches(
      int maxCount,
      long maxBytes,
      Duration maxAge,
      Map<String, String> baseUrls,
      Map<String, Map<String, String>> targetHeaders,
      boolean showBodies,
      Redaction redaction) {
    this.showBodies = showBodies;
    this.redaction = redaction;
    long floor = Math.max(1, maxBytes / Math.max(1, maxCount));
    this.records =
        Caffeine.newBuilder()
            .maximumWeight(maxBytes)
            .weigher(
                (String id, MismatchRecord r) ->
                    (int) Math.min(Integer.MAX_VALUE, Math.max(floor, weight(r))))
            .expireAfterWrite(maxAge)
            .build();
    this.baseUrls = Map.copyOf(baseUrls);
    this.targetHeaders = Map.copyOf(targetHeaders);
  }

  @Override
  public void onOutcome(MirrorOutcome outcome) {
    Comparison comparison = outcome.comparison();
    ProductionResponse production = outcome.production();
    ShadowResponse shadow = outcome.shadow();
    // What could not be judged is shown with the mismatches: it is no agreement either.
    if ((outcome.kind() != OutcomeKind.MISMATCH && outcome.kind() != OutcomeKind.UNCOMPARED)
        || comparison == null
        || production == null
        || shadow == null) {
      return;
    }
    String baseUrl = baseUrls.getOrDefault(outcome.target(), "http://localhost");
    MismatchRecord record =
        new MismatchRecord(
            outcome.request().id(),
            outcome.target(),
            outcome.finishedAt(),
            outcome.request().method(),
            RouteKeys.of(outcome.request().method(), outcome.request().path()),
            redaction.pathAndQuery(outcome.request().path(), outcome.request().rawQuery()),
            production.status(),
            shadow.status(),
            redaction.comparison(comparison),
            CurlCommand.of(
                redaction.request(outcome.request(), true),
                baseUrl,
                targetHeaders.getOrDefault(outcome.target(), Map.of()),
                redaction.policy(),
                showBodies));
    records.put(outcome.target() + "/" + outcome.request().id(), record);
  }

  /** Returns the records held now, newest first. */
  public List<MismatchRecord> newestFirst() {
    return records.asMap().values().stream()
        .sorted(Comparator.comparing(MismatchRecord::time).reversed())
        .toList();
  }

  private static long weight(MismatchRecord r) {
    long n = 256L + r.pathAndQuery().length() * 2L + r.route().length() * 2L;
    String curl = r.curl();
    n += curl == null ? 0 : curl.length() * 2L;
    for (Difference d : r.comparison().differences()) {
      n += 64 + d.path().length() * 2L + length(d.production()) * 2L + length(d.shadow()) * 2L;
    }
    return n;
  }

  private static int length(@Nullable String s) {
    return s == null ? 0 : s.length();
  }
}

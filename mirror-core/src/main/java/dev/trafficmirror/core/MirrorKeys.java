package dev.trafficmirror.core;

import dev.trafficmirror.core.config.ConfigKey;
import dev.trafficmirror.core.config.ConfigValues;
import dev.trafficmirror.spi.InvalidConfigException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The table of every key of {@code mirror-core}: the one place each is defined (see {@link
 * ConfigKey}). {@link MirrorConfig#fromProperties} parses with it, the builders check with it, the
 * environment overrides are named from it, and {@code docs/configuration.md} is checked against it
 * by a test. Lists are in the order the documentation gives them.
 */
public final class MirrorKeys {
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  /** {@code mirror.enabled}. */
  public static final ConfigKey<MirrorConfig.Builder, Boolean> ENABLED =
      ConfigKey.<MirrorConfig.Builder>bool("mirror.enabled", MirrorConfig.Builder::enabled)
          .doc(
              "`true`",
              "`true`, `false`",
              "`false`",
              "Master switch. When false nothing is mirrored and no target is required.");

  /** {@code mirror.targets}. */
  public static final ConfigKey<MirrorConfig.Builder, List<String>> TARGETS =
      ConfigKey.<MirrorConfig.Builder>list("mirror.targets", (b, names) -> {})
          .doc(
              "(none; required when enabled)",
              "list of names: letters, digits, `_`, `-`, 1–64 chars",
              "`v2,recorder`",
              "The shadow targets, each configured under `mirror.target.<name>.`.");

  /** {@code mirror.sample-rate}. */
  public static final ConfigKey<MirrorConfig.Builder, Double> SAMPLE_RATE =
      ConfigKey.<MirrorConfig.Builder>rate("mirror.sample-rate", MirrorConfig.Builder::sampleRate)
          .doc(
              "`1`",
              "0..1",
              "`0.1`",
              "Share of matching requests that are mirrored (captured and copied).");

  /** {@code mirror.sample-key}. */
  public static final ConfigKey<MirrorConfig.Builder, String> SAMPLE_KEY =
      ConfigKey.<MirrorConfig.Builder>text(
              "mirror.sample-key", (b, v) -> b.sampleKey(v.isBlank() ? null : v.trim()))
          .doc(
              "(none: random sampling)",
              "a header name",
              "`X-User-Id`",
              "Sticky sampling: the hash of this header's value decides, so one user's requests are all in or all out. Requests without the header are sampled at random. The hash is keyed by `mirror.sample-seed`, so a client cannot compute which values are sampled.");

  /** {@code mirror.methods}. */
  public static final ConfigKey<MirrorConfig.Builder, List<String>> METHODS =
      ConfigKey.<MirrorConfig.Builder>list("mirror.methods", MirrorConfig.Builder::methods)
          .doc(
              "`GET,HEAD,OPTIONS`",
              "list of method names",
              "`POST`",
              "Methods mirrored. Unsafe methods (POST, PUT, PATCH, DELETE) are mirrored only when named: a shadow that writes would double side effects. The startup log line says which methods are mirrored.");

  /** {@code mirror.include}. */
  public static final ConfigKey<MirrorConfig.Builder, List<String>> INCLUDE =
      ConfigKey.<MirrorConfig.Builder>list("mirror.include", MirrorConfig.Builder::include)
          .doc(
              "(none: every path)",
              "list of globs",
              "`/predict/**,/score`",
              "Only these paths are mirrored.");

  /** {@code mirror.exclude}. */
  public static final ConfigKey<MirrorConfig.Builder, List<String>> EXCLUDE =
      ConfigKey.<MirrorConfig.Builder>list("mirror.exclude", MirrorConfig.Builder::exclude)
          .doc(
              "(none)",
              "list of globs",
              "`/predict/admin/**`",
              "These paths are never mirrored; wins over `include`.");

  /** {@code mirror.max-body-bytes}. */
  public static final ConfigKey<MirrorConfig.Builder, Long> MAX_BODY_BYTES =
      ConfigKey.<MirrorConfig.Builder>bytes(
              "mirror.max-body-bytes", 0, MAX_ARRAY, (b, v) -> b.maxBodyBytes(v.intValue()))
          .doc(
              "`1MiB`",
              "size, 0..2147483639",
              "`256KiB`",
              "A request body larger than this reaches production unchanged and is not mirrored (`SKIPPED_BODY_TOO_LARGE`); never truncated and sent.");

  /** {@code mirror.max-response-bytes}. */
  public static final ConfigKey<MirrorConfig.Builder, Long> MAX_RESPONSE_BYTES =
      ConfigKey.<MirrorConfig.Builder>bytes(
              "mirror.max-response-bytes", 0, MAX_ARRAY, (b, v) -> b.maxResponseBytes(v.intValue()))
          .doc(
              "`1MiB`",
              "size, 0..2147483639",
              "`64KiB`",
              "How much of production's and the shadow's response bodies is kept for comparison; a longer body is marked incomplete (`UNCOMPARED`, `truncated`). Also the most a body may have once its `Content-Encoding` is undone: decoding stops there (`UNCOMPARED`, `decode-limit`), so each comparing thread holds at most two decoded bodies of this size.");

  /** {@code mirror.max-buffered-bytes}. */
  public static final ConfigKey<MirrorConfig.Builder, Long> MAX_BUFFERED_BYTES =
      ConfigKey.<MirrorConfig.Builder>bytes(
              "mirror.max-buffered-bytes",
              1,
              Long.MAX_VALUE,
              MirrorConfig.Builder::maxBufferedBytes)
          .doc(
              "`64MiB`",
              "size, at least `mirror.max-body-bytes`",
              "`256MiB`",
              "Budget for all copies held at once (queued and in flight, all targets; a body shared by several targets counts once). A copy that does not fit is dropped (`DROPPED_BUDGET`).");

  /** {@code mirror.headers.forward-sensitive}. */
  public static final ConfigKey<MirrorConfig.Builder, Boolean> FORWARD_SENSITIVE =
      ConfigKey.<MirrorConfig.Builder>bool(
              "mirror.headers.forward-sensitive", MirrorConfig.Builder::forwardSensitiveHeaders)
          .doc(
              "`false`",
              "`true`, `false`",
              "`true`",
              "Whether the sensitive headers (`mirror.sensitive-headers`) are sent to shadows. A target may override it (`mirror.target.<name>.headers.forward-sensitive`). Outputs redact them either way.");

  /** {@code mirror.drain-timeout}. */
  public static final ConfigKey<MirrorConfig.Builder, Duration> DRAIN_TIMEOUT =
      ConfigKey.<MirrorConfig.Builder>duration(
              "mirror.drain-timeout", MirrorConfig.Builder::drainTimeout)
          .doc(
              "`5s`",
              "duration",
              "`10s`",
              "On shutdown, how long queued and in-flight copies may finish before they are abandoned (each counted as `DROPPED_SHUTDOWN`).");

  /** {@code mirror.compare.headers}. */
  public static final ConfigKey<DefaultResponseComparator.Builder, List<String>> COMPARE_HEADERS =
      ConfigKey.<DefaultResponseComparator.Builder>list(
              "mirror.compare.headers", DefaultResponseComparator.Builder::headers)
          .doc(
              "`Content-Type`",
              "list of header names; empty for none",
              "`Content-Type,Cache-Control`",
              "Response headers compared (by name, case-insensitively; `Content-Type` by type/subtype, see the next key). An empty value (`mirror.compare.headers=`) compares no header at all.");

  /** {@code mirror.compare.content-type-parameters}. */
  public static final ConfigKey<DefaultResponseComparator.Builder, List<String>>
      COMPARE_CONTENT_TYPE_PARAMETERS =
          ConfigKey.<DefaultResponseComparator.Builder>list(
                  "mirror.compare.content-type-parameters",
                  DefaultResponseComparator.Builder::contentTypeParameters)
              .doc(
                  "(none: type/subtype only)",
                  "list of parameter names",
                  "`charset,boundary`",
                  "`Content-Type` parameters compared besides type/subtype. A `charset` is compared as the charset it means: aliases are one charset (`utf8` = `UTF-8`), and a JSON type without one means UTF-8, so `application/json;charset=UTF-8` equals `application/json`. Other parameters are compared exactly.");

  /** {@code mirror.compare.ignore}. */
  public static final ConfigKey<DefaultResponseComparator.Builder, List<String>> COMPARE_IGNORE =
      ConfigKey.<DefaultResponseComparator.Builder>list(
              "mirror.compare.ignore", (b, v) -> v.forEach(b::ignore))
          .doc(
              "(none)",
              "list of JSON Pointers, `*` for any one segment",
              "`/request_id,/items/*/timestamp`",
              "JSON paths (and everything under them) left out of the comparison: ids, timestamps.");

  /** {@code mirror.compare.unordered}. */
  public static final ConfigKey<DefaultResponseComparator.Builder, List<String>> COMPARE_UNORDERED =
      ConfigKey.<DefaultResponseComparator.Builder>list(
              "mirror.compare.unordered", (b, v) -> v.forEach(b::unordered))
          .doc(
              "(none)",
              "list of JSON Pointers",
              "`/labels`",
              "Arrays at these paths compared as multisets, not by index.");

  /** {@code mirror.compare.tolerance}. */
  public static final ConfigKey<DefaultResponseComparator.Builder, Tolerance> COMPARE_TOLERANCE =
      ConfigKey.<DefaultResponseComparator.Builder, Tolerance>of(
              "mirror.compare.tolerance",
              (key, text) -> Tolerance.parse(text),
              (key, v) -> v,
              DefaultResponseComparator.Builder::tolerance)
          .doc(
              "exact",
              "tolerance: `1e-6` (absolute), `0.5%` (relative), or both `0.001,1%`",
              "`1%`",
              "Numeric tolerance for every number in JSON bodies: values match when within the absolute *or* the relative bound.");

  /** {@code mirror.compare.tolerance.<json-pointer>}. */
  public static final ConfigKey<DefaultResponseComparator.Builder, Tolerance> COMPARE_TOLERANCE_AT =
      ConfigKey.<DefaultResponseComparator.Builder, Tolerance>of(
              "mirror.compare.tolerance.<json-pointer>",
              (key, text) -> Tolerance.parse(text),
              (key, v) -> v,
              (b, v) -> {})
          .doc(
              "(the global tolerance)",
              "tolerance",
              "`mirror.compare.tolerance./scores/*=0.01`",
              "Tolerance for numbers at (and under) this path; the longest matching pattern wins.");

  /** {@code mirror.compare.max-differences}. */
  public static final ConfigKey<DefaultResponseComparator.Builder, Integer>
      COMPARE_MAX_DIFFERENCES =
          ConfigKey.<DefaultResponseComparator.Builder>integer(
                  "mirror.compare.max-differences",
                  1,
                  10_000,
                  DefaultResponseComparator.Builder::maxDifferences)
              .doc(
                  "`20`",
                  "1..10000",
                  "`50`",
                  "Differences listed per comparison (all are counted).");

  /** {@code mirror.log.path}. */
  public static final ConfigKey<MirrorConfig.Builder, String> LOG_PATH =
      ConfigKey.<MirrorConfig.Builder, String>of(
              "mirror.log.path",
              MirrorKeys::filePath,
              (key, v) -> v,
              (b, v) -> b.logPath(v.isEmpty() ? null : Path.of(v)))
          .doc(
              "(none: no log)",
              "a file path",
              "`/var/log/app/mirror.jsonl`",
              "JSON Lines outcome log: one line per outcome, written off the request path. A full disk or unwritable file is counted (`logLinesLost`), never thrown.");

  /** {@code mirror.log.bodies}. */
  public static final ConfigKey<MirrorConfig.Builder, Boolean> LOG_BODIES =
      ConfigKey.<MirrorConfig.Builder>bool("mirror.log.bodies", MirrorConfig.Builder::logBodies)
          .doc(
              "`false`",
              "`true`, `false`",
              "`true`",
              "Whether log lines carry the request headers (sensitive ones as `REDACTED`) and the request, production and shadow bodies (values at `mirror.redact.json-pointers` as `REDACTED`).");

  /** {@code mirror.log.max-bytes}. */
  public static final ConfigKey<MirrorConfig.Builder, Long> LOG_MAX_BYTES =
      ConfigKey.<MirrorConfig.Builder>bytes(
              "mirror.log.max-bytes", 1024, Long.MAX_VALUE, MirrorConfig.Builder::logMaxBytes)
          .doc(
              "`100MiB`",
              "size, at least 1 KiB",
              "`10MiB`",
              "Size at which the log rotates to `<path>.1`, `<path>.2`, …");

  /** {@code mirror.log.max-files}. */
  public static final ConfigKey<MirrorConfig.Builder, Integer> LOG_MAX_FILES =
      ConfigKey.<MirrorConfig.Builder>integer(
              "mirror.log.max-files", 1, 100, MirrorConfig.Builder::logMaxFiles)
          .doc("`5`", "1..100", "`10`", "Files kept, the current one included.");

  /** {@code mirror.stats.max-routes}. */
  public static final ConfigKey<MirrorConfig.Builder, Integer> STATS_MAX_ROUTES =
      ConfigKey.<MirrorConfig.Builder>integer(
              "mirror.stats.max-routes", 1, 10_000, MirrorConfig.Builder::statsMaxRoutes)
          .doc(
              "`100`",
              "1..10000",
              "`500`",
              "Routes kept in the statistics per target (least used evicted), so high-cardinality or hostile paths cannot grow memory.");

  /** {@code mirror.mismatches.max-count}. */
  public static final ConfigKey<MirrorConfig.Builder, Integer> MISMATCHES_MAX_COUNT =
      ConfigKey.<MirrorConfig.Builder>integer(
              "mirror.mismatches.max-count", 1, 100_000, MirrorConfig.Builder::mismatchesMaxCount)
          .doc("`100`", "1..100000", "`500`", "Recent mismatches kept for the status page.");

  /** {@code mirror.mismatches.max-bytes}. */
  public static final ConfigKey<MirrorConfig.Builder, Long> MISMATCHES_MAX_BYTES =
      ConfigKey.<MirrorConfig.Builder>bytes(
              "mirror.mismatches.max-bytes",
              1024,
              Long.MAX_VALUE,
              MirrorConfig.Builder::mismatchesMaxBytes)
          .doc("`4MiB`", "size, at least 1 KiB", "`16MiB`", "Memory for recent mismatches.");

  /** {@code mirror.mismatches.max-age}. */
  public static final ConfigKey<MirrorConfig.Builder, Duration> MISMATCHES_MAX_AGE =
      ConfigKey.<MirrorConfig.Builder>duration(
              "mirror.mismatches.max-age", MirrorConfig.Builder::mismatchesMaxAge)
          .doc("`1h`", "duration", "`15m`", "How long a mismatch is kept.");

  /** {@code mirror.baseline}. */
  public static final ConfigKey<MirrorConfig.Builder, String> BASELINE =
      ConfigKey.<MirrorConfig.Builder>text("mirror.baseline", MirrorConfig.Builder::baseline)
          .doc(
              "(none)",
              "the name of a configured target",
              "`v1-again`",
              "A target running production's own version. Paths where it differs from production about as often as a candidate does are *noise*: reported apart, not counted against the candidates (`agreement_rate_excluding_noise`). See [comparison.md](comparison.md#noise-and-the-baseline). A name that is not in `mirror.targets` fails at startup.");

  /** {@code mirror.target.<name>.type}. */
  public static final ConfigKey<TargetConfig.Builder, String> TYPE =
      ConfigKey.<TargetConfig.Builder>text("mirror.target.<name>.type", TargetConfig.Builder::type)
          .doc(
              "`http`",
              "a provider type",
              "`http`",
              "Which `ShadowTargetProvider` creates the target (found with `ServiceLoader`).");

  /** {@code mirror.target.<name>.url}. */
  public static final ConfigKey<TargetConfig.Builder, String> URL =
      ConfigKey.<TargetConfig.Builder>text("mirror.target.<name>.url", TargetConfig.Builder::url)
          .doc(
              "(none; required for `http`)",
              "absolute `http`/`https` URL without query",
              "`http://model-v2:8080`",
              "`http` type: base URL. The shadow request goes to this URL plus the request's path and query; nothing from the client can choose the host.");

  /** {@code mirror.target.<name>.max-response-bytes}. */
  public static final ConfigKey<TargetConfig.Builder, Long> TARGET_MAX_RESPONSE_BYTES =
      ConfigKey.<TargetConfig.Builder>bytes(
              "mirror.target.<name>.max-response-bytes",
              0,
              MAX_ARRAY,
              (b, v) -> b.setting("max-response-bytes", String.valueOf(v)))
          .doc(
              "`mirror.max-response-bytes`",
              "size",
              "`64KiB`",
              "`http` type: how much of the shadow's body is read; past it the call is aborted and the first bytes are compared as an incomplete body.");

  /** {@code mirror.target.<name>.connect-timeout}. */
  public static final ConfigKey<TargetConfig.Builder, Duration> CONNECT_TIMEOUT =
      ConfigKey.<TargetConfig.Builder>duration(
              "mirror.target.<name>.connect-timeout",
              (b, v) -> b.setting("connect-timeout", v.toMillis() + "ms"))
          .doc(
              "`500ms`, at most `timeout`",
              "duration",
              "`100ms`",
              "`http` type: how long making a connection may take. A connection that cannot be made in time (a shadow that drops connections) counts as a connect failure: `SHADOW_TIMEOUT`, and the target is paused (`connect-backoff`).");

  /** {@code mirror.target.<name>.timeout}. */
  public static final ConfigKey<TargetConfig.Builder, Duration> TIMEOUT =
      ConfigKey.<TargetConfig.Builder>duration(
              "mirror.target.<name>.timeout", TargetConfig.Builder::timeout)
          .doc(
              "`1s`",
              "duration",
              "`250ms`",
              "Deadline of one shadow call; past it the outcome is `SHADOW_TIMEOUT`, and the call is cancelled (the `http` target closes its connection) or, for a synchronous target, its thread interrupted.");

  /** {@code mirror.target.<name>.sample-rate}. */
  public static final ConfigKey<TargetConfig.Builder, Double> TARGET_SAMPLE_RATE =
      ConfigKey.<TargetConfig.Builder>rate(
              "mirror.target.<name>.sample-rate", TargetConfig.Builder::sampleRate)
          .doc(
              "`1`",
              "0..1",
              "`0.5`",
              "Share of mirrored requests sent to this target (after `mirror.sample-rate`). Deterministic per request (by mirror id, or by the `mirror.sample-key` value).");

  /** {@code mirror.target.<name>.threads}. */
  public static final ConfigKey<TargetConfig.Builder, Integer> THREADS =
      ConfigKey.<TargetConfig.Builder>integer(
              "mirror.target.<name>.threads", 1, 256, TargetConfig.Builder::threads)
          .doc(
              "`4`",
              "1..256",
              "`8`",
              "Mirror threads of this target. An `http://` target is driven by the first: it starts calls, turns the client's connections (answers are read on it), compares, reports and enforces deadlines; the others sleep, and help start calls and compare answers when it falls behind (a backlog of more than 128 copies, a slow comparison). Other asynchronous targets (`https://`, `redis-stream`) hold no thread while their shadow works: the threads start calls and compare answers, and one or two would do. A synchronous target (a plain `ShadowTarget` of your own) runs one call per thread.");

  /** {@code mirror.target.<name>.max-in-flight}. */
  public static final ConfigKey<TargetConfig.Builder, Integer> MAX_IN_FLIGHT =
      ConfigKey.<TargetConfig.Builder>integer(
              "mirror.target.<name>.max-in-flight", 1, 100_000, TargetConfig.Builder::maxInFlight)
          .doc(
              "`64`",
              "1..100000",
              "`1000`",
              "Calls started and not yet ended, at most; further copies wait in the queue. Little's law: rate × shadow latency are in flight, so 2000 req/s to a 5 ms shadow keep 10, to a 200 ms shadow 400. The default leaves six times the room the first case needs (2000 req/s up to 32 ms; 320 req/s at 200 ms), and the queue absorbs a shadow's pauses; raise it for a slow shadow. The `http` target keeps up to this many connections to the shadow (HTTP/1.1 carries one call at a time) and opens at most 8 at once, so that a burst of copies after a pause does not overflow the shadow's accept queue. A synchronous target is bounded by its `threads` as well.");

  /** {@code mirror.target.<name>.queue-capacity}. */
  public static final ConfigKey<TargetConfig.Builder, Integer> QUEUE_CAPACITY =
      ConfigKey.<TargetConfig.Builder>integer(
              "mirror.target.<name>.queue-capacity",
              1,
              1_000_000,
              TargetConfig.Builder::queueCapacity)
          .doc(
              "`2048`",
              "1..1000000",
              "`10000`",
              "Copies that may wait for a slot in flight; further ones are dropped (`DROPPED_QUEUE_FULL`). The default holds about a second of copies at 2000 req/s: enough for the first seconds of a fresh JVM, whose mirror threads run slowly until the JIT has compiled them, and for a shadow's short pauses. Copies waiting count against `mirror.max-buffered-bytes`.");

  /** {@code mirror.target.<name>.connect-backoff}. */
  public static final ConfigKey<TargetConfig.Builder, Duration> CONNECT_BACKOFF =
      ConfigKey.<TargetConfig.Builder, Duration>of(
              "mirror.target.<name>.connect-backoff",
              MirrorKeys::durationOrZero,
              ConfigValues::checkNotNegative,
              TargetConfig.Builder::connectBackoff)
          .doc(
              "`100ms`",
              "duration, or `0` to disable",
              "`1s`",
              "After a call that could not connect to the target (refused, no route, unknown host, connect timeout), copies are not captured or sent for this long, doubling with each further failure up to 50 times as long; each is counted `DROPPED_TARGET_PAUSED` with the reason. The first copy after a pause probes the target; any answer ends the pause.");

  /** {@code mirror.target.<name>.stop-after}. */
  public static final ConfigKey<TargetConfig.Builder, Duration> STOP_AFTER =
      ConfigKey.<TargetConfig.Builder>duration(
              "mirror.target.<name>.stop-after", TargetConfig.Builder::stopAfter)
          .doc(
              "(none: runs until stopped)",
              "duration",
              "`2h`",
              "The experiment stops itself this long after the mirror is built (or the target resumed): the target takes no further copies, and its state reads `stopped_after_duration`.");

  /** {@code mirror.target.<name>.max-mismatches}. */
  public static final ConfigKey<TargetConfig.Builder, Long> MAX_MISMATCHES =
      ConfigKey.<TargetConfig.Builder, Long>of(
              "mirror.target.<name>.max-mismatches",
              (key, text) -> (long) ConfigValues.integer(key, text, 0, 1_000_000_000),
              (key, v) -> ConfigValues.checkRange(key, v, 0L, 1_000_000_000L),
              TargetConfig.Builder::maxMismatches)
          .doc(
              "`0` (no limit)",
              "0..1000000000",
              "`500`",
              "The experiment stops itself once this many `MISMATCH` outcomes were counted (raw, noise included); state `stopped_after_mismatches`. Copies already queued still end in their outcome.");

  /** {@code mirror.target.<name>.compare.<key>}. */
  public static final ConfigKey<TargetConfig.Builder, String> TARGET_COMPARE =
      ConfigKey.<TargetConfig.Builder>text("mirror.target.<name>.compare.<key>", (b, v) -> {})
          .doc(
              "the global `mirror.compare.<key>`",
              "as above",
              "`mirror.target.v2.compare.tolerance=2%`",
              "This target's own comparison setting, replacing the global one of the same key.");

  /** {@code mirror.target.<name>.header.<Header-Name>}. */
  public static final ConfigKey<TargetConfig.Builder, String> TARGET_HEADER =
      ConfigKey.<TargetConfig.Builder>text(
              "mirror.target.<name>.header.<Header-Name>", (b, v) -> {})
          .secret()
          .doc(
              "(none)",
              "a header value, no CR/LF",
              "`mirror.target.v2.header.X-Api-Key=...`",
              "A static header set on every call to this target, replacing the client's (for example the shadow's own credential). Its value is never shown: curl lines show `REDACTED`, configuration errors `<hidden, N chars>`.");

  /** {@code mirror.sample-seed}. */
  public static final ConfigKey<MirrorConfig.Builder, String> SAMPLE_SEED =
      ConfigKey.<MirrorConfig.Builder>text(
              "mirror.sample-seed", (b, v) -> b.sampleSeed(v.isBlank() ? null : v.trim()))
          .secret()
          .doc(
              "(none: a random seed per mirror, from `SecureRandom`)",
              "text of 16 to 1024 characters",
              "`MIRROR_SAMPLE_SEED=$(openssl rand -hex 32)`",
              "**Secret** key of the sticky-sampling hash (SipHash-2-4 keyed by the first 128 bits of SHA-256 of the text), also used for each target's `sample-rate` selection. **Every instance of a deployment must share it** for consistent sticky sampling (one user in on one instance is in on all, and stays in after a restart); without it each instance and each restart samples other users (logged at startup when `mirror.sample-key` is set). Treat it as a secret: set it from the environment or a secret store, not a committed file; it is never printed (error messages show `<hidden, N chars>`, `MirrorConfig.toString()` leaves it out).");

  /** {@code mirror.status.allow-remote}. */
  public static final ConfigKey<MirrorConfig.Builder, Boolean> STATUS_ALLOW_REMOTE =
      ConfigKey.<MirrorConfig.Builder>bool(
              "mirror.status.allow-remote", MirrorConfig.Builder::statusAllowRemote)
          .doc(
              "`false`",
              "`true`, `false`",
              "`true`",
              "Whether `MirrorStatusServlet` (and the Dropwizard bundle's page on the admin port) answers clients other than loopback (`127.0.0.0/8`, `::1`); others get `403`. Set it only when the page is protected otherwise: the container's security constraints, an admin-only port or network. The check is on the connection's remote address: behind a reverse proxy that is the proxy's, see [servlet.md](servlet.md#the-status-page).");

  /** {@code mirror.status.show-bodies}. */
  public static final ConfigKey<MirrorConfig.Builder, Boolean> STATUS_SHOW_BODIES =
      ConfigKey.<MirrorConfig.Builder>bool(
              "mirror.status.show-bodies", MirrorConfig.Builder::statusShowBodies)
          .doc(
              "`false`",
              "`true`, `false`",
              "`true`",
              "Whether the status page, its JSON, the Spring Boot actuator endpoint and `Mirror.statistics()` show bodies: the request body in recent mismatches' `curl` lines (otherwise the line ends in a comment giving the body's size), and whole-body previews of differences (path `body`, or the JSON root; otherwise `<body hidden: mirror.status.show-bodies=false>`). Differences at JSON paths below the root show their values either way.");

  /** {@code mirror.sensitive-headers}. */
  public static final ConfigKey<SensitiveData.Builder, List<String>> SENSITIVE_HEADERS =
      ConfigKey.<SensitiveData.Builder>list(
              "mirror.sensitive-headers", SensitiveData.Builder::headers)
          .doc(
              "`Authorization`, `Proxy-Authorization`, `Cookie`, `Set-Cookie`, `X-Api-Key`, `X-Auth-Token`, `X-CSRF-Token`, `X-Amz-Security-Token`",
              "list of header names, merged with the default list",
              "`X-Tenant-Key,X-Session`",
              "Credential headers: not sent to shadows unless forwarding is on, and their values shown as `REDACTED` in every output (log, recent mismatches and curl lines, status page and JSON); production's are never written to the Redis stream. Case-insensitive. See [security.md](security.md).");

  /** {@code mirror.sensitive-query-params}. */
  public static final ConfigKey<SensitiveData.Builder, List<String>> SENSITIVE_QUERY_PARAMS =
      ConfigKey.<SensitiveData.Builder>list(
              "mirror.sensitive-query-params", SensitiveData.Builder::queryParams)
          .doc(
              "`token`, `access_token`, `id_token`, `refresh_token`, `api_key`, `apikey`, `password`, `secret`, `client_secret`, `signature`, `sig`, `X-Amz-Signature`, `X-Amz-Credential`",
              "list of parameter names, merged with the default list",
              "`session,otp`",
              "Query parameters whose values are shown and stored as `REDACTED` (the rest of the query byte for byte): log, status page paths, curl lines, Redis stream. Names compared case-insensitively after percent-decoding. Shadows still receive the query unchanged.");

  /** {@code mirror.redact.json-pointers}. */
  public static final ConfigKey<SensitiveData.Builder, List<String>> REDACT_JSON_POINTERS =
      ConfigKey.<SensitiveData.Builder>list(
              "mirror.redact.json-pointers", SensitiveData.Builder::jsonPointers)
          .doc(
              "(none)",
              "list of JSON Pointers, `*` for any one segment",
              "`/password,/users/*/email`",
              "Body values shown as `REDACTED`: in the log's bodies (`mirror.log.bodies=true`), curl lines, and difference values at, above or below these paths (a byte-compared `body` preview is redacted whole once any pointer is set). Shadows and the Redis stream still receive the bodies unchanged.");

  /** {@code mirror.target.<name>.headers.forward-sensitive}. */
  public static final ConfigKey<TargetConfig.Builder, Boolean> TARGET_FORWARD_SENSITIVE =
      ConfigKey.<TargetConfig.Builder>bool(
              "mirror.target.<name>.headers.forward-sensitive",
              TargetConfig.Builder::forwardSensitiveHeaders)
          .doc(
              "`mirror.headers.forward-sensitive`",
              "`true`, `false`",
              "`true`",
              "Whether this target is sent the sensitive headers, overriding the global key. For a `redis-stream` target it decides whether they are written to the stream (and so replayed).");

  /** Keys outside {@code mirror.target.<name>.} and {@code mirror.compare.}. */
  public static final List<ConfigKey<MirrorConfig.Builder, ?>> GLOBAL =
      List.of(
          ENABLED,
          TARGETS,
          SAMPLE_RATE,
          SAMPLE_KEY,
          SAMPLE_SEED,
          METHODS,
          INCLUDE,
          EXCLUDE,
          MAX_BODY_BYTES,
          MAX_RESPONSE_BYTES,
          MAX_BUFFERED_BYTES,
          FORWARD_SENSITIVE,
          DRAIN_TIMEOUT,
          LOG_PATH,
          LOG_BODIES,
          LOG_MAX_BYTES,
          LOG_MAX_FILES,
          STATS_MAX_ROUTES,
          MISMATCHES_MAX_COUNT,
          MISMATCHES_MAX_BYTES,
          MISMATCHES_MAX_AGE,
          BASELINE,
          STATUS_ALLOW_REMOTE,
          STATUS_SHOW_BODIES);

  /**
   * The comparison keys, {@code mirror.compare.<key>}; each may also be given per target as {@code
   * mirror.target.<name>.compare.<key>}.
   */
  public static final List<ConfigKey<DefaultResponseComparator.Builder, ?>> COMPARE =
      List.of(
          COMPARE_HEADERS,
          COMPARE_CONTENT_TYPE_PARAMETERS,
          COMPARE_IGNORE,
          COMPARE_UNORDERED,
          COMPARE_TOLERANCE,
          COMPARE_TOLERANCE_AT,
          COMPARE_MAX_DIFFERENCES);

  /** The keys of the sensitive-data policy ({@link MirrorConfig#sensitiveData()}). */
  public static final List<ConfigKey<SensitiveData.Builder, ?>> SENSITIVE =
      List.of(SENSITIVE_HEADERS, SENSITIVE_QUERY_PARAMS, REDACT_JSON_POINTERS);

  /** The engine's keys under {@code mirror.target.<name>.}, whatever the target's type. */
  public static final List<ConfigKey<TargetConfig.Builder, ?>> TARGET =
      List.of(
          TYPE,
          TIMEOUT,
          TARGET_SAMPLE_RATE,
          THREADS,
          MAX_IN_FLIGHT,
          QUEUE_CAPACITY,
          CONNECT_BACKOFF,
          STOP_AFTER,
          MAX_MISMATCHES,
          TARGET_FORWARD_SENSITIVE,
          TARGET_COMPARE,
          TARGET_HEADER);

  /** The keys of the {@code http} target type, under {@code mirror.target.<name>.}. */
  public static final List<ConfigKey<TargetConfig.Builder, ?>> HTTP =
      List.of(URL, TARGET_MAX_RESPONSE_BYTES, CONNECT_TIMEOUT);

  private static final Map<String, ConfigKey<MirrorConfig.Builder, ?>> GLOBAL_BY_NAME =
      byName(GLOBAL);
  private static final Map<String, ConfigKey<SensitiveData.Builder, ?>> SENSITIVE_BY_NAME =
      byName(SENSITIVE);
  private static final Map<String, ConfigKey<TargetConfig.Builder, ?>> TARGET_BY_NAME =
      byRelativeName(TARGET);
  private static final Map<String, ConfigKey<DefaultResponseComparator.Builder, ?>>
      COMPARE_BY_NAME = byRelativeCompareName(COMPARE);

  private MirrorKeys() {}

  /** Returns every key, in the documentation's order. */
  public static List<ConfigKey<?, ?>> all() {
    List<ConfigKey<?, ?>> all = new ArrayList<>(GLOBAL);
    all.addAll(SENSITIVE);
    all.addAll(COMPARE);
    all.addAll(TARGET);
    all.addAll(HTTP);
    return List.copyOf(all);
  }

  /**
   * Returns the global key named {@code name}, or null (also for a {@linkplain ConfigKey#isPattern
   * pattern}).
   */
  public static @Nullable ConfigKey<MirrorConfig.Builder, ?> global(String name) {
    return GLOBAL_BY_NAME.get(name);
  }

  /** Returns the sensitive-data policy's key named {@code name}, or null. */
  public static @Nullable ConfigKey<SensitiveData.Builder, ?> sensitive(String name) {
    return SENSITIVE_BY_NAME.get(name);
  }

  /**
   * Returns the engine's (non-pattern) target key {@code relative} ({@code timeout}, …), or null.
   */
  public static @Nullable ConfigKey<TargetConfig.Builder, ?> target(String relative) {
    return TARGET_BY_NAME.get(relative);
  }

  /**
   * Returns the comparison key {@code relative} ({@code ignore}, …; not {@code tolerance.<p>}), or
   * null.
   */
  public static @Nullable ConfigKey<DefaultResponseComparator.Builder, ?> compare(String relative) {
    return COMPARE_BY_NAME.get(relative);
  }

  private static <B> Map<String, ConfigKey<B, ?>> byName(List<ConfigKey<B, ?>> keys) {
    Map<String, ConfigKey<B, ?>> map = new LinkedHashMap<>();
    keys.stream().filter(k -> !k.isPattern()).forEach(k -> map.put(k.name(), k));
    return Map.copyOf(map);
  }

  private static <B> Map<String, ConfigKey<B, ?>> byRelativeName(List<ConfigKey<B, ?>> keys) {
    Map<String, ConfigKey<B, ?>> map = new LinkedHashMap<>();
    keys.stream().filter(k -> !k.isPattern()).forEach(k -> map.put(k.relativeName(), k));
    return Map.copyOf(map);
  }

  private static <B> Map<String, ConfigKey<B, ?>> byRelativeCompareName(
      List<ConfigKey<B, ?>> keys) {
    Map<String, ConfigKey<B, ?>> map = new LinkedHashMap<>();
    keys.stream()
        .filter(k -> !k.isPattern())
        .forEach(k -> map.put(k.name().substring("mirror.compare.".length()), k));
    return Map.copyOf(map);
  }

  private static String filePath(String key, String text) {
    String trimmed = text.trim();
    if (!trimmed.isEmpty()) {
      try {
        return Path.of(trimmed).toString();
      } catch (InvalidPathException e) {
        throw new InvalidConfigException(key, text, "is not a valid file path");
      }
    }
    return trimmed;
  }

  private static Duration durationOrZero(String key, String text) {
    return text.trim().equals("0") ? Duration.ZERO : ConfigValues.duration(key, text);
  }
}

package dev.trafficmirror.testing.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.MirrorConfig;
import dev.trafficmirror.core.TargetConfig;
import dev.trafficmirror.jaxrs.MirrorFeature;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.testing.Bodies;
import jakarta.ws.rs.core.Application;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The JAX-RS adapter's behaviour, written once and run on each runtime by a small subclass that
 * says how to start an {@link Application} on a loopback port.
 *
 * <p>Every case is sent to the application without the feature and with it; the client must get the
 * same status, headers (bar {@code Date} and {@code Connection}) and body from both. A {@link
 * RecordingTarget} then shows what was mirrored: method, path, query, the request body byte for
 * byte, and production's status and body byte for byte. After each case the outcomes counted by the
 * mirror must equal the copies mirrored plus the copies skipped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class JaxrsMirrorSuite {
  protected static final Duration WAIT = Duration.ofSeconds(15);
  protected static final int MAX_BODY_BYTES = 1024;
  protected static final int MAX_RESPONSE_BYTES = 2048;
  private static final Set<Class<?>> CLASSES =
      Set.of(
          EchoResource.class,
          GreetingProvider.class,
          TestFailure.Mapper.class,
          StandAsideFilter.class);

  protected final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  protected final RecordingTarget target = new RecordingTarget();
  protected Mirror mirror;
  private TestServer plain;
  protected TestServer mirrored;

  /** Outcomes counted for target {@code rec} before this case, and those this case must add. */
  private long outcomesBefore;

  private long expectedOutcomes;

  /**
   * Skipped outcomes counted for target {@code rec} before this case, and those it must add, by
   * kind.
   */
  private final Map<OutcomeKind, Long> skipsBefore = new EnumMap<>(OutcomeKind.class);

  private final Map<OutcomeKind, Long> expectedSkips = new EnumMap<>(OutcomeKind.class);

  /** Starts {@code app} on a loopback port (port 0). */
  protected abstract TestServer start(Application app) throws Exception;

  /** Returns the resource and provider classes of the application every case is sent to. */
  protected Set<Class<?>> applicationClasses() {
    return CLASSES;
  }

  @BeforeAll
  void startServers() throws Exception {
    mirror = Mirror.builder().config(config("rec")).target("rec", target).build();
    plain = start(new TestApp(applicationClasses(), Set.of(), Map.of()));
    mirrored =
        start(new TestApp(applicationClasses(), Set.of(MirrorFeature.create(mirror)), Map.of()));
  }

  @AfterAll
  void stopServers() throws Exception {
    if (mirrored != null) {
      mirrored.stop();
    }
    if (plain != null) {
      plain.stop();
    }
    if (mirror != null) {
      mirror.close();
    }
  }

  @BeforeEach
  void countOutcomesSoFar() {
    outcomesBefore = mirror.outcomeCounts().total("rec");
    expectedOutcomes = 0;
    expectedSkips.clear();
    for (OutcomeKind kind : OutcomeKind.values()) {
      skipsBefore.put(kind, mirror.outcomeCounts().get("rec", kind));
    }
  }

  @AfterEach
  void outcomesAddUp() {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(mirror.outcomeCounts().total("rec") - outcomesBefore)
                    .as("outcomes of this case")
                    .isEqualTo(expectedOutcomes));
    expectedSkips.forEach(
        (kind, count) ->
            assertThat(mirror.outcomeCounts().get("rec", kind) - skipsBefore.get(kind))
                .as(kind.name())
                .isEqualTo(count));
  }

  /**
   * GET, HEAD, POST, DELETE mirrored (not PUT); one worker per target, so copies arrive in order.
   */
  protected static MirrorConfig config(String... targets) {
    MirrorConfig.Builder builder =
        MirrorConfig.builder()
            .methods(List.of("GET", "HEAD", "POST", "DELETE"))
            .maxBodyBytes(MAX_BODY_BYTES)
            .maxResponseBytes(MAX_RESPONSE_BYTES);
    for (String name : targets) {
      builder.target(TargetConfig.builder(name).type("instance").threads(1).build());
    }
    return builder.build();
  }

  // ---- entities read in every way ----

  @Test
  void jsonPost_readAsPojo_mirroredByteForByte() throws Exception {
    Sent sent =
        sendBoth("POST", "echo/pojo", "application/json", utf8("{\"name\": \"Ada \\u00e9\"}"));
    assertThat(sent.answer.text()).isEqualTo("{\"name\":\"Hello Ada \\u00e9\"}");
    assertMirrored(sent, "/echo/pojo", null);
  }

  @Test
  void stringEntity_mirroredByteForByte() throws Exception {
    Sent sent =
        sendBoth("POST", "echo/string", "text/plain; charset=UTF-8", utf8("h\u00e9llo w\u00f6rld"));
    assertThat(sent.answer.text()).isEqualTo("got 11: h\u00e9llo w\u00f6rld");
    assertMirrored(sent, "/echo/string", null);
  }

  @Test
  void byteArrayEntity_mirroredByteForByte() throws Exception {
    Sent sent =
        sendBoth("POST", "echo/bytes", "application/octet-stream", randomBytes(MAX_BODY_BYTES));
    assertThat(sent.answer.body).hasSize(MAX_BODY_BYTES);
    assertMirrored(sent, "/echo/bytes", null);
  }

  @Test
  void inputStreamEntity_chunked_mirroredByteForByte() throws Exception {
    byte[] body = randomBytes(900);
    Sent sent = sendBoth("POST", "echo/stream", "application/octet-stream", body, chunked(body));
    assertThat(sent.answer.text()).isEqualTo("length=900 sha256=" + Bodies.sha256(body));
    assertMirrored(sent, "/echo/stream", null);
  }

  @Test
  protected void formParams_mirroredByteForByte() throws Exception {
    Sent sent =
        sendBoth("POST", "echo/form", "application/x-www-form-urlencoded", utf8("a=1&b=x+y%26z"));
    assertThat(sent.answer.text()).isEqualTo("a=1;b=x y&z");
    assertMirrored(sent, "/echo/form", null);
  }

  /** The form's charset decides how production decodes it; the copy gets the bytes as sent. */
  @Test
  protected void formParams_declaredCharset_decodedAsWithoutFeature() throws Exception {
    Sent sent =
        sendBoth(
            "POST",
            "echo/form",
            "application/x-www-form-urlencoded; charset=ISO-8859-1",
            utf8("a=%E9t%E9&b=caf%E9"));
    assertThat(sent.answer.text()).isEqualTo("a=\u00e9t\u00e9;b=caf\u00e9");
    assertMirrored(sent, "/echo/form", null);
  }

  /**
   * Percent-escapes that are not UTF-8 in a form without charset: what production answers is the
   * runtime's business (Jersey decodes them to U+FFFD), and must not change with the feature.
   */
  @Test
  protected void formParams_notUtf8_answeredAsWithoutFeature() throws Exception {
    Sent sent =
        sendBoth("POST", "echo/form", "application/x-www-form-urlencoded", utf8("a=%E9&b=2"));
    assertThat(sent.answer.text()).isEqualTo("a=\ufffd;b=2");
    assertMirrored(sent, "/echo/form", null);
  }

  /**
   * A form is copied as production reads it, not read ahead (a servlet container may parse it
   * instead): one that production never reads is not copied.
   */
  @Test
  void formNotReadByTheResource_notMirrored() throws Exception {
    Sent sent =
        sendBoth("POST", "echo/form-ignored", "application/x-www-form-urlencoded", utf8("a=1&b=2"));
    assertThat(sent.answer.text()).isEqualTo("ignored");
    assertSkipped(sent, OutcomeKind.SKIPPED_CAPTURE_ERROR);
  }

  @Test
  void noEntity_getWithQuery_mirroredWithRawQuery() throws Exception {
    Sent sent = sendBoth("GET", "echo/plain?x=a%20b&y=1", null, new byte[0]);
    assertThat(sent.answer.text()).isEqualTo("x=a b");
    assertMirrored(sent, "/echo/plain", "x=a%20b&y=1");
  }

  @Test
  void responseHeadersAndStatus_mirrored() throws Exception {
    Sent sent = sendBoth("GET", "echo/custom", null, new byte[0]);
    assertThat(sent.answer.status).isEqualTo(201);
    RecordingTarget.Copy copy = assertMirrored(sent, "/echo/custom", null);
    assertThat(copy.production().headers().all("X-Custom")).containsExactly("one", "two");
  }

  @Test
  void noContent204_mirroredOnceWithEmptyBody() throws Exception {
    Sent sent = sendBoth("DELETE", "echo/item/7", null, new byte[0]);
    assertThat(sent.answer.status).isEqualTo(204);
    assertMirrored(sent, "/echo/item/7", null);
  }

  @Test
  void head_mirroredOnceWithEmptyBody() throws Exception {
    Sent sent = sendBoth("HEAD", "echo/plain?x=1", null, new byte[0]);
    assertThat(sent.answer.status).isEqualTo(200);
    assertThat(sent.answer.body).isEmpty();
    assertMirrored(sent, "/echo/plain", "x=1");
  }

  @Test
  void exceptionMappedTo4xx_mirroredWithMappedResponse() throws Exception {
    Sent sent = sendBoth("GET", "echo/fail?status=409", null, new byte[0]);
    assertThat(sent.answer.status).isEqualTo(409);
    assertThat(sent.answer.text()).isEqualTo("{\"error\":409}");
    assertMirrored(sent, "/echo/fail", "status=409");
  }

  @Test
  void exceptionMappedTo5xx_mirroredWithMappedResponse() throws Exception {
    Sent sent = sendBoth("GET", "echo/fail?status=503", null, new byte[0]);
    assertThat(sent.answer.status).isEqualTo(503);
    assertMirrored(sent, "/echo/fail", "status=503");
  }

  /**
   * An exception that no mapper of the application maps goes to the runtime's default mapper
   * (Jakarta REST 3.1 requires one): production answers 500 with and without the feature, and the
   * copy is handed over with status 500. Which body the copy holds is the runtime's business,
   * stated by {@link #assertCopyOfUnmappedException}. (The bodies of the two answers are not
   * compared: a container's error page may name the server's port.)
   */
  @Test
  void unmappedException_500AsWithoutFeature_copyHandedOver() throws Exception {
    String caseId = UUID.randomUUID().toString();
    Answer without = send(plain, "GET", "echo/unmapped", null, BodyPublishers.noBody(), caseId);
    Answer with = send(mirrored, "GET", "echo/unmapped", null, BodyPublishers.noBody(), caseId);
    assertThat(with.status).isEqualTo(500).isEqualTo(without.status);
    assertThat(with.headers.get("content-type")).isEqualTo(without.headers.get("content-type"));
    RecordingTarget.Copy copy = awaitCopy(new Sent(caseId, "GET", new byte[0], with));
    assertThat(copy.production().status()).isEqualTo(500);
    assertThat(copy.production().exceptionClass()).isNull();
    assertCopyOfUnmappedException(with, copy);
  }

  /**
   * Asserts what the copy of a request whose exception the runtime's default mapper answered holds
   * as production's body, compared with what the client got.
   */
  protected abstract void assertCopyOfUnmappedException(Answer client, RecordingTarget.Copy copy);

  @Test
  void asyncResponseResumedOnAnotherThread_mirroredWhenResumed() throws Exception {
    Sent sent = sendBoth("GET", "echo/async", null, new byte[0]);
    assertThat(sent.answer.text()).isEqualTo("resumed on test-async");
    assertMirrored(sent, "/echo/async", null);
  }

  @Test
  void completionStage_mirroredWhenCompleted() throws Exception {
    Sent sent = sendBoth("GET", "echo/stage", null, new byte[0]);
    assertThat(sent.answer.text()).isEqualTo("completed on test-async");
    assertMirrored(sent, "/echo/stage", null);
  }

  // ---- bounds ----

  @Test
  void requestBodyDeclaredOverLimit_skipped_productionGetsItAll() throws Exception {
    byte[] body = randomBytes(MAX_BODY_BYTES + 1);
    Sent sent = sendBoth("POST", "echo/stream", "application/octet-stream", body);
    assertThat(sent.answer.text())
        .isEqualTo("length=" + body.length + " sha256=" + Bodies.sha256(body));
    assertSkipped(sent, OutcomeKind.SKIPPED_BODY_TOO_LARGE);
  }

  @Test
  void requestBodyChunkedOverLimit_skipped_productionGetsItAll() throws Exception {
    byte[] body = randomBytes(5 * MAX_BODY_BYTES + 3);
    Sent sent = sendBoth("POST", "echo/stream", "application/octet-stream", body, chunked(body));
    assertThat(sent.answer.text())
        .isEqualTo("length=" + body.length + " sha256=" + Bodies.sha256(body));
    assertSkipped(sent, OutcomeKind.SKIPPED_BODY_TOO_LARGE);
  }

  @Test
  void responseOverLimit_mirroredWithIncompleteBody() throws Exception {
    Sent sent = sendBoth("GET", "echo/big", null, new byte[0]);
    assertThat(sent.answer.body).hasSize(5000);
    RecordingTarget.Copy copy = awaitCopy(sent);
    assertThat(copy.production().bodyComplete()).isFalse();
    assertThat(copy.production().body().toByteArray())
        .isEqualTo(Arrays.copyOf(sent.answer.body, MAX_RESPONSE_BYTES));
  }

  // ---- the same policy as core ----

  @Test
  void methodNotConfigured_notMirrored() throws Exception {
    Sent sent = sendBoth("PUT", "echo/string", "text/plain", utf8("put"));
    assertThat(sent.answer.text()).isEqualTo("got 3: put");
    assertNotMirrored(sent);
  }

  @Test
  void loopMarker_notMirrored() throws Exception {
    Sent sent =
        sendBoth(
            "GET", "echo/plain?x=loop", null, new byte[0], null, "X-Mirror-Id", "0123456789abcdef");
    assertNotMirrored(sent);
  }

  @Test
  void capturedPropertyAlreadySet_featureStandsAside() throws Exception {
    Sent sent =
        sendBoth(
            "POST", "echo/string", "text/plain", utf8("twice?"), null, "X-Test-Captured", "yes");
    assertThat(sent.answer.text()).isEqualTo("got 6: twice?");
    assertNotMirrored(sent);
  }

  // ---- registration ----

  @Test
  void mirroredAnnotation_limitsMirroringToAnnotatedMethodsAndClasses() throws Exception {
    RecordingTarget rec = new RecordingTarget();
    RecordingTarget other = new RecordingTarget();
    try (Mirror selective =
        Mirror.builder()
            .config(config("rec", "other"))
            .target("rec", rec)
            .target("other", other)
            .build()) {
      TestServer server =
          start(
              new TestApp(
                  Set.of(SelectiveResources.PerMethod.class, SelectiveResources.PerClass.class),
                  Set.of(MirrorFeature.create(selective)),
                  Map.of()));
      try {
        // Not mirrored first: one worker per target keeps order, so once the later ones arrived
        // these would have too.
        String off = get(server, "sel/off");
        String some = get(server, "sel/some-targets");
        String on = get(server, "sel/on");
        String perClass = get(server, "selc");
        String all = get(server, "sel/all-targets");
        await()
            .atMost(WAIT)
            .until(() -> rec.contains(all) && other.contains(all) && rec.contains(some));
        assertThat(rec.contains(on)).isTrue();
        assertThat(rec.contains(perClass)).isTrue();
        assertThat(rec.contains(off)).as("unannotated method").isFalse();
        assertThat(other.contains(some))
            .as("@Mirrored(targets = \"rec\") goes to rec only")
            .isFalse();
        await()
            .atMost(WAIT)
            .untilAsserted(
                () -> {
                  assertThat(selective.outcomeCounts().total("rec")).isEqualTo(4);
                  assertThat(selective.outcomeCounts().total("other")).isEqualTo(3);
                });
      } finally {
        server.stop();
      }
    }
  }

  /**
   * The feature registered by class builds its mirror from the application's properties, and closes
   * it when the application stops. A runtime without a shutdown hook overrides this case with what
   * it does instead.
   */
  @Test
  protected void featureByClass_buildsMirrorFromApplicationProperties_andClosesItOnShutdown()
      throws Exception {
    RecordingTarget created = mirrorThroughFeatureRegisteredByClass();
    await().atMost(WAIT).until(created::closed);
  }

  // ---- helpers ----

  /**
   * Starts an application that registers the feature by class, configured by its properties with a
   * {@code test-recording} target; sends one request and waits for its copy; stops the application.
   *
   * @return the target the feature's own mirror created
   */
  protected RecordingTarget mirrorThroughFeatureRegisteredByClass() throws Exception {
    Map<String, Object> properties =
        Map.of(
            "mirror.methods", "POST",
            "mirror.targets", "props",
            "mirror.target.props.type", "test-recording",
            "unrelated.property", "ignored");
    TestServer server =
        start(new TestApp(Set.of(EchoResource.class, MirrorFeature.class), Set.of(), properties));
    RecordingTarget created = RecordingTargetProvider.last;
    try {
      byte[] body = utf8("configured by properties");
      String caseId = UUID.randomUUID().toString();
      Answer answer =
          send(
              server,
              "POST",
              "echo/string",
              "text/plain",
              BodyPublishers.ofByteArray(body),
              caseId);
      assertThat(answer.status).isEqualTo(200);
      await().atMost(WAIT).until(() -> created.contains(caseId));
      assertThat(Bodies.sha256(created.get(caseId).request().body().toByteArray()))
          .isEqualTo(Bodies.sha256(body));
    } finally {
      server.stop();
    }
    return created;
  }

  /** A request sent to both applications, and the (identical) answer. */
  protected record Sent(String caseId, String method, byte[] requestBody, Answer answer) {}

  /**
   * Status, headers and body of an HTTP answer; without {@code Date}, and without {@code
   * Connection}, the container's hop-by-hop decision (as in the servlet suites): Jetty closes a
   * connection when a request body that production left unread has not fully arrived by the end of
   * the response, a race of its own; with the feature a body (not a form) has been read ahead, so
   * it never closes.
   */
  protected record Answer(int status, Map<String, List<String>> headers, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  protected Sent sendBoth(String method, String pathAndQuery, String contentType, byte[] body)
      throws Exception {
    return sendBoth(method, pathAndQuery, contentType, body, null);
  }

  protected Sent sendBoth(
      String method,
      String pathAndQuery,
      String contentType,
      byte[] body,
      Supplier<BodyPublisher> publisher,
      String... headers)
      throws Exception {
    String caseId = UUID.randomUUID().toString();
    Supplier<BodyPublisher> bodies =
        publisher != null
            ? publisher
            : () -> body.length == 0 ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body);
    Answer without = send(plain, method, pathAndQuery, contentType, bodies.get(), caseId, headers);
    Answer with = send(mirrored, method, pathAndQuery, contentType, bodies.get(), caseId, headers);
    assertThat(with.status).as("status").isEqualTo(without.status);
    assertThat(with.headers).as("headers").isEqualTo(without.headers);
    assertThat(with.body).as("body").isEqualTo(without.body);
    return new Sent(caseId, method, body, with);
  }

  protected Answer send(
      TestServer server,
      String method,
      String pathAndQuery,
      String contentType,
      BodyPublisher body,
      String caseId,
      String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.baseUri().resolve(pathAndQuery))
            .timeout(WAIT)
            .method(method, body)
            .header("X-Case", caseId);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    var response = client.send(request.build(), BodyHandlers.ofByteArray());
    Map<String, List<String>> kept = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("date") && !name.equalsIgnoreCase("connection")) {
                kept.put(name, values);
              }
            });
    return new Answer(response.statusCode(), kept, response.body());
  }

  /** Sends a GET with a new case id and returns the id. */
  protected String get(TestServer server, String path) throws Exception {
    String caseId = UUID.randomUUID().toString();
    assertThat(send(server, "GET", path, null, BodyPublishers.noBody(), caseId).status)
        .isEqualTo(200);
    return caseId;
  }

  protected RecordingTarget.Copy awaitCopy(Sent sent) {
    expectedOutcomes++;
    await().atMost(WAIT).until(() -> target.contains(sent.caseId));
    return target.get(sent.caseId);
  }

  protected RecordingTarget.Copy assertMirrored(Sent sent, String path, String rawQuery) {
    RecordingTarget.Copy copy = awaitCopy(sent);
    assertThat(copy.request().method()).isEqualTo(sent.method);
    assertThat(copy.request().path()).isEqualTo(path);
    assertThat(copy.request().rawQuery()).isEqualTo(rawQuery);
    assertThat(Bodies.sha256(copy.request().body().toByteArray()))
        .as("request body")
        .isEqualTo(Bodies.sha256(sent.requestBody));
    assertThat(copy.production().status()).isEqualTo(sent.answer.status);
    assertThat(copy.production().bodyComplete()).isTrue();
    assertThat(Bodies.sha256(copy.production().body().toByteArray()))
        .as("production body")
        .isEqualTo(Bodies.sha256(sent.answer.body));
    assertThat(copy.request().headers().first("X-Case")).isEqualTo(sent.caseId);
    return copy;
  }

  protected void assertSkipped(Sent sent, OutcomeKind kind) throws Exception {
    expectedOutcomes++;
    expectedSkips.merge(kind, 1L, Long::sum);
    assertNotMirrored(sent);
  }

  /** Sends a mirrored probe after {@code sent}; once it arrived, {@code sent} would have too. */
  protected void assertNotMirrored(Sent sent) throws Exception {
    Sent probe = sendBoth("GET", "echo/plain?x=probe", null, new byte[0]);
    assertMirrored(probe, "/echo/plain", "x=probe");
    assertThat(target.contains(sent.caseId)).as("mirrored " + sent.method).isFalse();
  }

  protected static Supplier<BodyPublisher> chunked(byte[] body) {
    return () -> BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
  }

  protected static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  protected static byte[] randomBytes(int size) {
    return Bodies.random(size, size);
  }
}

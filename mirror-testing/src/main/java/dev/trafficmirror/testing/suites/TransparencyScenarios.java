package dev.trafficmirror.testing.suites;

import static dev.trafficmirror.testing.Bodies.KIB;
import static dev.trafficmirror.testing.Bodies.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.testing.Bodies;
import dev.trafficmirror.testing.Multipart;
import dev.trafficmirror.testing.TestClient.Request;
import dev.trafficmirror.testing.servlets.ResponseServlet;
import dev.trafficmirror.testing.servlets.ScenarioApp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The matrix of production behaviours the transparency suite runs with and without the filter. */
final class TransparencyScenarios {
  static final String OCTETS = "application/octet-stream";
  static final String FORM = "application/x-www-form-urlencoded";

  /** Over the suite's {@code mirror.max-body-bytes} of 1 MiB. */
  static final int OVER_LIMIT = MIB + 100 * KIB;

  private static final int[] SIZES = {0, KIB, MIB, OVER_LIMIT};

  private TransparencyScenarios() {}

  static List<Scenario> all() {
    List<Scenario> all = new ArrayList<>();
    readApis(all);
    chunked(all);
    readers(all);
    forms(all);
    multipart(all);
    dispatches(all);
    responses(all);
    return all;
  }

  /** Each way of reading the body (or not), with 0 B, 1 KiB, 1 MiB and an over-limit body. */
  private static void readApis(List<Scenario> all) {
    String[] modes = {
      "/read/all",
      "/read/bytes",
      "/read/lines",
      "/read/partial",
      "/read/partial-close",
      "/read/none",
      "/read/write-then-read",
      "/async/complete",
      "/async/nonblocking"
    };
    for (String mode : modes) {
      for (int size : SIZES) {
        if (size > MIB && mode.contains("partial")) {
          // Without the filter too, a container may close the connection on a large body left
          // partly unread while the client still sends it, and the client then loses the response.
          continue;
        }
        Request request = post(mode + "?size=" + size, OCTETS, Bodies.random(size, size));
        if (size > MIB && !readsAll(mode)) {
          // The same race for a body never read, unless the client waits for 100 Continue, which
          // never comes: then it does not send the body at all, which is deterministic.
          request = request.header("Expect", "100-continue");
        }
        Scenario scenario = bySize("POST " + mode + " " + size + " B", request, size);
        all.add(readsAll(mode) ? scenario : scenario.orUnread());
      }
    }
    for (int size : SIZES) {
      Request request = post("/read/reader", "text/plain;charset=UTF-8", Bodies.utf8Text(size));
      all.add(bySize("POST /read/reader UTF-8 " + size + " B", request, size));
    }
  }

  private static boolean readsAll(String mode) {
    return !mode.contains("partial") && !mode.contains("none");
  }

  private static Scenario bySize(String name, Request request, int size) {
    return size <= MIB
        ? Scenario.exact(name, request, 200)
        : Scenario.skipped(name, request, 200, OutcomeKind.SKIPPED_BODY_TOO_LARGE);
  }

  /** Bodies of unknown length (chunked transfer coding). */
  private static void chunked(List<Scenario> all) {
    for (String mode : new String[] {"/read/all", "/read/none", "/read/partial", "/read/reader"}) {
      for (int size : readsAll(mode) ? new int[] {KIB, MIB, OVER_LIMIT} : new int[] {KIB, MIB}) {
        Request request =
            new Request("POST", mode, Map.of("Content-Type", OCTETS), null, false)
                .chunkedBody(Bodies.random(size, 7));
        Scenario scenario = bySize("POST " + mode + " chunked " + size + " B", request, size);
        all.add(readsAll(mode) ? scenario : scenario.orUnread());
      }
    }
  }

  /**
   * getReader charsets: from the Content-Type, the spec default, a container default,
   * setCharacterEncoding.
   */
  private static void readers(List<Scenario> all) {
    byte[] text = Bodies.utf8Text(KIB);
    all.add(
        Scenario.exact(
            "reader text/plain without charset", post("/read/reader", "text/plain", text), 200));
    all.add(
        Scenario.exact(
            "reader application/json without charset",
            post("/read/reader", "application/json", text),
            200));
    all.add(
        Scenario.exact(
            "reader ISO-8859-1", post("/read/reader", "text/plain;charset=ISO-8859-1", text), 200));
    all.add(
        Scenario.exact(
            "reader after setCharacterEncoding",
            post("/read/reader-setenc", "text/plain", text).header("X-Set-Encoding", "UTF-8"),
            200));
  }

  private static void forms(List<Scenario> all) {
    byte[] mixed = ascii("a=1&b=caf%C3%A9&a=2&c=&d&e=x+y%2Bz&&f=%7E&g==h");
    all.add(
        Scenario.exact(
            "form UTF-8 with query",
            post("/form/params?q=1&a=0", FORM + ";charset=UTF-8", mixed),
            200));
    all.add(
        Scenario.exact(
            "form without charset, ASCII",
            post("/form/params?q=1", FORM, ascii("a=1&b=xyz&a=2")),
            200));
    all.add(
        Scenario.exact(
            "form without charset, percent-encoded UTF-8", post("/form/params", FORM, mixed), 200));
    all.add(
        Scenario.exact(
            "form setCharacterEncoding UTF-8",
            post("/form/setenc?q=%C3%A9", FORM, mixed).header("X-Set-Encoding", "UTF-8"),
            200));
    all.add(
        Scenario.exact(
            "form parameters then stream", post("/form/params-then-stream?q=1", FORM, mixed), 200));
    all.add(
        Scenario.exact(
            "form stream then parameters", post("/form/stream-then-params?q=1", FORM, mixed), 200));
    all.add(
        Scenario.exact(
            "form with leading and trailing &", post("/form/params", FORM, ascii("&a=1&")), 200));
    all.add(
        Scenario.exact(
            "form malformed (bad percent escape) read as parameters",
            post("/form/params", FORM, ascii("a=1&b=%zz")),
            400));
    all.add(
        Scenario.exact(
            "form PUT",
            new Request(
                "PUT", "/form/params?q=1", Map.of("Content-Type", FORM), ascii("a=1&b=2"), false),
            200));
    byte[] large = ascii("a=" + "x".repeat(OVER_LIMIT));
    all.add(
        Scenario.skipped(
            "form over the limit",
            post("/form/params", FORM, large),
            200,
            OutcomeKind.SKIPPED_BODY_TOO_LARGE));
    all.add(
        Scenario.skipped(
            "form chunked: the container parses it",
            new Request("POST", "/form/params?q=1", Map.of("Content-Type", FORM), null, false)
                .chunkedBody(ascii("a=1&b=2")),
            200,
            OutcomeKind.SKIPPED_CAPTURE_ERROR));
  }

  private static void multipart(List<Scenario> all) {
    byte[] small = Multipart.body(parts(500));
    byte[] onDisk = Multipart.body(parts(200 * KIB));
    all.add(
        Scenario.exact(
                "multipart getParts, in memory",
                post("/multipart/parts", Multipart.CONTENT_TYPE, small),
                200)
            .sameParts());
    all.add(
        Scenario.exact(
                "multipart getParts, on disk",
                post("/multipart/parts", Multipart.CONTENT_TYPE, onDisk),
                200)
            .sameParts());
    all.add(
        Scenario.exact(
                "multipart getParameter",
                post("/multipart/param", Multipart.CONTENT_TYPE, onDisk),
                200)
            .sameParts());
    all.add(
        Scenario.exact(
                "multipart getPart", post("/multipart/part", Multipart.CONTENT_TYPE, onDisk), 200)
            .sameParts());
    all.add(
        Scenario.exact(
                "multipart Part.write to the location",
                post("/multipart/write", Multipart.CONTENT_TYPE, onDisk),
                200)
            .sameParts());
    all.add(
        Scenario.exact(
            "multipart read as a stream",
            post("/multipart/stream", Multipart.CONTENT_TYPE, onDisk),
            200));
    all.add(
        Scenario.exact(
                "multipart not read", post("/multipart/none", Multipart.CONTENT_TYPE, onDisk), 200)
            .orUnread());
    all.add(
        Scenario.exact(
                "multipart chunked getParts",
                new Request(
                        "POST",
                        "/multipart/parts",
                        Map.of("Content-Type", Multipart.CONTENT_TYPE),
                        null,
                        false)
                    .chunkedBody(small),
                200)
            .sameParts());
    // The container gives up on these bodies part-way: Jetty then closes the connection after the
    // 400 without saying so, and a request sent next on it would fail. Each gets its own
    // connection.
    all.add(
        Scenario.skipped(
                "multipart file over maxFileSize",
                post(
                        "/multipart/parts",
                        Multipart.CONTENT_TYPE,
                        Multipart.body(parts(ScenarioApp.MAX_FILE_SIZE + KIB)))
                    .header("Connection", "close"),
                -1,
                OutcomeKind.SKIPPED_CAPTURE_ERROR)
            .orUnread());
    // Without a multipart configuration the container refuses getParts before reading a byte, so
    // the body is one production leaves unread: whole when it has arrived by then, else unread.
    all.add(
        Scenario.exact(
                "multipart getParts without multipart config",
                post("/multipart-noconfig/parts", Multipart.CONTENT_TYPE, small)
                    .header("Connection", "close"),
                -1)
            .orUnread());
  }

  static List<Multipart.Part> parts(int fileSize) {
    return List.of(
        new Multipart.Part("field", null, null, "value".getBytes(StandardCharsets.UTF_8)),
        new Multipart.Part("file", "data.bin", OCTETS, Bodies.random(fileSize, fileSize)));
  }

  private static void dispatches(List<Scenario> all) {
    byte[] body = Bodies.random(KIB, 3);
    all.add(Scenario.exact("FORWARD dispatch", post("/dispatch/forward?x=1", OCTETS, body), 200));
    all.add(Scenario.exact("INCLUDE dispatch", post("/dispatch/include", OCTETS, body), 200));
    all.add(Scenario.exact("ASYNC dispatch", post("/async/dispatch", OCTETS, body), 200));
    // The error page is captured as the client received it (the suite then compares status,
    // headers and body with the client's), never recorded as a truncated body.
    all.add(
        Scenario.exact("ERROR dispatch after sendError(418)", get("/dispatch/error"), 418)
            .production(
                p -> {
                  assertThat(p.status()).isEqualTo(418);
                  assertThat(p.bodyComplete())
                      .as("the error page's body is captured whole")
                      .isTrue();
                  assertThat(p.body().toString(StandardCharsets.UTF_8))
                      .startsWith("error page: status=418");
                }));
    all.add(
        Scenario.exact("async timeout", get("/async/timeout"), 500)
            .production(p -> assertThat(p.status()).isEqualTo(500)));
    all.add(
        Scenario.exact("exception to an error page", get("/response/throw"), 500)
            .production(
                p -> {
                  assertThat(p.status()).isEqualTo(500);
                  assertThat(p.exceptionClass()).isEqualTo(IllegalStateException.class.getName());
                  assertThat(p.bodyComplete())
                      .as("the error page's body is captured whole")
                      .isTrue();
                  assertThat(p.body().toString(StandardCharsets.UTF_8))
                      .startsWith(
                          "error page: status=500 exception="
                              + IllegalStateException.class.getName());
                }));
  }

  private static void responses(List<Scenario> all) {
    // No error page for 503: the container writes its own body, outside any filter; the copy is
    // handed over when the request completes, with the status, and the body marked not captured.
    all.add(
        Scenario.exact("sendError(503)", get("/response/send-error"), 503)
            .production(
                p -> {
                  assertThat(p.status()).isEqualTo(503);
                  assertThat(p.bodyComplete()).as("the container wrote the body").isFalse();
                }));
    all.add(
        Scenario.exact("sendRedirect", get("/response/redirect"), 302)
            .production(p -> assertThat(p.headers().first("Location")).endsWith("/somewhere?x=1")));
    all.add(
        Scenario.exact("large streamed response", get("/response/large"), 200)
            .production(
                p -> {
                  assertThat(p.bodyComplete()).isFalse();
                  assertThat(p.body().size()).isEqualTo(MIB);
                }));
    assertThat(ResponseServlet.LARGE).isGreaterThan(MIB);
    all.add(Scenario.exact("Content-Length", get("/response/content-length"), 200));
    all.add(
        Scenario.exact(
                "HEAD", new Request("HEAD", "/response/content-length", Map.of(), null, false), 200)
            .production(p -> assertThat(p.body().isEmpty()).isTrue()));
    all.add(
        Scenario.exact("reset", get("/response/reset"), 201)
            .production(
                p -> assertThat(p.body().toString(StandardCharsets.UTF_8)).isEqualTo("kept")));
    all.add(Scenario.exact("resetBuffer", get("/response/reset-buffer"), 200));
    all.add(Scenario.exact("writes after commit", get("/response/commit"), 200));
    all.add(
        Scenario.exact("writer with the default charset", get("/response/writer-default"), 200));
    all.add(Scenario.exact("writer UTF-8, printf, append", get("/response/writer-utf8"), 200));
    all.add(Scenario.exact("writer for JSON without charset", get("/response/json"), 200));
    all.add(Scenario.exact("ServletOutputStream.print", get("/response/print"), 200));
    all.add(
        Scenario.exact("headers and status", get("/response/headers"), 202)
            .production(p -> assertThat(p.headers().all("X-Custom")).containsExactly("v1", "v2")));
    all.add(Scenario.exact("non-blocking write", get("/async/nonblocking-write"), 200));
  }

  static Request post(String pathAndQuery, String contentType, byte[] body) {
    return new Request("POST", pathAndQuery, Map.of("Content-Type", contentType), null, false)
        .body(body);
  }

  static Request get(String pathAndQuery) {
    return Request.of("GET", pathAndQuery);
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}

package dev.trafficmirror.testing.servlets;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Async behaviours: {@code /complete} (the body is read and the answer written on another thread,
 * through the AsyncContext's request and response), {@code /timeout} (never completes; the
 * container's timeout ends it), {@code /dispatch} (ASYNC dispatch to {@code /read/all}), {@code
 * /nonblocking} (ReadListener, then a WriteListener), {@code /nonblocking-write} (a large body
 * written with a WriteListener).
 */
public final class AsyncServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** Daemon threads completing the async requests of every servlet instance. */
  private static final ExecutorService WORKERS =
      Executors.newFixedThreadPool(
          4,
          r -> {
            Thread t = new Thread(r, "async-servlet");
            t.setDaemon(true);
            return t;
          });

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    switch (Reports.path(request)) {
      case "/complete" -> {
        AsyncContext context = request.startAsync();
        WORKERS.execute(
            () -> {
              try {
                byte[] body = context.getRequest().getInputStream().readAllBytes();
                HttpServletResponse r = (HttpServletResponse) context.getResponse();
                r.setHeader("X-Async", String.valueOf(context.hasOriginalRequestAndResponse()));
                Reports.write(r, "async " + Reports.digest(body));
              } catch (IOException e) {
                throw new IllegalStateException(e);
              } finally {
                context.complete();
              }
            });
      }
      case "/timeout" -> request.startAsync().setTimeout(100);
      case "/dispatch" -> {
        AsyncContext context = request.startAsync();
        WORKERS.execute(() -> context.dispatch("/read/all"));
      }
      case "/nonblocking" -> nonBlocking(request.startAsync());
      case "/nonblocking-write" -> nonBlockingWrite(request.startAsync(), 256 * 1024);
      default -> throw new IllegalArgumentException(request.getPathInfo());
    }
  }

  private static void nonBlocking(AsyncContext context) throws IOException {
    ServletInputStream in = context.getRequest().getInputStream();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    in.setReadListener(
        new ReadListener() {
          @Override
          public void onDataAvailable() throws IOException {
            byte[] chunk = new byte[4096];
            while (in.isReady()) {
              int n = in.read(chunk);
              if (n < 0) {
                return;
              }
              body.write(chunk, 0, n);
            }
          }

          @Override
          public void onAllDataRead() throws IOException {
            byte[] answer =
                ("nonblocking " + Reports.digest(body.toByteArray()))
                    .getBytes(StandardCharsets.UTF_8);
            HttpServletResponse response = (HttpServletResponse) context.getResponse();
            response.setContentType("text/plain;charset=UTF-8");
            ServletOutputStream out = response.getOutputStream();
            out.setWriteListener(
                new WriteListener() {
                  @Override
                  public void onWritePossible() throws IOException {
                    if (out.isReady()) {
                      out.write(answer);
                      context.complete();
                    }
                  }

                  @Override
                  public void onError(Throwable t) {
                    context.complete();
                  }
                });
          }

          @Override
          public void onError(Throwable t) {
            context.complete();
          }
        });
  }

  private static void nonBlockingWrite(AsyncContext context, int size) throws IOException {
    HttpServletResponse response = (HttpServletResponse) context.getResponse();
    response.setContentType("application/octet-stream");
    ServletOutputStream out = response.getOutputStream();
    byte[] chunk = new byte[8192];
    for (int i = 0; i < chunk.length; i++) {
      chunk[i] = (byte) (i * 31);
    }
    out.setWriteListener(
        new WriteListener() {
          private int written;

          @Override
          public void onWritePossible() throws IOException {
            while (out.isReady()) {
              if (written >= size) {
                context.complete();
                return;
              }
              out.write(chunk);
              written += chunk.length;
            }
          }

          @Override
          public void onError(Throwable t) {
            context.complete();
          }
        });
  }
}

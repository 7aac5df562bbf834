package dev.trafficmirror.core.internal.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.trafficmirror.core.internal.dispatch.NamedThreadFactory;
import dev.trafficmirror.core.internal.dispatch.RateLimitedLog;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Comparison;
import dev.trafficmirror.spi.Difference;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeListener;
import dev.trafficmirror.spi.ProductionResponse;
import dev.trafficmirror.spi.ShadowResponse;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Writes one JSON line per outcome to a file, on a thread of its own, rotating by size ({@code
 * path}, {@code path.1}, … {@code path.<maxFiles-1>}). A full queue, a full disk or an unwritable
 * file is counted and logged (rarely), never thrown. What a line holds is redacted by a {@link
 * Redaction} as the line is made: sensitive header and query values, differences and, when bodies
 * are written (only when asked for), the body values at its JSON Pointers. Thread-safe.
 */
public final class OutcomeLog implements OutcomeListener, AutoCloseable {
  private static final JsonFactory JSON = new JsonFactory();
  private static final int QUEUE = 8192;

  /** Serialised lines waiting for the writer, in bytes; past it lines are lost (and counted). */
  static final long MAX_PENDING_BYTES = 32L << 20;

  private final Path path;
  private final long maxBytes;
  private final int maxFiles;
  private final boolean bodies;
  private final Redaction redaction;
  private final RateLimitedLog log;
  private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE);
  private final AtomicLong pendingBytes = new AtomicLong();
  private final LongAdder written = new LongAdder();
  private final LongAdder lost = new LongAdder();
  private final Thread writer;
  private volatile boolean closing;
  private @Nullable OutputStream out;
  private long size;

  /** Creates the log and starts its writer thread, made by {@code threads}. */
  public OutcomeLog(
      Path path,
      long maxBytes,
      int maxFiles,
      boolean bodies,
      Redaction redaction,
      RateLimitedLog log,
      ThreadFactory threads) {
    this.redaction = redaction;
    this.path = path;
    this.maxBytes = maxBytes;
    this.maxFiles = maxFiles;
    this.bodies = bodies;
    this.log = log;
    this.writer = new NamedThreadFactory("mirror-log", threads).newThread(this::drain);
    writer.start();
  }

  /**
   * Serialises the line on the calling mirror thread and queues it for the writer; never blocks.
   */
  @Override
  public void onOutcome(MirrorOutcome outcome) {
    byte[] line;
    try {
      line = line(outcome);
    } catch (IOException | RuntimeException e) {
      lost.increment();
      log.warn(
          "outcome-log", "Outcome log could not serialise an outcome; it is lost and counted", e);
      return;
    }
    boolean queued = false;
    if (!closing) {
      if (pendingBytes.addAndGet(line.length) <= MAX_PENDING_BYTES && queue.offer(line)) {
        queued = true;
      } else {
        pendingBytes.addAndGet(-line.length);
      }
    }
    if (!queued) {
      lost.increment();
      log.warn(
          "outcome-log",
          "queue",
          "Outcome log cannot keep up (or is closed): lines are lost and counted");
    }
  }

  /** Returns the lines written. */
  public long written() {
    return written.sum();
  }

  /** Returns the outcomes not written: queue full, closed, or an I/O error. */
  public long lost() {
    return lost.sum();
  }

  private void drain() {
    try {
      while (!closing || !queue.isEmpty()) {
        byte[] line = queue.poll(100, TimeUnit.MILLISECONDS);
        if (line != null) {
          pendingBytes.addAndGet(-line.length);
          write(line);
        }
        if (queue.isEmpty()) {
          flush();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lost.add(queue.size());
      queue.clear();
      closeFile();
    }
  }

  private void write(byte[] line) {
    try {
      if (out == null || size + line.length > maxBytes) {
        if (out != null) {
          closeFile();
          rotate();
        }
        open();
      }
      OutputStream stream = out;
      if (stream == null) {
        throw new IOException("log file not open");
      }
      stream.write(line);
      size += line.length;
      written.increment();
    } catch (IOException | RuntimeException e) {
      lost.increment();
      closeFile();
      log.warn(
          "outcome-log", "Outcome log " + path + " is not writable; lines are lost and counted", e);
    }
  }

  private void open() throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    out =
        new BufferedOutputStream(
            Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
            64 * 1024);
    size = Files.size(path);
  }

  private void rotate() throws IOException {
    Files.deleteIfExists(sibling(maxFiles - 1));
    for (int i = maxFiles - 2; i >= 1; i--) {
      if (Files.exists(sibling(i))) {
        Files.move(sibling(i), sibling(i + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    if (maxFiles > 1) {
      Files.move(path, sibling(1), StandardCopyOption.REPLACE_EXISTING);
    } else {
      Files.delete(path);
    }
  }

  private Path sibling(int n) {
    return path.resolveSibling(path.getFileName() + "." + n);
  }

  private void flush() {
    OutputStream stream = out;
    if (stream != null) {
      try {
        stream.flush();
      } catch (IOException e) {
        closeFile();
        log.warn("outcome-log", "Outcome log " + path + " flush failed", e);
      }
    }
  }

  private void closeFile() {
    OutputStream stream = out;
    out = null;
    if (stream != null) {
      try {
        stream.close();
      } catch (IOException e) {
        log.warn("outcome-log", "Outcome log " + path + " close failed", e);
      }
    }
  }

  /** Returns the JSON line for {@code outcome}, newline included. */
  byte[] line(MirrorOutcome outcome) throws IOException {
    MirrorOutcome o = redaction.outcome(outcome, bodies);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    try (JsonGenerator g = JSON.createGenerator(bytes)) {
      MirroredRequest r = o.request();
      g.writeStartObject();
      g.writeStringField("time", o.finishedAt().toString());
      g.writeStringField("mirror_id", r.id());
      g.writeStringField("target", o.target());
      g.writeStringField("method", r.method());
      g.writeStringField("route", RouteKeys.of(r.method(), r.path()));
      g.writeStringField("path", r.path());
      if (r.rawQuery() != null) {
        g.writeStringField("query", r.rawQuery());
      }
      g.writeStringField("outcome", o.kind().label());
      ProductionResponse p = o.production();
      if (p != null) {
        g.writeObjectFieldStart("production");
        g.writeNumberField("status", p.status());
        g.writeNumberField("duration_ms", millis(p.duration()));
        if (p.exceptionClass() != null) {
          g.writeStringField("exception", p.exceptionClass());
        }
        g.writeEndObject();
      }
      ShadowResponse s = o.shadow();
      Duration took = o.shadowDuration();
      if (s != null || took != null) {
        g.writeObjectFieldStart("shadow");
        if (s != null && !s.isDelivery()) {
          g.writeNumberField("status", s.status());
        }
        if (took != null) {
          g.writeNumberField("duration_ms", millis(took));
        }
        g.writeEndObject();
      }
      Throwable error = o.error();
      if (error != null) {
        g.writeStringField("error", error.getClass().getName());
      }
      Comparison c = o.comparison();
      if (c != null) {
        g.writeNumberField("difference_count", c.differenceCount());
        if (c.note() != null) {
          g.writeStringField("note", c.note());
        }
        if (c.uncompared() != null) {
          g.writeStringField("uncompared", c.uncompared());
        }
        g.writeArrayFieldStart("differences");
        for (Difference d : c.differences()) {
          g.writeStartObject();
          g.writeStringField("path", d.path());
          g.writeStringField("production", d.production());
          g.writeStringField("shadow", d.shadow());
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      if (bodies) {
        writeHeaders(g, "request_headers", r.headers());
        writeBody(g, "request_body", r.body());
        if (p != null) {
          writeBody(g, "production_body", p.body());
          if (!p.bodyComplete()) {
            g.writeBooleanField("production_body_complete", false);
          }
        }
        if (s != null && !s.isDelivery()) {
          writeBody(g, "shadow_body", s.body());
          if (!s.bodyComplete()) {
            g.writeBooleanField("shadow_body_complete", false);
          }
        }
      }
      g.writeEndObject();
    }
    bytes.write('\n');
    return bytes.toByteArray();
  }

  private static void writeHeaders(JsonGenerator g, String field, Headers headers)
      throws IOException {
    g.writeObjectFieldStart(field);
    for (String name : headers.names()) {
      g.writeArrayFieldStart(name);
      for (String value : headers.all(name)) {
        g.writeString(value);
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  /** UTF-8 text as a string; anything else as {@code <field>_base64}. */
  private static void writeBody(JsonGenerator g, String field, Body body) throws IOException {
    byte[] raw = body.toByteArray();
    String text = Utf8.decode(raw);
    if (text != null) {
      g.writeStringField(field, text);
    } else {
      g.writeStringField(field + "_base64", Base64.getEncoder().encodeToString(raw));
    }
  }

  private static double millis(Duration d) {
    return Math.round(d.toNanos() / 1e3) / 1e3;
  }

  /** Writes what is queued, up to {@code timeout}, and closes the file. */
  public void close(Duration timeout) {
    closing = true;
    try {
      writer.join(Math.max(1, timeout.toMillis()));
      if (writer.isAlive()) {
        writer.interrupt();
        writer.join(1000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(2));
  }
}

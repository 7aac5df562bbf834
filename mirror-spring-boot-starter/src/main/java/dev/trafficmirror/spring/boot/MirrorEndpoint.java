package dev.trafficmirror.spring.boot;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.status.StatusPage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The actuator endpoint {@code mirror} ({@code /actuator/mirror}): the mirror's status, with the
 * same fields as the status servlet's {@code ?format=json} (outcome counts, agreement, latencies,
 * busiest routes and recent mismatches per target), with bodies only when {@code
 * mirror.status.show-bodies=true}. Expose it like any endpoint: {@code
 * management.endpoints.web.exposure.include=health,mirror}; access is the actuator's to control
 * (Spring Security, the management port), so {@code mirror.status.allow-remote} does not apply.
 * Thread-safe.
 */
@Endpoint(id = "mirror")
public final class MirrorEndpoint {
  private static final JsonFactory JSON = new JsonFactory();

  private final Mirror mirror;

  /** Creates the endpoint of {@code mirror}. */
  public MirrorEndpoint(Mirror mirror) {
    this.mirror = Objects.requireNonNull(mirror, "mirror");
  }

  /** Returns the status document, as the actuator's JSON writer then renders it. */
  @ReadOperation
  public Map<String, @Nullable Object> status() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      StatusPage.writeJson(
          mirror.statistics(), Instant.now(), mirror.config().statusShowBodies(), out);
      try (JsonParser parser = JSON.createParser(out.toByteArray())) {
        parser.nextToken();
        return object(parser);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, @Nullable Object> object(JsonParser parser) throws IOException {
    Map<String, @Nullable Object> object = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      parser.nextToken();
      object.put(name, value(parser));
    }
    return object;
  }

  private static @Nullable Object value(JsonParser parser) throws IOException {
    return switch (Objects.requireNonNull(parser.currentToken())) {
      case START_OBJECT -> object(parser);
      case START_ARRAY -> {
        List<@Nullable Object> array = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(value(parser));
        }
        yield array;
      }
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT -> parser.getNumberValue();
      case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
      case VALUE_TRUE -> true;
      case VALUE_FALSE -> false;
      default -> null;
    };
  }

  @Override
  public String toString() {
    return "MirrorEndpoint[" + mirror + "]";
  }
}

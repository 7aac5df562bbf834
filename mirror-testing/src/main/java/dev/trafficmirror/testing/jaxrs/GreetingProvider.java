package dev.trafficmirror.testing.jaxrs;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and writes {@link Greeting} as {@code {"name":"…"}}: enough JSON for the tests. */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public final class GreetingProvider
    implements MessageBodyReader<Greeting>, MessageBodyWriter<Greeting> {
  private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]*)\"");

  @Override
  public boolean isReadable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return type == Greeting.class;
  }

  @Override
  public Greeting readFrom(
      Class<Greeting> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, String> httpHeaders,
      InputStream entityStream)
      throws IOException {
    String json = new String(entityStream.readAllBytes(), StandardCharsets.UTF_8);
    Matcher m = NAME.matcher(json);
    return new Greeting(m.find() ? m.group(1) : "");
  }

  @Override
  public boolean isWriteable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return type == Greeting.class;
  }

  @Override
  public void writeTo(
      Greeting greeting,
      Class<?> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, Object> httpHeaders,
      OutputStream out)
      throws IOException {
    out.write(("{\"name\":\"" + greeting.name() + "\"}").getBytes(StandardCharsets.UTF_8));
  }
}

package dev.trafficmirror.servlet.internal;

import dev.trafficmirror.core.capture.ContentTypes;
import jakarta.servlet.http.HttpServletRequest;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * When and how the container turns an {@code application/x-www-form-urlencoded} body into request
 * parameters. The filter parses such a body itself when production asks for parameters before
 * reading the body (the container would read it out of the filter's sight), so it must decode as
 * the container would. Containers differ, as checked on Jetty 12 and Tomcat 11:
 *
 * <ul>
 *   <li>Jetty parses POST and PUT bodies and decodes with the {@code charset} of the Content-Type,
 *       else UTF-8; {@code setCharacterEncoding} does not change how it decodes a form. Every
 *       {@code &}-separated chunk but the last is a parameter even when empty ({@code a=1&&b=2} has
 *       a parameter named {@code ""}), and names may be empty ({@code =d}).
 *   <li>Tomcat, and the Servlet specification, parse POST bodies only and decode with the request's
 *       character encoding ({@code setCharacterEncoding}, the Content-Type charset, the context's
 *       default), else ISO-8859-1. Empty chunks are skipped; an empty name ({@code =d}) makes
 *       parameter parsing fail.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class FormRules {
  private static final FormRules JETTY =
      new FormRules(
          Set.of("POST", "PUT"), true, true, "org.eclipse.jetty.http.BadMessageException");
  private static final FormRules SPECIFICATION =
      new FormRules(
          Set.of("POST"), false, false, "org.apache.tomcat.util.http.InvalidParameterException");

  private final String badFormException;
  private final Set<String> methods;
  private final boolean contentTypeCharsetOrUtf8;
  private final boolean emptyChunksAreParameters;

  private FormRules(
      Set<String> methods,
      boolean contentTypeCharsetOrUtf8,
      boolean emptyChunksAreParameters,
      String badFormException) {
    this.badFormException = badFormException;
    this.methods = methods;
    this.contentTypeCharsetOrUtf8 = contentTypeCharsetOrUtf8;
    this.emptyChunksAreParameters = emptyChunksAreParameters;
  }

  /**
   * Returns whether empty chunks and empty names are parameters (Jetty) rather than skipped or
   * errors.
   */
  boolean emptyChunksAreParameters() {
    return emptyChunksAreParameters;
  }

  /**
   * Returns the exception the container itself throws for a malformed form body, so that production
   * answers what it answers without the filter (400 on Jetty and Tomcat, where a plain exception
   * would be 500). The class is the container's, loaded through the container request's class
   * loader; on another container, {@code failure} itself.
   */
  RuntimeException malformedForm(RuntimeException failure, Object containerRequest) {
    try {
      Class<?> type =
          Class.forName(badFormException, false, containerRequest.getClass().getClassLoader());
      Object exception =
          type.getName().startsWith("org.eclipse.jetty")
              ? type.getConstructor(int.class, String.class, Throwable.class)
                  .newInstance(400, "Unable to parse form content", failure)
              : type.getConstructor(String.class, Throwable.class)
                  .newInstance(tomcatMessage(failure), failure);
      return exception instanceof RuntimeException runtime ? runtime : failure;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return failure;
    }
  }

  /**
   * Tomcat's own message for a parameter it cannot decode (its {@code parameters.decodeFail.info}).
   */
  private static String tomcatMessage(RuntimeException failure) {
    if (failure instanceof FormParameters.MalformedForm malformed) {
      return "Character decoding failed. Parameter ["
          + malformed.rawName
          + "] with value ["
          + malformed.rawValue
          + "] has been ignored. Note that the name and value quoted here may be corrupted due to the failed decoding."
          + " Use debug level logging to see the original, non-corrupted values.";
    }
    return String.valueOf(failure.getMessage());
  }

  /** Returns the rules of the container named by {@code ServletContext.getServerInfo()}. */
  public static FormRules forServer(@Nullable String serverInfo) {
    return serverInfo != null && serverInfo.toLowerCase(Locale.ROOT).startsWith("jetty")
        ? JETTY
        : SPECIFICATION;
  }

  /** Returns whether the container reads this request's body as form parameters. */
  boolean parsesBody(HttpServletRequest request) {
    return methods.contains(request.getMethod()) && ContentTypes.isForm(request.getContentType());
  }

  /** Returns the charset the container decodes this request's form body with. */
  Charset charset(HttpServletRequest request) throws UnsupportedEncodingException {
    String name =
        contentTypeCharsetOrUtf8
            ? charsetParameter(request.getContentType())
            : request.getCharacterEncoding();
    if (name == null) {
      return contentTypeCharsetOrUtf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
    }
    return charsetNamed(name);
  }

  static Charset charsetNamed(String name) throws UnsupportedEncodingException {
    try {
      return Charset.forName(name.trim());
    } catch (IllegalArgumentException e) {
      UnsupportedEncodingException unsupported = new UnsupportedEncodingException(name);
      unsupported.initCause(e);
      throw unsupported;
    }
  }

  private static @Nullable String charsetParameter(@Nullable String contentType) {
    return ContentTypes.parameter(contentType, "charset");
  }
}

/**
 * The engine: {@code Mirror} and its configuration, the {@code http} shadow target, comparison,
 * statistics, the outcome log and OpenTelemetry. Only the API packages are exported; {@code
 * dev.trafficmirror.core.internal} is not.
 */
// OpenTelemetry's API jars are automatic modules; users of Mirror.Builder need them anyway.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.trafficmirror.core {
  requires transitive dev.trafficmirror.spi;
  requires transitive io.opentelemetry.api;
  requires transitive io.opentelemetry.context;
  requires static transitive org.jspecify;
  requires com.fasterxml.jackson.core;
  requires com.github.benmanes.caffeine;
  requires java.net.http;
  requires org.eclipse.jetty.client;
  requires org.eclipse.jetty.http;
  requires org.eclipse.jetty.io;
  requires org.eclipse.jetty.util;

  exports dev.trafficmirror.core;
  exports dev.trafficmirror.core.capture;
  exports dev.trafficmirror.core.config;
  exports dev.trafficmirror.core.status;

  uses dev.trafficmirror.spi.ShadowTargetProvider;

  provides dev.trafficmirror.spi.ShadowTargetProvider with
      dev.trafficmirror.core.internal.http.HttpShadowTargetProvider;
}

/**
 * The servlet adapter: {@code MirrorFilter}, {@code MirrorRequestListener} and the status page
 * {@code MirrorStatusServlet}. Only {@code dev.trafficmirror.servlet} is exported; the request and
 * response wrappers in {@code dev.trafficmirror.servlet.internal} are not.
 */
// No "opens": containers instantiate the filter, listener and servlet by class name (web.xml,
// @WebFilter subclasses), which needs only their public no-arg constructors in the exported
// package.
// The container classes this module looks up by name (Jetty's error page mapper, Tomcat's form
// exception) are reached through their public members, which core reflection allows without reads.
module dev.trafficmirror.servlet {
  requires transitive dev.trafficmirror.core;
  requires transitive jakarta.servlet;
  requires static org.jspecify;

  exports dev.trafficmirror.servlet;
}

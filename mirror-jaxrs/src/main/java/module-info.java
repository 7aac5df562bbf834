/**
 * The Jakarta REST (JAX-RS 3.1) adapter: {@code MirrorFeature} and {@code @Mirrored}. Only {@code
 * dev.trafficmirror.jaxrs} is exported; the filters and interceptors in {@code
 * dev.trafficmirror.jaxrs.internal} are not.
 */
// No "opens". A runtime instantiates MirrorFeature reflectively (register(MirrorFeature.class),
// @Provider scanning): that needs only its public no-arg constructor in the exported package. The
// internal filters and interceptors are registered as instances by the feature and called through
// the JAX-RS interfaces they implement; they have no @Context or @Inject members, so neither Jersey
// nor RESTEasy needs deep reflection into them, and reading their annotations (@PreMatching) needs
// no access. Jersey's shutdown listener is a java.lang.reflect.Proxy of its public interface,
// looked up by name so that this module does not read Jersey.
module dev.trafficmirror.jaxrs {
  requires transitive dev.trafficmirror.core;
  requires transitive jakarta.ws.rs;
  requires static org.jspecify;

  exports dev.trafficmirror.jaxrs;
}

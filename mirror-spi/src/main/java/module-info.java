/** The contract a shadow target, a comparator and an outcome listener implement. */
module dev.trafficmirror.spi {
  requires static transitive org.jspecify;
  requires java.net.http;

  exports dev.trafficmirror.spi;
}

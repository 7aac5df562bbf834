/**
 * Test support shared by the integration suites: a recording shadow target, a recording shadow HTTP
 * server, an outcome recorder and an HTTP test client. Not deployed.
 */
@NullMarked
package dev.trafficmirror.testing;

import org.jspecify.annotations.NullMarked;

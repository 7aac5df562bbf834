/**
 * Embedded servlet containers for the suites: a container-neutral {@link
 * dev.trafficmirror.testing.containers.Deployment} started by {@link
 * dev.trafficmirror.testing.containers.JettyStarter} (Jetty 12 ee10) or {@link
 * dev.trafficmirror.testing.containers.TomcatStarter} (Tomcat 11), always on a loopback port 0.
 */
@NullMarked
package dev.trafficmirror.testing.containers;

import org.jspecify.annotations.NullMarked;

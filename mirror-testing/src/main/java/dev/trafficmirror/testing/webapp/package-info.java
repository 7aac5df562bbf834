/**
 * The classes of the web applications the deployment suite builds: an annotated subclass of the
 * filter and an annotated servlet, copied into {@code WEB-INF/classes} for the container to scan.
 */
@NullMarked
package dev.trafficmirror.testing.webapp;

import org.jspecify.annotations.NullMarked;

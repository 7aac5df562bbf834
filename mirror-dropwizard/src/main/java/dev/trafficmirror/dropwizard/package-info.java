/**
 * Dropwizard integration: {@link dev.trafficmirror.dropwizard.MirrorBundle} reads a {@code mirror:}
 * block of the application's configuration ({@link dev.trafficmirror.dropwizard.MirrorFactory}),
 * registers the servlet filter, closes the mirror with the server, and adds the status page and a
 * health check to the admin port. See {@code docs/dropwizard.md}.
 */
@NullMarked
package dev.trafficmirror.dropwizard;

import org.jspecify.annotations.NullMarked;

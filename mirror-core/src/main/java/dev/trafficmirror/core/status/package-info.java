/**
 * The status page of a mirror, rendered as HTML or JSON: what the status servlet, the Spring Boot
 * actuator endpoint and the Dropwizard admin page show. Start at {@link
 * dev.trafficmirror.core.status.StatusPage}.
 */
@NullMarked
package dev.trafficmirror.core.status;

import org.jspecify.annotations.NullMarked;

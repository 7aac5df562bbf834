/**
 * Micrometer meters of a mirror: {@link dev.trafficmirror.micrometer.MirrorMeters} publishes the
 * mirror's OpenTelemetry instruments ({@code mirror.outcomes}, {@code mirror.shadow.duration}, …)
 * to a Micrometer {@code MeterRegistry} under the same names and tags.
 */
@NullMarked
package dev.trafficmirror.micrometer;

import org.jspecify.annotations.NullMarked;

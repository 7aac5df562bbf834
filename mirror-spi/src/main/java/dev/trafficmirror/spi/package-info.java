/**
 * The contract between Traffic Mirror and its users: the immutable values handed to user code
 * ({@link dev.trafficmirror.spi.MirroredRequest}, {@link dev.trafficmirror.spi.ProductionResponse},
 * {@link dev.trafficmirror.spi.ShadowResponse}, {@link dev.trafficmirror.spi.MirrorOutcome}) and
 * the extension points a user implements ({@link dev.trafficmirror.spi.ShadowTarget}, {@link
 * dev.trafficmirror.spi.ShadowTargetProvider}, {@link dev.trafficmirror.spi.OutcomeListener},
 * {@link dev.trafficmirror.spi.ResponseComparator}) with the comparison it returns ({@link
 * dev.trafficmirror.spi.Comparison}, {@link dev.trafficmirror.spi.Difference}).
 *
 * <p>This package depends on the JDK only.
 */
@NullMarked
package dev.trafficmirror.spi;

import org.jspecify.annotations.NullMarked;

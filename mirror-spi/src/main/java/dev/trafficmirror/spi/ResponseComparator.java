package dev.trafficmirror.spi;

/**
 * Decides whether a shadow's response is the same as production's, and where it differs.
 *
 * <p>The engine calls {@link #compare} once for every request whose shadow answered. mirror-core's
 * {@code DefaultResponseComparator} compares status, chosen headers and the body, structurally for
 * JSON.
 *
 * <p><b>Threads.</b> Called on a target's mirror worker threads, never on a production request
 * thread, and concurrently: implementations must be thread-safe. Comparing delays the worker's next
 * request, so keep it proportional to the size of the responses.
 *
 * <p><b>Errors.</b> Anything {@code compare} throws is caught by the engine and recorded as a
 * comparator error for that request; it never reaches production and does not stop later
 * comparisons.
 */
@FunctionalInterface
public interface ResponseComparator {

  /**
   * Compares the shadow's response with production's.
   *
   * @param request the mirrored request both responses answer
   * @param production what production answered; its body may be incomplete (see {@link
   *     ProductionResponse#bodyComplete()})
   * @param shadow what the shadow answered; its body may be incomplete (see {@link
   *     ShadowResponse#bodyComplete()})
   * @return the result; never null
   */
  Comparison compare(MirroredRequest request, ProductionResponse production, ShadowResponse shadow);
}

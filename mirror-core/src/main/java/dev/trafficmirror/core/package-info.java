/**
 * The Traffic Mirror engine, independent of any web API: {@link dev.trafficmirror.core.Mirror}
 * (built once, shared by the adapters), its configuration, and the HTTP shadow target.
 */
@NullMarked
package dev.trafficmirror.core;

import org.jspecify.annotations.NullMarked;

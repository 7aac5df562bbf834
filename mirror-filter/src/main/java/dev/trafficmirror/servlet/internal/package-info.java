/**
 * Internals of the servlet adapter: the request and response wrappers that capture bodies
 * transparently, and the per-request exchange that hands the copy to the mirror. Not part of the
 * API: anything here may change in any release.
 */
@NullMarked
package dev.trafficmirror.servlet.internal;

import org.jspecify.annotations.NullMarked;

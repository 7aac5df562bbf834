/**
 * The http target's clients: the library's own HTTP/1.1 event loop for http:// shadows, and Jetty's
 * client for https://.
 *
 * <p>Internal: not exported by the module, and anything here may change in any release.
 */
@NullMarked
package dev.trafficmirror.core.internal.http;

import org.jspecify.annotations.NullMarked;

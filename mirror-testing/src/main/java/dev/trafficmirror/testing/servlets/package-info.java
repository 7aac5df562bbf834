/**
 * Production behaviours the suites run with and without the filter: each servlet reads the request
 * or writes the response in one of the ways servlets do, chosen by the path info, and answers with
 * a report of what it saw.
 */
@NullMarked
package dev.trafficmirror.testing.servlets;

import org.jspecify.annotations.NullMarked;

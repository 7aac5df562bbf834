/**
 * The integration suites of the servlet filter, written once as abstract classes and run on each
 * container by a small subclass that supplies its {@link
 * dev.trafficmirror.testing.containers.ContainerStarter}.
 */
@NullMarked
package dev.trafficmirror.testing.suites;

import org.jspecify.annotations.NullMarked;

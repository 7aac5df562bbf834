/**
 * The servlet adapter: {@link dev.trafficmirror.servlet.MirrorFilter} mirrors the requests of a
 * Servlet 6 web application. Register it in {@code web.xml}, by subclassing it with
 * {@code @WebFilter}, or in code with {@link dev.trafficmirror.servlet.MirrorFilter#create}.
 */
@NullMarked
package dev.trafficmirror.servlet;

import org.jspecify.annotations.NullMarked;

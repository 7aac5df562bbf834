/**
 * Spring Boot auto-configuration of Traffic Mirror, for Boot 3.5 and 4.0: {@code mirror.*}
 * properties from the Spring environment, {@link dev.trafficmirror.servlet.MirrorFilter}, the
 * {@code mirror} actuator endpoint, a health contributor and Micrometer meters. See {@code
 * docs/spring-boot.md}.
 */
@NullMarked
package dev.trafficmirror.spring.boot;

import org.jspecify.annotations.NullMarked;

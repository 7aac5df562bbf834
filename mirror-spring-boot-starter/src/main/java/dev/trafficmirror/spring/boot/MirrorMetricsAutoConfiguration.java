package dev.trafficmirror.spring.boot;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.micrometer.MirrorMeters;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Publishes the mirror's meters to the application's Micrometer registry, when it has one (with
 * Spring Boot's actuator): {@link MirrorMeters} under the OpenTelemetry instruments' {@code
 * mirror.*} names, visible at {@code /actuator/metrics} and {@code /actuator/prometheus}.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"
    })
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnProperty(
    prefix = "mirror",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
public final class MirrorMetricsAutoConfiguration {
  /** Created by Spring. */
  public MirrorMetricsAutoConfiguration() {}

  /** Returns the meters, an {@code OutcomeListener} the auto-configured mirror picks up. */
  @Bean
  @ConditionalOnMissingBean
  public MirrorMeters mirrorMeters(MeterRegistry registry) {
    return MirrorMeters.create(registry);
  }

  /** Binds the meters to the mirror once every singleton exists. */
  @Bean
  public SmartInitializingSingleton mirrorMetersBinding(
      MirrorMeters meters, ObjectProvider<Mirror> mirror) {
    return () -> mirror.ifUnique(meters::bind);
  }
}

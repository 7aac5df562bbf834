package dev.trafficmirror.spring.boot;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.MirrorConfig;
import dev.trafficmirror.servlet.MirrorFilter;
import dev.trafficmirror.servlet.MirrorRequestListener;
import dev.trafficmirror.spi.InvalidConfigException;
import dev.trafficmirror.spi.OutcomeListener;
import dev.trafficmirror.spi.ResponseComparator;
import dev.trafficmirror.spi.ShadowTarget;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.servlet.DispatcherType;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletListenerRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Auto-configures a {@link Mirror} from the {@code mirror.*} properties of the Spring environment
 * (parsed by {@link MirrorConfig#fromProperties}, so a bad value fails start-up naming the key),
 * with the application's {@link ShadowTarget} beans as targets named by their bean names, its
 * {@link OutcomeListener} beans, its {@link ResponseComparator} bean and its {@link OpenTelemetry}
 * bean when it has them; and, in a servlet web application, registers {@link MirrorFilter} and
 * {@link MirrorRequestListener}. {@code mirror.enabled=false} switches all of it off. The mirror is
 * closed with the application context.
 */
@AutoConfiguration
@ConditionalOnClass(Mirror.class)
@ConditionalOnProperty(
    prefix = "mirror",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
@EnableConfigurationProperties(MirrorFilterProperties.class)
public final class MirrorAutoConfiguration {
  /** Created by Spring. */
  public MirrorAutoConfiguration() {}

  /**
   * Returns the mirror, built from the environment's {@code mirror.*} keys and the application's
   * targets, listeners, comparator and OpenTelemetry.
   *
   * @throws InvalidConfigException when a key or value is invalid; the message names both
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public Mirror mirror(
      ConfigurableEnvironment environment,
      ConfigurableListableBeanFactory beans,
      ObjectProvider<OutcomeListener> listeners,
      ObjectProvider<ResponseComparator> comparator,
      ObjectProvider<OpenTelemetry> openTelemetry) {
    Map<String, String> properties = MirrorEnvironment.properties(environment);
    Mirror.Builder builder = Mirror.builder().config(MirrorConfig.fromProperties(properties));
    // Each target bean under its bean name. The mirror closes its targets when it closes, and
    // Spring closes the beans it created too: a target's close() must be idempotent.
    for (String name : beans.getBeanNamesForType(ShadowTarget.class)) {
      builder.target(name, beans.getBean(name, ShadowTarget.class));
    }
    listeners.orderedStream().forEach(builder::listener);
    comparator.ifUnique(builder::comparator);
    openTelemetry.ifUnique(builder::openTelemetry);
    return builder.build();
  }

  /** Registers the filter and the listener that lets it capture error pages. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = "jakarta.servlet.Filter")
  static final class ServletRegistrations {
    ServletRegistrations() {}

    @Bean
    @ConditionalOnMissingBean(name = "mirrorFilterRegistration")
    FilterRegistrationBean<MirrorFilter> mirrorFilterRegistration(
        Mirror mirror, MirrorFilterProperties filter) {
      FilterRegistrationBean<MirrorFilter> registration =
          new FilterRegistrationBean<>(MirrorFilter.create(mirror));
      registration.setName("mirrorFilter");
      registration.setOrder(filter.getOrder());
      registration.setUrlPatterns(filter.getUrlPatterns());
      registration.setDispatcherTypes(
          DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
      registration.setAsyncSupported(true);
      return registration;
    }

    @Bean
    @ConditionalOnMissingBean(name = "mirrorRequestListenerRegistration")
    ServletListenerRegistrationBean<MirrorRequestListener> mirrorRequestListenerRegistration() {
      return new ServletListenerRegistrationBean<>(new MirrorRequestListener());
    }
  }

  /** The {@code mirror} actuator endpoint, when the actuator is present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
  static final class Actuator {
    Actuator() {}

    @Bean
    @ConditionalOnMissingBean
    MirrorEndpoint mirrorEndpoint(Mirror mirror) {
      return new MirrorEndpoint(mirror);
    }
  }

  /** The health contributor {@code mirror} on Spring Boot 3.5. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
  static final class Boot3Health {
    Boot3Health() {}

    @Bean
    @ConditionalOnMissingBean(name = "mirrorHealthIndicator")
    HealthIndicator mirrorHealthIndicator(Mirror mirror) {
      return () -> Health.up().withDetails(MirrorHealth.details(mirror)).build();
    }
  }

  /** The health contributor {@code mirror} on Spring Boot 4.0. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static final class Boot4Health {
    Boot4Health() {}

    @Bean
    @ConditionalOnMissingBean(name = "mirrorHealthIndicator")
    org.springframework.boot.health.contributor.HealthIndicator mirrorHealthIndicator(
        Mirror mirror) {
      return () ->
          org.springframework.boot.health.contributor.Health.up()
              .withDetails(MirrorHealth.details(mirror))
              .build();
    }
  }
}

package io.phoenix.common.observability;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health every service shares: a {@code kafka} indicator, part of the readiness group (see {@link
 * io.phoenix.common.runtime.ServiceLauncher} for the group's default members).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnProperty("spring.kafka.bootstrap-servers")
public class PhoenixObservabilityConfiguration {

  @Bean(name = "kafkaHealthIndicator", destroyMethod = "close")
  KafkaHealthIndicator kafkaHealthIndicator(KafkaProperties kafka) {
    return new KafkaHealthIndicator(kafka.buildAdminProperties());
  }
}

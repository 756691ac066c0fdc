package io.phoenix.pki.renewal;

import io.phoenix.common.contract.Topics;
import io.phoenix.common.kafka.PhoenixTopicsConfiguration;
import io.phoenix.pki.PkiProperties;
import io.phoenix.pki.signing.IssuedChains;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Runs the {@link RenewalTrigger} every {@code phoenix.pki.renewal-check}; active, like the agent
 * runtime, only when {@code spring.kafka.bootstrap-servers} is set.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("spring.kafka.bootstrap-servers")
@Import(PhoenixTopicsConfiguration.class)
class RenewalTriggerConfiguration {

  /** The first check comes at most this soon after start, then every renewal-check. */
  private static final Duration FIRST_CHECK = Duration.ofMinutes(1);

  @Bean
  @ConditionalOnMissingBean
  Clock renewalClock() {
    return Clock.systemUTC();
  }

  // A bean so that closing the context closes its producer.
  @Bean
  DefaultKafkaProducerFactory<String, String> renewalRequestProducers(KafkaProperties kafka) {
    Map<String, Object> props = new HashMap<>(kafka.buildProducerProperties());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return new DefaultKafkaProducerFactory<>(props, new StringSerializer(), new StringSerializer());
  }

  // Also a bean so that Boot's own template (wanting a ProducerFactory<Object, Object>) backs off.
  @Bean
  KafkaTemplate<String, String> renewalRequestTemplate(
      DefaultKafkaProducerFactory<String, String> renewalRequestProducers) {
    return new KafkaTemplate<>(renewalRequestProducers);
  }

  @Bean
  RenewalTrigger renewalTrigger(
      IssuedChains issuedChains,
      RenewalSchedule renewalSchedule,
      KafkaTemplate<String, String> renewalRequestTemplate,
      Topics topics,
      Clock renewalClock,
      PkiProperties properties) {
    return new RenewalTrigger(
        issuedChains,
        renewalSchedule,
        renewalRequestTemplate,
        topics,
        renewalClock,
        properties.renewalOverdueWarning());
  }

  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService renewalChecks(RenewalTrigger renewalTrigger, PkiProperties properties) {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "renewal-checks");
              t.setDaemon(true);
              return t;
            });
    Duration every = properties.renewalCheck();
    Duration first = every.compareTo(FIRST_CHECK) < 0 ? every : FIRST_CHECK;
    executor.scheduleWithFixedDelay(
        renewalTrigger::checkAndLog, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return executor;
  }
}

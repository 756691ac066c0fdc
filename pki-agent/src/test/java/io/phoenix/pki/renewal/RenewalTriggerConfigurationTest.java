package io.phoenix.pki.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.contract.Topics;
import io.phoenix.common.testing.TestKafka;
import io.phoenix.pki.PkiProperties;
import io.phoenix.pki.secrets.SecretStore;
import io.phoenix.pki.signing.IssuedChains;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class RenewalTriggerConfigurationTest {

  @TempDir Path dir;

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(PkiProperties.class)
  static class PkiBeans {

    @Bean
    IssuedChains issuedChains(PkiProperties properties) {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      return new IssuedChains(SecretStore.open(properties.secretDir(), key));
    }

    @Bean
    RenewalSchedule renewalSchedule() {
      return RenewalSchedule.defaults();
    }
  }

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class))
        .withUserConfiguration(PkiBeans.class, RenewalTriggerConfiguration.class)
        .withPropertyValues("phoenix.pki.secret-dir=" + dir);
  }

  @Test
  void withoutKafkaThereIsNoTrigger() {
    runner()
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(RenewalTrigger.class);
            });
  }

  @Test
  void withKafkaTheTriggerIsScheduledOnTheTopicsOfThePrefix() {
    String prefix = "r" + UUID.randomUUID().toString().substring(0, 8);
    runner()
        .withPropertyValues(
            "spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
            "phoenix.kafka.topic-prefix=" + prefix,
            "phoenix.pki.renewal-check=2m")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(Topics.class).buildRequests()).startsWith(prefix + ".");
              assertThat(context).hasSingleBean(ScheduledExecutorService.class);
              // Nothing issued yet: a check publishes nothing and does not fail.
              assertThat(context.getBean(RenewalTrigger.class).check()).isEmpty();
            });
  }
}

package io.phoenix.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.testing.TestKafka;
import io.phoenix.pki.renewal.RenewalTrigger;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The whole service with Kafka: the agent runtime and the renewal trigger start side by side. */
class PkiAgentApplicationTest {

  @TempDir Path dir;

  @Test
  void withKafkaTheServiceStartsWithItsAgentRuntimeAndRenewalTrigger() {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(PkiAgentApplication.class)
            .properties(
                "spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                "phoenix.kafka.topic-prefix=a" + UUID.randomUUID().toString().substring(0, 8),
                "phoenix.pki.secret-dir=" + dir,
                "phoenix.pki.secret-key=" + "A".repeat(43) + "=",
                "server.port=0",
                "management.server.port=0")
            .run()) {
      assertThat(context.getBean(RenewalTrigger.class)).isNotNull();
      assertThat(context.containsBean("agentCommandProcessor")).isTrue();
    }
  }
}

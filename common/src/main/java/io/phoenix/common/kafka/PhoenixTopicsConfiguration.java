package io.phoenix.common.kafka;

import io.phoenix.common.contract.Agent;
import io.phoenix.common.contract.Topics;
import io.phoenix.common.observability.PhoenixObservabilityConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The topics of DESIGN.md, created at start-up when missing (Spring's {@link KafkaAdmin} applies
 * the {@link KafkaAdmin.NewTopics}). Every service imports this, so whichever starts first creates
 * them.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PhoenixKafkaProperties.class)
@Import(PhoenixObservabilityConfiguration.class)
public class PhoenixTopicsConfiguration {

  @Bean
  Topics phoenixTopics(PhoenixKafkaProperties properties) {
    return properties.topics();
  }

  @Bean
  KafkaAdmin.NewTopics phoenixNewTopics(PhoenixKafkaProperties properties) {
    return new KafkaAdmin.NewTopics(
        newTopics(properties.topics(), properties.replicationFactor()).toArray(NewTopic[]::new));
  }

  /** Every Phoenix topic with its partitions and retention. */
  public static List<NewTopic> newTopics(Topics topics, short replication) {
    List<NewTopic> all = new ArrayList<>();
    // The event log is the source of truth for every build: keep it.
    all.add(
        new NewTopic(topics.events(), topics.eventPartitions(), replication)
            .configs(Map.of("retention.ms", "-1")));
    all.add(new NewTopic(topics.buildRequests(), topics.eventPartitions(), replication));
    for (Agent agent : Agent.values()) {
      all.add(new NewTopic(topics.commands(agent), topics.commandPartitions(), replication));
    }
    for (String source : List.of(topics.events(), topics.buildRequests())) {
      all.add(new NewTopic(Topics.deadLetter(source), topics.eventPartitions(), replication));
    }
    for (Agent agent : Agent.values()) {
      all.add(
          new NewTopic(
              Topics.deadLetter(topics.commands(agent)), topics.commandPartitions(), replication));
    }
    return all;
  }
}

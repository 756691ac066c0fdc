package io.phoenix.common.kafka;

import io.phoenix.common.contract.Topics;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Topic settings shared by every service ({@code phoenix.kafka.*}).
 *
 * @param topicPrefix prefix of every topic name
 * @param commandPartitions partitions of each command topic (the largest agent group)
 * @param eventPartitions partitions of the events and requests topics
 * @param replicationFactor replication of topics created at start-up
 */
@ConfigurationProperties("phoenix.kafka")
public record PhoenixKafkaProperties(
    @DefaultValue(Topics.DEFAULT_PREFIX) String topicPrefix,
    @DefaultValue("12") int commandPartitions,
    @DefaultValue("6") int eventPartitions,
    @DefaultValue("1") short replicationFactor) {

  public Topics topics() {
    return new Topics(topicPrefix, commandPartitions, eventPartitions);
  }
}

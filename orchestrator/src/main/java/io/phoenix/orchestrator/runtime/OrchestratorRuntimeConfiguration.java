package io.phoenix.orchestrator.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.phoenix.common.contract.Topics;
import io.phoenix.common.kafka.PhoenixTopicsConfiguration;
import io.phoenix.orchestrator.saga.Saga;
import io.phoenix.orchestrator.saga.SagaSettings;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Wires the saga to Kafka with plain Kafka clients: the exactly-once loop needs to control the
 * transaction boundary, the rebuild on assignment and the offsets it commits, which is clearest
 * with the clients themselves (Spring Kafka's listener container would hide each of them).
 */
@Configuration(proxyBeanMethods = false)
@Import(PhoenixTopicsConfiguration.class)
@EnableConfigurationProperties(OrchestratorProperties.class)
public class OrchestratorRuntimeConfiguration {

  @Bean
  Saga saga(OrchestratorProperties properties, Topics topics) {
    return new Saga(
        new SagaSettings(
            topics,
            "/phoenix/orchestrator/" + properties.instanceId(),
            properties.maxParallel(),
            properties.maxPerNode(),
            properties.deadlines().defaultPolicy(),
            properties.deadlines().actionPolicies()));
  }

  /** The planner of issue #3 against the inventory file. */
  @Bean
  BuildPlanner inventoryPlanner(OrchestratorProperties properties) {
    return new InventoryPlanner(properties.inventory());
  }

  @Bean(destroyMethod = "close")
  BuildProjection buildProjection(Saga saga, Topics topics, KafkaProperties kafka) {
    return new BuildProjection(saga, topics, readerProperties(kafka));
  }

  @Bean
  SagaRuntime sagaRuntime(
      OrchestratorProperties properties,
      Saga saga,
      Topics topics,
      BuildProjection projection,
      BuildPlanner planner,
      KafkaProperties kafka,
      ObjectProvider<MeterRegistry> meters) {
    Admission admission =
        new Admission(projection, planner, saga.settings().source(), properties.freshnessTimeout());
    SagaLoop loop =
        new SagaLoop(
            saga,
            topics,
            new RequestIntake(saga, topics, admission),
            properties.tick(),
            loopConsumerProperties(properties, kafka),
            transactionalProducerProperties(properties, kafka),
            readerProperties(kafka),
            Clock.systemUTC());
    loop.metrics(new OrchestratorMetrics(meters.getIfAvailable(SimpleMeterRegistry::new)));
    return new SagaRuntime(projection, loop);
  }

  @Bean(destroyMethod = "close")
  BuildRequests buildRequests(Topics topics, KafkaProperties kafka) {
    Map<String, Object> props = new HashMap<>(kafka.buildProducerProperties());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    return new BuildRequests(new KafkaProducer<>(props), topics);
  }

  static Map<String, Object> loopConsumerProperties(
      OrchestratorProperties properties, KafkaProperties kafka) {
    Map<String, Object> props = new HashMap<>(kafka.buildConsumerProperties());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId());
    // Static membership: a restarted instance takes its partitions back without waiting for the
    // session of its previous incarnation to time out.
    props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, properties.instanceId());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Range assignment gives partition n of the requests and of the events topic to one member.
    props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
    props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return props;
  }

  static Map<String, Object> transactionalProducerProperties(
      OrchestratorProperties properties, KafkaProperties kafka) {
    Map<String, Object> props = new HashMap<>(kafka.buildProducerProperties());
    props.put(
        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
        properties.groupId() + "-" + properties.instanceId());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return props;
  }

  /** A consumer outside any group that reads committed records only. */
  static Map<String, Object> readerProperties(KafkaProperties kafka) {
    Map<String, Object> props = new HashMap<>(kafka.buildConsumerProperties());
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return props;
  }
}

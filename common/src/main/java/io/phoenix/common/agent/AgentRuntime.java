package io.phoenix.common.agent;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Topics;
import io.phoenix.common.kafka.CloudEventDeserializer;
import io.phoenix.common.kafka.CloudEventSerializer;
import io.phoenix.common.kafka.DeadLetters;
import io.phoenix.common.kafka.PhoenixTopicsConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The Kafka side every agent shares: consumes {@code phoenix.commands.<kind>} in the group {@code
 * phoenix-<kind>-agent} and hands each command to the {@link StepHandler} bean serving its action.
 *
 * <p>An agent application imports this and declares an {@link AgentKind} bean. It is active when
 * {@code spring.kafka.bootstrap-servers} is set. A record that cannot be read goes to {@code
 * <topic>-dlt} with the reason in its headers; the consumer moves on.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("spring.kafka.bootstrap-servers")
@Import(PhoenixTopicsConfiguration.class)
@EnableConfigurationProperties(AgentProperties.class)
public class AgentRuntime {

  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService agentHeartbeats() {
    return Executors.newScheduledThreadPool(
        1,
        r -> {
          Thread t = new Thread(r, "step-heartbeats");
          t.setDaemon(true);
          return t;
        });
  }

  @Bean
  KafkaTemplate<String, CloudEvent> agentEventTemplate(
      DefaultKafkaProducerFactory<String, CloudEvent> agentEventProducers) {
    return new KafkaTemplate<>(agentEventProducers);
  }

  // Producer factories are beans so that closing the context closes their producers.
  @Bean
  DefaultKafkaProducerFactory<String, CloudEvent> agentEventProducers(KafkaProperties kafka) {
    Map<String, Object> props = new HashMap<>(kafka.buildProducerProperties());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return new DefaultKafkaProducerFactory<>(
        props, new StringSerializer(), new CloudEventSerializer());
  }

  /** Republishes a record that failed to deserialize with its original bytes. */
  @Bean
  DefaultKafkaProducerFactory<String, byte[]> agentDeadLetterProducers(KafkaProperties kafka) {
    return new DefaultKafkaProducerFactory<>(
        new HashMap<>(kafka.buildProducerProperties()),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  @Bean
  CommandProcessor agentCommandProcessor(
      AgentKind kind,
      AgentProperties properties,
      List<StepHandler> handlers,
      KafkaTemplate<String, CloudEvent> agentEventTemplate,
      Topics topics,
      ScheduledExecutorService agentHeartbeats,
      ObjectProvider<MeterRegistry> meters) {
    return new CommandProcessor(
        kind.agent(),
        properties,
        handlers,
        agentEventTemplate,
        topics,
        agentHeartbeats,
        Clock.systemUTC(),
        meters.getIfAvailable(SimpleMeterRegistry::new));
  }

  @Bean
  ConcurrentMessageListenerContainer<String, CloudEvent> agentCommandContainer(
      AgentKind kind,
      AgentProperties properties,
      KafkaProperties kafka,
      Topics topics,
      CommandProcessor agentCommandProcessor,
      KafkaTemplate<String, CloudEvent> agentEventTemplate,
      DefaultKafkaProducerFactory<String, byte[]> agentDeadLetterProducers) {
    Map<String, Object> props = new HashMap<>(kafka.buildConsumerProperties());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "phoenix-" + kind.agent().id() + "-agent");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(
        ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) properties.maxStepDuration().toMillis());
    DefaultKafkaConsumerFactory<String, CloudEvent> consumers =
        new DefaultKafkaConsumerFactory<>(
            props,
            new StringDeserializer(),
            new ErrorHandlingDeserializer<>(new CloudEventDeserializer()));

    ContainerProperties container = new ContainerProperties(topics.commands(kind.agent()));
    container.setAckMode(ContainerProperties.AckMode.RECORD);
    container.setClientId(kind.agent().id() + "-agent");
    container.setMessageListener(
        (MessageListener<String, CloudEvent>)
            record -> agentCommandProcessor.process(record.value()));

    ConcurrentMessageListenerContainer<String, CloudEvent> listener =
        new ConcurrentMessageListenerContainer<>(consumers, container);
    listener.setConcurrency(properties.concurrency());
    listener.setCommonErrorHandler(
        deadLetters(new KafkaTemplate<>(agentDeadLetterProducers), agentEventTemplate));
    return listener;
  }

  /** Unreadable records and commands that could not be answered go to the DLT at once. */
  static DefaultErrorHandler deadLetters(
      KafkaOperations<String, byte[]> raw, KafkaOperations<String, CloudEvent> eventTemplate) {
    Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
    templates.put(CloudEvent.class, eventTemplate);
    templates.put(byte[].class, raw);
    DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(templates);
    recoverer.setHeadersFunction(
        (record, exception) -> {
          RecordHeaders headers = new RecordHeaders();
          headers.add(
              DeadLetters.REASON_HEADER,
              DeadLetters.reason(exception).getBytes(StandardCharsets.UTF_8));
          return headers;
        });
    return new DefaultErrorHandler(recoverer, new FixedBackOff(0, 0));
  }
}

package io.phoenix.orchestrator.runtime;

import io.phoenix.common.contract.Topics;
import io.phoenix.common.kafka.PhoenixTopicsConfiguration;
import io.phoenix.common.runtime.ServiceLauncher;
import io.phoenix.common.testing.TestKafka;
import io.phoenix.orchestrator.OrchestratorApplication;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One isolated orchestrator installation on the shared test broker: its own topic prefix and
 * consumer groups, topics created up front, and the real application started (and crashed) on
 * demand.
 */
public final class TestOrchestrator implements AutoCloseable {

  public final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
  public final Topics topics = new Topics(prefix, 2, 3);
  private final Map<String, String> settings = new LinkedHashMap<>();
  private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
  private final KafkaProducer<String, byte[]> producer;

  public TestOrchestrator(Map<String, String> extra) throws Exception {
    settings.put("spring.kafka.bootstrap-servers", TestKafka.bootstrapServers());
    settings.put("phoenix.kafka.topic-prefix", prefix);
    settings.put("phoenix.kafka.command-partitions", "2");
    settings.put("phoenix.kafka.event-partitions", "3");
    settings.put("phoenix.orchestrator.group-id", prefix + "-orchestrator");
    settings.put("phoenix.orchestrator.tick", "100ms");
    settings.put("server.port", "0");
    settings.put("spring.main.banner-mode", "off");
    settings.putAll(extra);
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
      admin.createTopics(PhoenixTopicsConfiguration.newTopics(topics, (short) 1)).all().get();
    }
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  /** Starts an orchestrator and waits until it owns its partitions. */
  public ConfigurableApplicationContext start() throws InterruptedException {
    return start("orch-1");
  }

  /** Starts orchestrator instance {@code instanceId} and waits until it has joined the group. */
  public ConfigurableApplicationContext start(String instanceId) throws InterruptedException {
    SpringApplication app =
        ServiceLauncher.application(OrchestratorApplication.class, OrchestratorApplication.NAME);
    app.addPrimarySources(List.of(TestPlanner.class));
    List<String> args = new ArrayList<>();
    settings.forEach((k, v) -> args.add("--" + k + "=" + v));
    args.add("--phoenix.orchestrator.instance-id=" + instanceId);
    ConfigurableApplicationContext context = app.run(args.toArray(String[]::new));
    contexts.add(context);
    if (!context.getBean(SagaRuntime.class).awaitAssignment(Duration.ofSeconds(60))) {
      throw new IllegalStateException("the orchestrator got no partitions in 60s");
    }
    return context;
  }

  /** Kills the orchestrator's saga without a clean shutdown, then drops the context. */
  public void crash(ConfigurableApplicationContext context) {
    context.getBean(SagaRuntime.class).crash();
    context.close();
  }

  /** Puts {@code json} on the requests topic, as any Kafka client would. */
  public void request(String json) throws Exception {
    send(topics.buildRequests(), null, json.getBytes(StandardCharsets.UTF_8));
  }

  public void send(String topic, String key, byte[] value) throws Exception {
    producer.send(new ProducerRecord<>(topic, key, value)).get();
  }

  @Override
  public void close() {
    contexts.forEach(ConfigurableApplicationContext::close);
    producer.close(Duration.ofSeconds(2));
  }
}

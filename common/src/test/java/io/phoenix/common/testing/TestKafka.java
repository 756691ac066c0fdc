package io.phoenix.common.testing;

import io.phoenix.common.kafka.InProcessKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands tests a real Kafka broker: Testcontainers' Kafka module when a Docker engine is reachable,
 * otherwise the same in-process KRaft broker the embedded runtime uses ({@link InProcessKafka}).
 *
 * <p>One broker serves the whole test JVM; tests isolate themselves with their own topic prefix or
 * group ids. Use it as an extension ({@code @ExtendWith(TestKafka.class)} and a {@link Broker}
 * parameter) or call {@link #bootstrapServers()}.
 */
public final class TestKafka implements ParameterResolver {

  /** The broker a test gets. */
  public record Broker(String bootstrapServers) {}

  private static final Logger log = LoggerFactory.getLogger(TestKafka.class);
  private static Broker broker;

  /** The shared broker's bootstrap address, starting it on first use. */
  public static synchronized String bootstrapServers() {
    if (broker == null) {
      broker = new Broker(start());
    }
    return broker.bootstrapServers();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Broker.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return new Broker(bootstrapServers());
  }

  private static String start() {
    if (dockerAvailable()) {
      log.info("Docker engine found: Kafka from Testcontainers");
      return ContainerKafka.start();
    }
    log.info("No Docker engine: in-process KRaft Kafka broker");
    InProcessKafka kafka = InProcessKafka.start(null, 0);
    Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "test-kafka-shutdown"));
    return kafka.bootstrapServers();
  }

  private static boolean dockerAvailable() {
    if ("false".equals(System.getenv("PHOENIX_TEST_DOCKER"))) {
      return false;
    }
    boolean socket =
        Files.exists(Path.of("/var/run/docker.sock")) || System.getenv("DOCKER_HOST") != null;
    return socket && ContainerKafka.dockerReachable();
  }
}

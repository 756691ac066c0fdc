package io.phoenix.common.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/** The Testcontainers path of {@link TestKafka}: the official {@code apache/kafka} image. */
final class ContainerKafka {

  static final String IMAGE = "apache/kafka:4.1.2";

  private ContainerKafka() {}

  static boolean dockerReachable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  @SuppressWarnings("resource") // lives as long as the test JVM; Ryuk removes it
  static String start() {
    KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(IMAGE));
    kafka.start();
    return kafka.getBootstrapServers();
  }
}

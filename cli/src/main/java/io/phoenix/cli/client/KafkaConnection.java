package io.phoenix.cli.client;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Checks that a Kafka cluster answers before the cli relies on it. */
public final class KafkaConnection {

  /** How long the cli waits for Kafka before it gives up with a clear message. */
  public static final Duration REACH_TIMEOUT = Duration.ofSeconds(6);

  private KafkaConnection() {}

  /**
   * Fails with a {@link CliException} naming the address and what to do when no broker answers
   * within {@link #REACH_TIMEOUT}.
   */
  public static void requireReachable(String bootstrapServers) {
    Map<String, Object> config =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            (int) REACH_TIMEOUT.toMillis(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            (int) REACH_TIMEOUT.toMillis(),
            "reconnect.backoff.max.ms",
            1000);
    Admin admin = Admin.create(config);
    try {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs((int) REACH_TIMEOUT.toMillis()))
          .clusterId()
          .get(REACH_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while connecting to Kafka at " + bootstrapServers);
    } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
      throw unreachable(bootstrapServers);
    } finally {
      // Do not wait for in-flight requests to a broker that is not there.
      admin.close(Duration.ZERO);
    }
  }

  static CliException unreachable(String bootstrapServers) {
    return new CliException(
        "cannot reach Kafka at "
            + bootstrapServers
            + " within "
            + REACH_TIMEOUT.toSeconds()
            + " s. Start one with 'bin/phoenix up', or point --kafka (or PHOENIX_KAFKA) at a"
            + " running broker.");
  }
}

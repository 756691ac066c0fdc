package io.phoenix.common.observability;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** Up when the Kafka cluster answers a metadata request within a few seconds. */
final class KafkaHealthIndicator extends AbstractHealthIndicator implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(3);
  private final Admin admin;

  KafkaHealthIndicator(Map<String, Object> adminProperties) {
    super("Kafka is not reachable");
    Map<String, Object> props = new HashMap<>(adminProperties);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    this.admin = Admin.create(props);
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws Exception {
    DescribeClusterResult cluster =
        admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()));
    String id = cluster.clusterId().get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
    int nodes = cluster.nodes().get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS).size();
    builder.up().withDetail("clusterId", id).withDetail("nodes", nodes);
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(1));
  }
}

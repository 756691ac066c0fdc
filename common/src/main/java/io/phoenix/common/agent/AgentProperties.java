package io.phoenix.common.agent;

import io.phoenix.common.contract.Agent;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How an agent consumes its commands ({@code phoenix.agent.*}).
 *
 * @param concurrency consumer threads in this instance (steps it runs at once)
 * @param heartbeatInterval how often a running step sends {@code phoenix.step.heartbeat}
 * @param maxStepDuration the longest a handler may run before the consumer is considered stuck
 *     (Kafka's {@code max.poll.interval.ms})
 * @param instance this instance's name in events; empty for {@code <kind>-agent/<host>/<pid>}
 */
@ConfigurationProperties("phoenix.agent")
public record AgentProperties(
    @DefaultValue("4") int concurrency,
    @DefaultValue("5s") Duration heartbeatInterval,
    @DefaultValue("45m") Duration maxStepDuration,
    @DefaultValue("") String instance) {

  public AgentProperties {
    if (concurrency < 1) {
      throw new IllegalArgumentException("phoenix.agent.concurrency must be at least 1");
    }
  }

  /** The instance name used as the source of {@code kind}'s events. */
  public String instanceName(Agent kind) {
    if (!instance.isBlank()) {
      return instance;
    }
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "localhost";
    }
    return kind.id() + "-agent/" + host + "/" + ProcessHandle.current().pid();
  }
}

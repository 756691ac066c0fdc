package io.phoenix.common.agent;

import io.phoenix.common.contract.Agent;
import java.util.Objects;

/**
 * Which agent an application is: declared as a bean by each agent application, read by {@link
 * AgentRuntime} to choose the command topic and consumer group.
 */
public record AgentKind(Agent agent) {

  public AgentKind {
    Objects.requireNonNull(agent, "agent");
  }
}

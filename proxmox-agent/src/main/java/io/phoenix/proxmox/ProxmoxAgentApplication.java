package io.phoenix.proxmox;

import io.phoenix.common.agent.AgentKind;
import io.phoenix.common.agent.AgentRuntime;
import io.phoenix.common.contract.Agent;
import io.phoenix.common.runtime.ServiceLauncher;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The proxmox-agent service: a Spring Boot application that joins the others only through Kafka.
 * The agent runtime consumes {@code phoenix.commands.proxmox} and hands each command to the
 * lifecycle {@link io.phoenix.common.agent.StepHandler} beans; settings are in {@code
 * docs/proxmox-agent.md}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(AgentRuntime.class)
public class ProxmoxAgentApplication {

  /** The service's name, also the folder of its {@code application.yml} on the classpath. */
  public static final String NAME = "proxmox-agent";

  /** Which commands this application consumes (see {@link AgentRuntime}). */
  @Bean
  AgentKind agentKind() {
    return new AgentKind(Agent.PROXMOX);
  }

  public static void main(String[] args) {
    ServiceLauncher.application(ProxmoxAgentApplication.class, NAME).run(args);
  }
}

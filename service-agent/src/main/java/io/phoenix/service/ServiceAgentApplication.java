package io.phoenix.service;

import io.phoenix.common.agent.AgentKind;
import io.phoenix.common.agent.AgentRuntime;
import io.phoenix.common.contract.Agent;
import io.phoenix.common.runtime.ServiceLauncher;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The service-agent service: a Spring Boot application that joins the others only through Kafka.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(AgentRuntime.class)
public class ServiceAgentApplication {

  /** The service's name, also the folder of its {@code application.yml} on the classpath. */
  public static final String NAME = "service-agent";

  /** Which commands this application consumes (see {@link AgentRuntime}). */
  @Bean
  AgentKind agentKind() {
    return new AgentKind(Agent.SERVICE);
  }

  public static void main(String[] args) {
    ServiceLauncher.application(ServiceAgentApplication.class, NAME).run(args);
  }
}

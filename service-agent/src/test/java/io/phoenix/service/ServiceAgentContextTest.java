package io.phoenix.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.agent.StepHandler;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The application wires a handler for every service action (Kafka off: no bootstrap servers). */
@SpringBootTest(
    classes = ServiceAgentApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = "spring.config.additional-location=classpath:/service-agent/")
class ServiceAgentContextTest {

  @Autowired List<StepHandler> handlers;

  @Test
  void everyServiceActionHasAHandler() {
    assertThat(handlers.stream().flatMap(h -> h.actions().stream()))
        .containsExactlyInAnyOrder("feature", "csr", "cert", "health", "portainer", "stack");
  }
}

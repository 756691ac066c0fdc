package io.phoenix.orchestrator;

import io.phoenix.common.runtime.ServiceLauncher;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The orchestrator service: a Spring Boot application that joins the others only through Kafka. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OrchestratorApplication {

  /** The service's name, also the folder of its {@code application.yml} on the classpath. */
  public static final String NAME = "orchestrator";

  public static void main(String[] args) {
    ServiceLauncher.application(OrchestratorApplication.class, NAME).run(args);
  }
}

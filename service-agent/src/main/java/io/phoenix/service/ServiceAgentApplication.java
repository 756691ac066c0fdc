package io.phoenix.service;

import io.phoenix.common.runtime.ServiceLauncher;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The service-agent service: a Spring Boot application that joins the others only through Kafka.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ServiceAgentApplication {

  /** The service's name, also the folder of its {@code application.yml} on the classpath. */
  public static final String NAME = "service-agent";

  public static void main(String[] args) {
    ServiceLauncher.application(ServiceAgentApplication.class, NAME).run(args);
  }
}

package io.phoenix.pki;

import io.phoenix.common.runtime.ServiceLauncher;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The pki-agent service: a Spring Boot application that joins the others only through Kafka. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PkiAgentApplication {

  /** The service's name, also the folder of its {@code application.yml} on the classpath. */
  public static final String NAME = "pki-agent";

  public static void main(String[] args) {
    ServiceLauncher.application(PkiAgentApplication.class, NAME).run(args);
  }
}

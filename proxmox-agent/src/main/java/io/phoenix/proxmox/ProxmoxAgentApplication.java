package io.phoenix.proxmox;

import io.phoenix.common.runtime.ServiceLauncher;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The proxmox-agent service: a Spring Boot application that joins the others only through Kafka.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ProxmoxAgentApplication {

  /** The service's name, also the folder of its {@code application.yml} on the classpath. */
  public static final String NAME = "proxmox-agent";

  public static void main(String[] args) {
    ServiceLauncher.application(ProxmoxAgentApplication.class, NAME).run(args);
  }
}

package io.phoenix.common.runtime;

import java.util.Map;
import org.springframework.boot.SpringApplication;

/**
 * Builds the {@link SpringApplication} of one Phoenix service.
 *
 * <p>Every service keeps its {@code application.yml} under {@code classpath:/<service>/} rather
 * than at the classpath root, so that the embedded runtime can hold all four services on one
 * classpath without one service reading another's configuration.
 */
public final class ServiceLauncher {

  private ServiceLauncher() {}

  /** The application for {@code mainClass}, reading {@code classpath:/<name>/application.yml}. */
  public static SpringApplication application(Class<?> mainClass, String name) {
    SpringApplication application = new SpringApplication(mainClass);
    application.setDefaultProperties(
        Map.of(
            "spring.config.additional-location",
            "optional:classpath:/" + name + "/",
            "spring.application.name",
            name));
    return application;
  }
}

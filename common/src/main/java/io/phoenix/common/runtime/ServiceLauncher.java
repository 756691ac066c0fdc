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

  /**
   * Defaults every service shares (its application.yml and the environment override them): its
   * configuration folder, its name, and the actuator endpoints operators rely on — liveness and
   * readiness probes (readiness includes Kafka) and Prometheus metrics on the HTTP port.
   */
  static Map<String, Object> defaults(String name) {
    return Map.of(
        "spring.config.additional-location", "optional:classpath:/" + name + "/",
        "spring.application.name", name,
        "management.endpoint.health.probes.enabled", "true",
        "management.endpoint.health.group.readiness.include", "readinessState,kafka",
        "management.endpoint.health.show-details", "always",
        "management.endpoints.web.exposure.include", "health,info,prometheus,metrics",
        "management.metrics.tags.application", name);
  }
}

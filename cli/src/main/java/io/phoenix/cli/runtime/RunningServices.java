package io.phoenix.cli.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The chosen Phoenix services running in this JVM against one world's properties: what {@code up},
 * {@code demo} and {@code lab} share. Stops what it started if one fails to start.
 */
public final class RunningServices implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RunningServices.class);

  private final List<ConfigurableApplicationContext> contexts;
  private final String orchestratorUrl;

  private RunningServices(List<ConfigurableApplicationContext> contexts, String orchestratorUrl) {
    this.contexts = contexts;
    this.orchestratorUrl = orchestratorUrl;
  }

  /**
   * Starts {@code services} with {@code properties}; the orchestrator listens on {@code httpPort}
   * (0: any), the others on any free port.
   */
  public static RunningServices start(
      Set<Services> services, Map<String, String> properties, int httpPort) {
    List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    String orchestratorUrl = null;
    try {
      for (Services service : services) {
        Map<String, String> own = new LinkedHashMap<>(properties);
        own.put("spring.main.banner-mode", "off");
        own.put("server.port", String.valueOf(service == Services.ORCHESTRATOR ? httpPort : 0));
        ConfigurableApplicationContext context = service.start(own);
        contexts.add(context);
        if (service == Services.ORCHESTRATOR) {
          orchestratorUrl = "http://127.0.0.1:" + port(context);
        }
        log.info("{} started", service.serviceName());
      }
      return new RunningServices(contexts, orchestratorUrl);
    } catch (RuntimeException e) {
      new RunningServices(contexts, null).close();
      throw e;
    }
  }

  /** The orchestrator's HTTP address, or null when it does not run here. */
  public String orchestratorUrl() {
    return orchestratorUrl;
  }

  private static int port(ConfigurableApplicationContext context) {
    if (context instanceof WebServerApplicationContext web) {
      return web.getWebServer().getPort();
    }
    return -1;
  }

  /** Stops the services, the last started first. */
  @Override
  public void close() {
    List<ConfigurableApplicationContext> reversed = new ArrayList<>(contexts);
    Collections.reverse(reversed);
    for (ConfigurableApplicationContext context : reversed) {
      try {
        context.close();
      } catch (RuntimeException e) {
        log.warn("stopping a service failed: {}", e.getMessage());
      }
    }
  }
}

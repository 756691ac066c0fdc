package io.phoenix.cli.runtime;

import io.phoenix.cli.client.CliException;
import io.phoenix.common.runtime.ServiceLauncher;
import io.phoenix.orchestrator.OrchestratorApplication;
import io.phoenix.pki.PkiAgentApplication;
import io.phoenix.proxmox.ProxmoxAgentApplication;
import io.phoenix.service.ServiceAgentApplication;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.ConfigurableApplicationContext;

/** The four Phoenix services, started as Spring Boot applications in this JVM. */
public enum Services {
  ORCHESTRATOR(OrchestratorApplication.NAME, OrchestratorApplication.class),
  PROXMOX_AGENT(ProxmoxAgentApplication.NAME, ProxmoxAgentApplication.class),
  PKI_AGENT(PkiAgentApplication.NAME, PkiAgentApplication.class),
  SERVICE_AGENT(ServiceAgentApplication.NAME, ServiceAgentApplication.class);

  private final String serviceName;
  private final Class<?> mainClass;

  Services(String serviceName, Class<?> mainClass) {
    this.serviceName = serviceName;
    this.mainClass = mainClass;
  }

  public String serviceName() {
    return serviceName;
  }

  /** Starts this service with {@code properties} (Spring property names) as command-line args. */
  public ConfigurableApplicationContext start(Map<String, String> properties, String... extraArgs) {
    List<String> args = new ArrayList<>();
    properties.forEach((k, v) -> args.add("--" + k + "=" + v));
    args.addAll(Arrays.asList(extraArgs));
    return ServiceLauncher.application(mainClass, serviceName).run(args.toArray(String[]::new));
  }

  /** The service called {@code name} ({@code orchestrator}, {@code proxmox-agent}, ...). */
  public static Services byName(String name) {
    for (Services s : values()) {
      if (s.serviceName.equals(name)) {
        return s;
      }
    }
    throw new CliException(
        "unknown service '"
            + name
            + "': use orchestrator, proxmox-agent, pki-agent or service-agent");
  }

  /** Parses {@code --services}: a comma-separated list, {@code all} or {@code none}. */
  public static Set<Services> parse(String list) {
    Set<Services> chosen = new LinkedHashSet<>();
    String v = list == null ? "all" : list.trim();
    if (v.equals("all")) {
      chosen.addAll(Arrays.asList(values()));
    } else if (!v.equals("none")) {
      for (String name : v.split(",")) {
        chosen.add(byName(name.trim()));
      }
    }
    return chosen;
  }
}

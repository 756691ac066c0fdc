package io.phoenix.simulator.lab;

import java.util.List;

/**
 * A feature whose software this machine cannot get, so the lab answers its script with the
 * simulator's effects and says why.
 *
 * @param name the feature ({@code traefik})
 * @param units the systemd units it would run (its health checks are simulated too)
 * @param reason why it cannot run for real here, for the build's output
 */
public record SimulatedFeature(String name, List<String> units, String reason) {

  public SimulatedFeature {
    units = List.copyOf(units);
  }

  /**
   * The features that cannot run for real on a machine that reaches only Debian's packages: their
   * releases and images come from elsewhere.
   */
  public static List<SimulatedFeature> defaults() {
    return List.of(
        new SimulatedFeature(
            "step_cli",
            List.of(),
            "the step CLI cannot be built from Debian's sources and Smallstep's release cannot be"
                + " downloaded here"),
        new SimulatedFeature(
            "traefik",
            List.of("traefik"),
            "Traefik's release binary cannot be downloaded here (only Debian's packages are)"),
        new SimulatedFeature(
            "docker",
            List.of("docker"),
            "Docker's packages and images cannot be downloaded here (only Debian's packages are)"),
        new SimulatedFeature(
            "portainer",
            List.of(),
            "Portainer's Docker images cannot be downloaded here (only Debian's packages are)"),
        new SimulatedFeature(
            "portainer_agent",
            List.of(),
            "Portainer's Docker images cannot be downloaded here (only Debian's packages are)"));
  }
}

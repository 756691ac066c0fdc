package io.phoenix.simulator.lab;

import io.phoenix.common.inventory.Network;
import java.util.List;

/**
 * How to start a lab host.
 *
 * @param directory where the lab keeps its rootfs cache, containers and artifacts
 * @param networks the inventory's networks: one lab bridge each
 * @param mirror the Debian mirror debootstrap and apt in the containers use (HTTP(S) from the
 *     containers may reach only its addresses)
 * @param simulatedFeatures the features that cannot run for real here
 */
public record LabHostSettings(
    LabDirectory directory,
    List<Network> networks,
    String mirror,
    List<SimulatedFeature> simulatedFeatures) {

  /** Debian's own redirector; what this machine's apt uses too. */
  public static final String DEFAULT_MIRROR = "http://deb.debian.org/debian";

  public LabHostSettings {
    networks = List.copyOf(networks);
    simulatedFeatures = List.copyOf(simulatedFeatures);
  }

  /** The defaults for the inventory's networks in {@code directory}. */
  public static LabHostSettings of(LabDirectory directory, List<Network> networks) {
    return new LabHostSettings(directory, networks, DEFAULT_MIRROR, SimulatedFeature.defaults());
  }
}

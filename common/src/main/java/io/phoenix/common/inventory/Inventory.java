package io.phoenix.common.inventory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the user wants on a Proxmox VE host: nodes, networks, the CA, Portainer, stacks and guests.
 * The native format is YAML (JSON accepted); see {@code docs/inventory.md} and {@code
 * docs/schema/inventory.schema.json}.
 *
 * @param version format version, 1
 * @param domain DNS domain of the guests, e.g. {@code phoenix.local}
 * @param nodes the Proxmox nodes and their storage ids
 * @param networks bridges and their subnets
 * @param ca the internal CA (the guest that runs step-ca and how certificates are issued)
 * @param portainer the Portainer control plane, when the inventory has one
 * @param stacks Docker stacks by name, deployed through Portainer
 * @param guests the guests, LXC containers and QEMU VMs
 * @param artifacts where the features' binaries come from instead of their default sources, by
 *     artifact name ({@code step-ca}, {@code step-cli}, {@code traefik}); see {@link Artifact}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Inventory(
    int version,
    String domain,
    List<Node> nodes,
    List<Network> networks,
    CaSettings ca,
    PortainerSettings portainer,
    Map<String, Stack> stacks,
    List<Guest> guests,
    Map<String, Artifact> artifacts) {

  public Inventory {
    artifacts = artifacts == null ? Map.of() : Map.copyOf(artifacts);
    nodes = nodes == null ? List.of() : List.copyOf(nodes);
    networks = networks == null ? List.of() : List.copyOf(networks);
    stacks = stacks == null ? Map.of() : Map.copyOf(stacks);
    guests = guests == null ? List.of() : List.copyOf(guests);
  }

  /** An inventory whose features use their default sources. */
  public Inventory(
      int version,
      String domain,
      List<Node> nodes,
      List<Network> networks,
      CaSettings ca,
      PortainerSettings portainer,
      Map<String, Stack> stacks,
      List<Guest> guests) {
    this(version, domain, nodes, networks, ca, portainer, stacks, guests, Map.of());
  }

  /** The artifact {@code feature} installs, when the inventory configures one. */
  public Optional<Artifact> artifactFor(String feature) {
    return Artifact.nameFor(feature).map(artifacts::get);
  }

  /** The guest with {@code id}, if the inventory has it. */
  public Optional<Guest> guest(int id) {
    return guests.stream().filter(g -> g.id() == id).findFirst();
  }

  /** The node called {@code name}, if the inventory has it. */
  public Optional<Node> node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  /** The network of {@code bridge}, if the inventory declares it. */
  public Optional<Network> network(String bridge) {
    return networks.stream().filter(n -> n.bridge().equals(bridge)).findFirst();
  }
}

package io.phoenix.orchestrator.planning;

import io.phoenix.common.inventory.CaSettings;
import io.phoenix.common.inventory.CertificateSpec;
import io.phoenix.common.inventory.CloudInit;
import io.phoenix.common.inventory.ExposedService;
import io.phoenix.common.inventory.Guest;
import io.phoenix.common.inventory.GuestKind;
import io.phoenix.common.inventory.HealthCheck;
import io.phoenix.common.inventory.Inventory;
import io.phoenix.common.inventory.Network;
import io.phoenix.common.inventory.NetworkInterface;
import io.phoenix.common.inventory.Node;
import io.phoenix.common.inventory.PortainerRole;
import io.phoenix.common.inventory.PortainerSettings;
import io.phoenix.common.inventory.Source;
import io.phoenix.common.inventory.Stack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A large, valid inventory for the planning benchmark: per node an LXC and a VM template; one CA,
 * one Portainer server; the rest clones with the seed guests' mix of features, certificates,
 * dependencies on a few earlier guests, Portainer agents with stacks. Seeded, so reproducible.
 */
public final class SyntheticInventory {

  private SyntheticInventory() {}

  public static Inventory generate(int guestCount, int nodeCount, long seed) {
    Random random = new Random(seed);
    List<Node> nodes = new ArrayList<>();
    for (int n = 0; n < nodeCount; n++) {
      nodes.add(new Node("pve" + n, "local-lvm", "local", "local"));
    }
    List<Guest> guests = new ArrayList<>();
    int id = 100;
    List<Integer> lxcTemplates = new ArrayList<>();
    List<Integer> vmTemplates = new ArrayList<>();
    for (int n = 0; n < nodeCount && guests.size() + 2 <= guestCount; n++) {
      String node = "pve" + n;
      guests.add(
          guest(
              id,
              GuestKind.LXC,
              node,
              true,
              new Source(
                  "local:vztmpl/ubuntu-24.04-standard_24.04-2_amd64.tar.zst", null, null, null),
              List.of("base_setup"),
              List.of(),
              List.of(),
              PortainerRole.NONE,
              List.of(),
              id));
      lxcTemplates.add(id++);
      guests.add(
          guest(
              id,
              GuestKind.VM,
              node,
              true,
              new Source(null, "noble-server-cloudimg-amd64.img", null, null),
              List.of(),
              List.of(),
              List.of(),
              PortainerRole.NONE,
              List.of(),
              id));
      vmTemplates.add(id++);
    }
    int ca = id++;
    guests.add(
        guest(
            ca,
            GuestKind.LXC,
            "pve0",
            false,
            Source.cloneFrom(lxcTemplates.get(0)),
            List.of("base_setup", "step_ca"),
            List.of(),
            List.of(),
            PortainerRole.NONE,
            List.of(),
            ca));
    int portainer = id++;
    guests.add(
        guest(
            portainer,
            GuestKind.VM,
            "pve0",
            false,
            Source.cloneFrom(vmTemplates.get(0)),
            List.of("base_setup", "trusted_ca", "step_cli", "docker", "portainer"),
            List.of(ca),
            List.of(),
            PortainerRole.SERVER,
            List.of(),
            portainer));
    List<Integer> workers = new ArrayList<>();
    while (guests.size() < guestCount) {
      int n = random.nextInt(nodeCount);
      String node = "pve" + n;
      List<Integer> deps = new ArrayList<>();
      for (int d = random.nextInt(3); d > 0 && !workers.isEmpty(); d--) {
        int dependency = workers.get(random.nextInt(workers.size()));
        if (!deps.contains(dependency)) {
          deps.add(dependency);
        }
      }
      int shape = random.nextInt(4);
      Guest guest;
      if (shape == 0) {
        guest =
            guest(
                id,
                GuestKind.VM,
                node,
                false,
                Source.cloneFrom(vmTemplates.get(n)),
                List.of("base_setup", "trusted_ca", "step_cli", "docker", "portainer_agent"),
                deps,
                List.of(),
                PortainerRole.AGENT,
                List.of("app"),
                id);
      } else if (shape == 1) {
        CertificateSpec certificate =
            new CertificateSpec(
                "web",
                "g" + id + ".example.internal",
                List.of("g" + id + ".example.internal"),
                "/etc/ssl/web.crt",
                "/etc/ssl/web.key",
                "root:root",
                "systemctl reload nginx",
                "24h",
                "nginx");
        guest =
            guest(
                id,
                GuestKind.LXC,
                node,
                false,
                Source.cloneFrom(lxcTemplates.get(n)),
                List.of("base_setup", "trusted_ca", "step_cli", "nginx"),
                deps,
                List.of(certificate),
                PortainerRole.NONE,
                List.of(),
                id);
      } else {
        guest =
            guest(
                id,
                GuestKind.LXC,
                node,
                false,
                Source.cloneFrom(lxcTemplates.get(n)),
                List.of("base_setup"),
                deps,
                List.of(),
                PortainerRole.NONE,
                List.of(),
                id);
      }
      guests.add(guest);
      workers.add(id++);
    }
    return new Inventory(
        1,
        "example.internal",
        nodes,
        List.of(new Network("vmbr0", "10.0.0.0/8", "10.0.0.1", null)),
        new CaSettings(
            ca, "Bench CA", List.of("ca.example.internal"), 9000, "phoenix-pki-agent", "24h"),
        new PortainerSettings(portainer, 9443, 9001, "admin"),
        Map.of("app", new Stack("services:\n  app:\n    image: nginx:stable\n", Map.of())),
        guests);
  }

  private static Guest guest(
      int id,
      GuestKind kind,
      String node,
      boolean template,
      Source source,
      List<String> features,
      List<Integer> dependsOn,
      List<CertificateSpec> certificates,
      PortainerRole portainer,
      List<String> stacks,
      int addressIndex) {
    String ip =
        "10."
            + ((addressIndex >> 16) & 0xFF)
            + "."
            + ((addressIndex >> 8) & 0xFF)
            + "."
            + (addressIndex & 0xFF)
            + "/8";
    return new Guest(
        id,
        kind,
        "g" + id,
        node,
        template,
        source,
        2,
        2048,
        kind == GuestKind.LXC ? 512 : null,
        16,
        null,
        List.of(new NetworkInterface("eth0", "vmbr0", ip, "10.0.0.1", null, null, null)),
        null,
        !template,
        null,
        null,
        kind == GuestKind.LXC ? Boolean.TRUE : null,
        Map.of(),
        List.of(),
        features,
        dependsOn,
        template ? List.of() : List.of("pre-configured", "final-form"),
        List.of(),
        List.of(),
        certificates,
        List.of(new ExposedService("g" + id, 443, "https")),
        portainer,
        stacks,
        template ? null : new HealthCheck("true", "60s"),
        kind == GuestKind.VM ? Boolean.TRUE : null,
        kind == GuestKind.VM ? new CloudInit("phoenix", List.of()) : null,
        null);
  }
}

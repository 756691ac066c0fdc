package io.phoenix.common.inventory;

import io.phoenix.common.time.GoDuration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks what the schema cannot: references between guests, the guest graph, addresses, features,
 * certificates, the CA and Portainer. Returns every problem at once; never throws for bad input.
 */
public final class InventoryValidator {

  private InventoryValidator() {}

  /** Every problem of {@code inventory}, located through {@code sources}. */
  public static List<Problem> validate(Inventory inventory, SourceMap sources) {
    return new Run(inventory, sources).all();
  }

  /** One validation pass; holds the indexes the checks share. */
  private static final class Run {
    private final Inventory inventory;
    private final SourceMap sources;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<Integer, Integer> indexById = new HashMap<>();

    Run(Inventory inventory, SourceMap sources) {
      this.inventory = inventory;
      this.sources = sources;
    }

    List<Problem> all() {
      indexGuests();
      checkNodes();
      List<Guest> guests = inventory.guests();
      for (int i = 0; i < guests.size(); i++) {
        checkGuest(guests.get(i), "$.guests[" + i + "]");
      }
      checkAddresses();
      checkCa();
      checkPortainer();
      checkStacks();
      new GuestGraph(inventory, indexById).cycles().forEach(this::reportCycle);
      return problems;
    }

    private void error(String path, String message, String fix) {
      problems.add(sources.error(path, message, fix));
    }

    private void warning(String path, String message, String fix) {
      problems.add(sources.warning(path, message, fix));
    }

    private Guest guest(int id) {
      Integer index = indexById.get(id);
      return index == null ? null : inventory.guests().get(index);
    }

    private void indexGuests() {
      List<Guest> guests = inventory.guests();
      for (int i = 0; i < guests.size(); i++) {
        Integer first = indexById.putIfAbsent(guests.get(i).id(), i);
        if (first != null) {
          error(
              "$.guests[" + i + "].id",
              "duplicate guest id " + guests.get(i).id() + " (also at $.guests[" + first + "])",
              "give each guest its own vmid");
        }
      }
    }

    private void checkNodes() {
      if (inventory.nodes().isEmpty()) {
        error("$", "the inventory declares no Proxmox node", "add nodes: [{name: pve, ...}]");
      }
      Set<String> names = new HashSet<>();
      for (int i = 0; i < inventory.nodes().size(); i++) {
        if (!names.add(inventory.nodes().get(i).name())) {
          error(
              "$.nodes[" + i + "].name",
              "duplicate node " + inventory.nodes().get(i).name(),
              "name each node once");
        }
      }
    }

    private void checkGuest(Guest guest, String path) {
      String who = "guest " + guest.id();
      if (guest.node() != null && inventory.node(guest.node()).isEmpty()) {
        error(
            path + ".node",
            who + " is on node '" + guest.node() + "', which the inventory does not declare",
            "add it to nodes or use one of " + nodeNames());
      }
      checkSource(guest, path, who);
      checkDependencies(guest, path, who);
      checkFeatures(guest, path, who);
      checkCertificates(guest, path, who);
      if (guest.template() && !guest.snapshots().isEmpty()) {
        error(
            path + ".snapshots",
            who
                + " is a template and has snapshots; Proxmox refuses to template a guest with"
                + " snapshots",
            "remove snapshots from the template");
      }
      if (guest.isVm() && !guest.rawLxcOptions().isEmpty()) {
        error(
            path + ".rawLxcOptions",
            who + " is a VM; raw lxc options apply to containers",
            "remove rawLxcOptions");
      }
      for (int i = 0; i < guest.rawLxcOptions().size(); i++) {
        String option = guest.rawLxcOptions().get(i);
        if (!option.startsWith("lxc.") || !option.matches("lxc\\.[A-Za-z0-9_.]+\\s*[:=].*")) {
          warning(
              path + ".rawLxcOptions[" + i + "]",
              "'" + option + "' does not look like a raw lxc option",
              "write it as 'lxc.key: value'");
        }
      }
      if (guest.isVm() && !guest.hasGuestAgent()) {
        if (!guest.features().isEmpty()) {
          error(
              path + ".features",
              who + " runs features but has no QEMU guest agent, through which they run",
              "set guestAgent: true or remove the features");
        }
        if (!guest.certificates().isEmpty()) {
          error(
              path + ".certificates",
              who
                  + " has certificates but no QEMU guest agent to generate its key and install them",
              "set guestAgent: true or remove the certificates");
        }
        if (guest.healthCheck() != null) {
          error(
              path + ".healthCheck",
              who + " has a health check but no QEMU guest agent to run it",
              "set guestAgent: true or remove the health check");
        }
      }
      for (int i = 0; i < guest.stacks().size(); i++) {
        String stack = guest.stacks().get(i);
        if (!inventory.stacks().containsKey(stack)) {
          error(
              path + ".stacks[" + i + "]",
              who + " deploys stack '" + stack + "', which the inventory does not define",
              "define it under stacks or use one of " + inventory.stacks().keySet());
        }
      }
      if (!guest.stacks().isEmpty() && guest.portainer() == PortainerRole.NONE) {
        error(
            path + ".stacks",
            who
                + " deploys stacks but has no Portainer role; stacks are deployed through Portainer",
            "set portainer: agent (and the portainer_agent feature)");
      }
    }

    private void checkSource(Guest guest, String path, String who) {
      Source source = guest.source();
      if (source == null) {
        error(
            path,
            who + " has no source",
            "set source.ostemplate (LXC), source.image (VM) or source.clone");
        return;
      }
      int set =
          (source.ostemplate() != null ? 1 : 0)
              + (source.image() != null ? 1 : 0)
              + (source.cloneOf() != null ? 1 : 0);
      if (set != 1) {
        error(
            path + ".source",
            who + " must have exactly one of ostemplate, image, clone",
            "keep one");
      }
      if (guest.isLxc() && source.image() != null) {
        error(
            path + ".source.image",
            who + " is a container; cloud images are for VMs",
            "use source.ostemplate");
      }
      if (guest.isVm() && source.ostemplate() != null) {
        error(
            path + ".source.ostemplate",
            who + " is a VM; ostemplates are for containers",
            "use source.image");
      }
      if (source.isClone()) {
        Guest origin = guest(source.cloneOf());
        String at = path + ".source.clone";
        if (origin == null) {
          error(
              at,
              who + " clones " + source.cloneOf() + ", which is not in the inventory",
              "add guest " + source.cloneOf() + " or clone an existing template");
        } else if (origin.id() == guest.id()) {
          error(at, who + " clones itself", "clone a template");
        } else {
          if (!origin.template()) {
            error(
                at,
                who + " clones " + origin.id() + ", which is not a template",
                "set template: true on guest " + origin.id() + " or clone another guest");
          }
          if (origin.kind() != guest.kind()) {
            error(
                at,
                who + " is " + guest.kind() + " but clones " + origin.kind() + " " + origin.id(),
                "clone a template of the same kind");
          }
          if (guest.disk() != null && origin.disk() != null && guest.disk() < origin.disk()) {
            warning(
                path + ".disk",
                who
                    + " asks for "
                    + guest.disk()
                    + " GiB but its clone source "
                    + origin.id()
                    + " has "
                    + origin.disk()
                    + " GiB; disks never shrink, it stays at "
                    + origin.disk()
                    + " GiB",
                "set disk to at least " + origin.disk());
          }
        }
      }
    }

    private void checkDependencies(Guest guest, String path, String who) {
      for (int i = 0; i < guest.dependsOn().size(); i++) {
        int dependency = guest.dependsOn().get(i);
        if (dependency == guest.id()) {
          error(path + ".dependsOn[" + i + "]", who + " depends on itself", "remove " + dependency);
        } else if (guest(dependency) == null) {
          error(
              path + ".dependsOn[" + i + "]",
              who + " depends on " + dependency + ", which is not in the inventory",
              "add guest " + dependency + " or remove the dependency");
        }
      }
    }

    private void checkFeatures(Guest guest, String path, String who) {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < guest.features().size(); i++) {
        String feature = guest.features().get(i);
        String at = path + ".features[" + i + "]";
        if (!seen.add(feature)) {
          error(at, who + " lists feature '" + feature + "' twice", "list it once");
        } else if (FeatureCatalog.isLegacy(feature)) {
          warning(
              at,
              who
                  + ": feature '"
                  + feature
                  + "' comes from the original phoenix configs and the service agent does not apply it yet; its step will fail",
              "remove it, or keep it until the service agent supports it (#6)");
        } else if (!FeatureCatalog.isKnown(feature)) {
          String suggestion = InventorySchema.closest(feature, FeatureCatalog.SUPPORTED);
          error(
              at,
              who + ": unknown feature '" + feature + "'",
              (suggestion != null ? "did you mean '" + suggestion + "'? " : "")
                  + "known features: "
                  + String.join(", ", FeatureCatalog.SUPPORTED));
        }
      }
      if (guest.features().contains(FeatureCatalog.STEP_CA)
          && (inventory.ca() == null || inventory.ca().guest() != guest.id())) {
        error(
            path + ".features",
            who + " runs step_ca but is not the inventory's CA",
            "set ca.guest: " + guest.id());
      }
      if (guest.portainer() == PortainerRole.SERVER
          && !guest.features().contains(FeatureCatalog.PORTAINER)) {
        error(
            path + ".features",
            who + " is the Portainer server but lacks the portainer feature",
            "add portainer to its features (after docker)");
      }
      if (guest.portainer() == PortainerRole.AGENT
          && !guest.features().contains(FeatureCatalog.PORTAINER_AGENT)) {
        error(
            path + ".features",
            who + " is a Portainer agent but lacks the portainer_agent feature",
            "add portainer_agent to its features (after docker)");
      }
    }

    private void checkCertificates(Guest guest, String path, String who) {
      if (guest.certificates().isEmpty()) {
        return;
      }
      if (!guest.features().contains(FeatureCatalog.TRUSTED_CA)) {
        error(
            path + ".certificates",
            who + " has certificates but not the trusted_ca feature",
            "add trusted_ca to its features");
      }
      if (inventory.ca() == null) {
        error(
            path + ".certificates",
            who + " has certificates but the inventory has no CA",
            "add ca: {guest: <id of the step-ca guest>}");
      }
      int lastPreparing = -1;
      for (int i = 0; i < guest.features().size(); i++) {
        if (FeatureCatalog.preparesCertificates(guest.features().get(i))) {
          lastPreparing = i;
        }
      }
      Set<String> names = new HashSet<>();
      for (int i = 0; i < guest.certificates().size(); i++) {
        CertificateSpec certificate = guest.certificates().get(i);
        String at = path + ".certificates[" + i + "]";
        if (!names.add(certificate.name())) {
          error(
              at + ".name",
              who + " has two certificates named '" + certificate.name() + "'",
              "name each certificate once");
        }
        checkLifetime(at + ".lifetime", certificate.lifetime());
        if (certificate.feature() != null) {
          int position = guest.features().indexOf(certificate.feature());
          if (position < 0) {
            error(
                at + ".feature",
                "certificate '"
                    + certificate.name()
                    + "' of "
                    + who
                    + " is for feature '"
                    + certificate.feature()
                    + "', which the guest does not have",
                "add the feature or remove certificates[" + i + "].feature");
          } else if (position < lastPreparing) {
            error(
                at + ".feature",
                "certificate '"
                    + certificate.name()
                    + "' of "
                    + who
                    + " is served by '"
                    + certificate.feature()
                    + "', which comes before "
                    + guest.features().get(lastPreparing)
                    + " that the certificate needs",
                "move " + certificate.feature() + " after " + guest.features().get(lastPreparing));
          }
        }
      }
    }

    private void checkAddresses() {
      Map<String, String> ipOwners = new HashMap<>();
      Map<String, String> macOwners = new HashMap<>();
      List<Guest> guests = inventory.guests();
      for (int g = 0; g < guests.size(); g++) {
        Guest guest = guests.get(g);
        for (int n = 0; n < guest.network().size(); n++) {
          NetworkInterface nic = guest.network().get(n);
          String at = "$.guests[" + g + "].network[" + n + "]";
          String who = "guest " + guest.id() + " " + (nic.name() == null ? "net" + n : nic.name());
          checkSubnet(nic, at, who);
          if (!nic.isDhcp()) {
            String key = nic.bridge() + "|" + nic.address();
            String owner = ipOwners.putIfAbsent(key, who);
            if (owner != null) {
              error(
                  at + ".ip",
                  who
                      + " has address "
                      + nic.address()
                      + " on "
                      + nic.bridge()
                      + ", which "
                      + owner
                      + " has too",
                  "give one of them another address");
            }
          }
          if (nic.mac() != null) {
            String key = nic.bridge() + "|" + nic.mac().toLowerCase(java.util.Locale.ROOT);
            String owner = macOwners.putIfAbsent(key, who);
            if (owner != null) {
              error(
                  at + ".mac",
                  who
                      + " has MAC "
                      + nic.mac()
                      + " on "
                      + nic.bridge()
                      + ", which "
                      + owner
                      + " has too",
                  "give one of them another MAC, or leave mac out to have one generated");
            }
          }
        }
      }
    }

    private void checkSubnet(NetworkInterface nic, String at, String who) {
      if (nic.isDhcp() || Ipv4.isIpv6(nic.ip())) {
        return;
      }
      long address = Ipv4.parse(nic.address());
      int prefix = Ipv4.prefix(nic.ip());
      if (address < 0 || prefix < 0) {
        error(
            at + ".ip",
            who + ": '" + nic.ip() + "' is not an IPv4 address in CIDR form",
            "write it like 10.0.0.10/24, or dhcp");
        return;
      }
      String gateway = nic.gateway();
      Network network = inventory.network(nic.bridge()).orElse(null);
      if (gateway == null && network != null) {
        gateway = network.gateway();
      }
      if (gateway != null
          && Ipv4.parse(gateway) >= 0
          && !Ipv4.inSubnet(Ipv4.parse(gateway), address, prefix)) {
        error(
            at + ".ip",
            who + ": " + nic.ip() + " is outside the subnet of its gateway " + gateway,
            "use an address in the gateway's subnet, or correct the gateway/prefix");
      }
      if (network != null && network.cidr() != null) {
        long subnet = Ipv4.parse(Ipv4.address(network.cidr()));
        int subnetPrefix = Ipv4.prefix(network.cidr());
        // A Proxmox bridge is a layer-2 switch: several subnets on one bridge are legitimate (a
        // router elsewhere serves the other one), so this is worth a look, not a refusal.
        if (subnet >= 0 && subnetPrefix >= 0 && !Ipv4.inSubnet(address, subnet, subnetPrefix)) {
          warning(
              at + ".ip",
              who
                  + ": "
                  + nic.ip()
                  + " is outside the subnet "
                  + network.cidr()
                  + " declared for bridge "
                  + nic.bridge(),
              "fine when that bridge also carries "
                  + nic.ip()
                  + "'s subnet; otherwise use an address in "
                  + network.cidr());
        }
      }
    }

    /** A lifetime the CA grants: step-ca refuses longer ones (and does not start with one). */
    private void checkLifetime(String at, String lifetime) {
      if (lifetime == null) {
        return;
      }
      try {
        if (GoDuration.parse(lifetime).compareTo(GoDuration.parse(CaSettings.MAX_LIFETIME)) > 0) {
          error(
              at,
              "lifetime " + lifetime + " exceeds the CA's maximum " + CaSettings.MAX_LIFETIME,
              "choose a lifetime of at most " + CaSettings.MAX_LIFETIME);
        }
      } catch (IllegalArgumentException e) {
        // the schema names a malformed duration
      }
    }

    private void checkCa() {
      CaSettings ca = inventory.ca();
      if (ca == null) {
        return;
      }
      checkLifetime("$.ca.defaultLifetime", ca.defaultLifetime());
      Guest guest = guest(ca.guest());
      if (guest == null) {
        error(
            "$.ca.guest",
            "the CA guest " + ca.guest() + " is not in the inventory",
            "set ca.guest to the guest that runs step_ca");
        return;
      }
      if (!guest.features().contains(FeatureCatalog.STEP_CA)) {
        error(
            "$.ca.guest",
            "the CA guest " + ca.guest() + " lacks the step_ca feature",
            "add step_ca to guest " + ca.guest() + "'s features");
      }
      if (guest.network().stream().allMatch(NetworkInterface::isDhcp)) {
        error(
            "$.ca.guest",
            "the CA guest "
                + ca.guest()
                + " has no static address; guests reach the CA at a fixed URL",
            "give it a static ip");
      }
    }

    private void checkPortainer() {
      PortainerSettings portainer = inventory.portainer();
      boolean anyAgent =
          inventory.guests().stream().anyMatch(g -> g.portainer() != PortainerRole.NONE);
      if (portainer == null) {
        if (anyAgent) {
          error(
              "$",
              "guests have Portainer roles but the inventory has no portainer section",
              "add portainer: {server: <id>}");
        }
        return;
      }
      Guest server = guest(portainer.server());
      if (server == null) {
        error(
            "$.portainer.server",
            "the Portainer server " + portainer.server() + " is not in the inventory",
            "set portainer.server to the guest with portainer: server");
      } else if (server.portainer() != PortainerRole.SERVER) {
        error(
            "$.portainer.server",
            "guest "
                + server.id()
                + " is named Portainer server but its portainer role is "
                + server.portainer().name().toLowerCase(java.util.Locale.ROOT),
            "set portainer: server on guest " + server.id());
      }
      List<Guest> guests = inventory.guests();
      for (int i = 0; i < guests.size(); i++) {
        if (guests.get(i).portainer() == PortainerRole.SERVER
            && guests.get(i).id() != portainer.server()) {
          error(
              "$.guests[" + i + "].portainer",
              "guest " + guests.get(i).id() + " is a second Portainer server",
              "keep one server (portainer.server)");
        }
      }
    }

    private void checkStacks() {
      for (Map.Entry<String, Stack> stack : inventory.stacks().entrySet()) {
        if (stack.getValue().compose() == null || stack.getValue().compose().isBlank()) {
          warning(
              "$.stacks." + stack.getKey(),
              "stack '" + stack.getKey() + "' has no compose content; deploying it will fail",
              "add the compose file's content as stacks." + stack.getKey() + ".compose");
        }
      }
    }

    private void reportCycle(GuestGraph.Cycle cycle) {
      Integer index = indexById.get(cycle.guests().get(0));
      error(
          index == null ? "$" : "$.guests[" + index + "]",
          "dependency cycle: " + cycle.describe(),
          "break the cycle by removing one of these dependencies");
    }

    private String nodeNames() {
      return inventory.nodes().stream().map(Node::name).toList().toString();
    }
  }
}

package io.phoenix.orchestrator.planning;

import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.inventory.CaSettings;
import io.phoenix.common.inventory.ExposedService;
import io.phoenix.common.inventory.Guest;
import io.phoenix.common.inventory.Inventory;
import io.phoenix.common.inventory.Node;
import io.phoenix.common.inventory.PortainerSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every step of one plan shares: the inventory indexed by id, and the params parts that are
 * the same for many steps (feature settings, the CA URL), built once so planning stays linear.
 */
final class PlanContext {

  static final int DEFAULT_PORTAINER_PORT = 9443;
  static final int DEFAULT_AGENT_PORT = 9001;

  final Inventory inventory;
  final Map<Integer, Guest> guests = new HashMap<>();
  private final JsonMapper json = Envelopes.json();
  private final Map<Integer, JsonNode> guestJson = new HashMap<>();
  private final Map<Integer, ObjectNode> plainParams = new HashMap<>();
  private ObjectNode baseSettings;
  private ObjectNode routingSettings;
  private ObjectNode portainerSettings;

  PlanContext(Inventory inventory) {
    this.inventory = inventory;
    for (Guest guest : inventory.guests()) {
      guests.putIfAbsent(guest.id(), guest);
    }
  }

  Guest guest(int id) {
    return guests.get(id);
  }

  /** The node a guest lives on: its own, else the inventory's first. */
  String node(Guest guest) {
    if (guest.node() != null) {
      return guest.node();
    }
    if (inventory.nodes().isEmpty()) {
      throw new PlanningException(
          "the inventory declares no Proxmox node; add nodes: [{name: pve}]");
    }
    return inventory.nodes().get(0).name();
  }

  Node nodeOf(Guest guest) {
    String name = node(guest);
    return inventory.nodes().stream().filter(n -> n.name().equals(name)).findFirst().orElse(null);
  }

  /**
   * {@code {"guest": <Guest as JSON>, "node": "pve"}}: what every proxmox and service step gets.
   */
  ObjectNode params(Guest guest) {
    ObjectNode params = json.createObjectNode();
    params.set("guest", guestJson.computeIfAbsent(guest.id(), id -> json.valueToTree(guest)));
    params.put("node", node(guest));
    return params;
  }

  /**
   * The same {@code {"guest", "node"}} object for every step of a guest that needs nothing else
   * (configure, resize, start, template, destroy): plans are read-only, and sharing keeps large
   * plans small.
   */
  ObjectNode plainParams(Guest guest) {
    return plainParams.computeIfAbsent(guest.id(), id -> params(guest));
  }

  ObjectNode object() {
    return json.createObjectNode();
  }

  JsonNode tree(Object value) {
    return json.valueToTree(value);
  }

  /** {@code https://<CA guest's static address>:<port>}. */
  String caUrl() {
    CaSettings ca = inventory.ca();
    if (ca == null) {
      throw new PlanningException(
          "guests need the CA but the inventory has no ca section; add ca: {guest: <id>}");
    }
    Guest guest = guest(ca.guest());
    String host = guest == null ? null : staticAddress(guest);
    if (host == null && !ca.dnsNames().isEmpty()) {
      host = ca.dnsNames().get(0);
    }
    if (host == null) {
      throw new PlanningException(
          "the CA guest " + ca.guest() + " has no static address; give it a static ip");
    }
    return "https://" + host + ":" + ca.portOrDefault();
  }

  static String staticAddress(Guest guest) {
    return guest.network().stream()
        .filter(n -> !n.isDhcp())
        .map(n -> n.address())
        .findFirst()
        .orElse(null);
  }

  /** Settings every feature gets: the domain and, when there is one, the CA. */
  ObjectNode baseSettings() {
    if (baseSettings == null) {
      baseSettings = json.createObjectNode();
      if (inventory.domain() != null) {
        baseSettings.put("domain", inventory.domain());
      }
      CaSettings ca = inventory.ca();
      if (ca != null) {
        ObjectNode node = baseSettings.putObject("ca");
        node.put("guest", ca.guest());
        node.put("url", caUrl());
        if (ca.name() != null) {
          node.put("name", ca.name());
        }
        ArrayNode names = node.putArray("dnsNames");
        ca.dnsNames().forEach(names::add);
        node.put("port", ca.portOrDefault());
        if (ca.provisioner() != null) {
          node.put("provisioner", ca.provisioner());
        }
        if (ca.defaultLifetime() != null) {
          node.put("defaultLifetime", ca.defaultLifetime());
        }
      }
    }
    return baseSettings;
  }

  /** The settings of {@code feature}: the base ones, plus routes or Portainer where they matter. */
  JsonNode featureSettings(String feature) {
    return switch (feature) {
      case "nginx", "traefik" -> routingSettings();
      case "portainer", "portainer_agent" -> portainerSettings();
      default -> baseSettings();
    };
  }

  private ObjectNode routingSettings() {
    if (routingSettings == null) {
      routingSettings = baseSettings().deepCopy();
      ArrayNode routes = routingSettings.putArray("routes");
      for (Guest guest : inventory.guests()) {
        String address = staticAddress(guest);
        for (ExposedService service : guest.services()) {
          ObjectNode route = routes.addObject();
          route.put("name", service.name());
          if (inventory.domain() != null) {
            route.put("host", service.name() + "." + inventory.domain());
          }
          route.put("guest", guest.id());
          if (address != null) {
            route.put("address", address);
          }
          route.put("port", service.port());
          route.put("scheme", service.scheme() == null ? "http" : service.scheme());
        }
      }
    }
    return routingSettings;
  }

  private ObjectNode portainerSettings() {
    if (portainerSettings == null) {
      portainerSettings = baseSettings().deepCopy();
      portainerSettings.set("portainer", portainer());
    }
    return portainerSettings;
  }

  /** The Portainer server's URL and ports, for the portainer steps and features. */
  ObjectNode portainer() {
    PortainerSettings settings = inventory.portainer();
    ObjectNode node = json.createObjectNode();
    if (settings == null) {
      return node;
    }
    int port = settings.port() == null ? DEFAULT_PORTAINER_PORT : settings.port();
    node.put("server", settings.server());
    Guest server = guest(settings.server());
    String address = server == null ? null : staticAddress(server);
    if (address != null) {
      node.put("url", "https://" + address + ":" + port);
    }
    node.put("port", port);
    node.put("agentPort", settings.agentPort() == null ? DEFAULT_AGENT_PORT : settings.agentPort());
    if (settings.adminUser() != null) {
      node.put("adminUser", settings.adminUser());
    }
    return node;
  }

  List<Guest> all() {
    return inventory.guests();
  }
}

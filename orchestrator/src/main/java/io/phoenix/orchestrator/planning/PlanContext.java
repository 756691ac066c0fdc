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
  static final String DEFAULT_PROVISIONER = "phoenix-pki-agent";

  /** Traefik's {@code websecure} entrypoint, the service agent's default. */
  static final int TRAEFIK_TLS_PORT = 443;

  final Inventory inventory;
  final Map<Integer, Guest> guests = new HashMap<>();
  private final JsonMapper json = Envelopes.json();
  private final Map<Integer, JsonNode> guestJson = new HashMap<>();
  private final Map<Integer, ObjectNode> plainParams = new HashMap<>();
  private final Map<String, JsonNode> featureSettings = new HashMap<>();
  private ObjectNode caSection;
  private ObjectNode portainer;

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

  /**
   * {@code params.ca} of feature steps: the inventory's ca section with the URL the planner uses,
   * or null without one.
   */
  ObjectNode caSection() {
    CaSettings ca = inventory.ca();
    if (ca == null) {
      return null;
    }
    if (caSection == null) {
      caSection = json.createObjectNode();
      caSection.put("guest", ca.guest());
      caSection.put("url", caUrl());
      if (ca.name() != null) {
        caSection.put("name", ca.name());
      }
      ArrayNode names = caSection.putArray("dnsNames");
      ca.dnsNames().forEach(names::add);
      caSection.put("port", ca.portOrDefault());
      caSection.put("provisioner", provisionerName());
      if (ca.defaultLifetime() != null) {
        caSection.put("defaultLifetime", ca.defaultLifetime());
      }
    }
    return caSection;
  }

  /** The pki-agent's provisioner name: the inventory's, else the agent's default. */
  String provisionerName() {
    CaSettings ca = inventory.ca();
    return ca == null || ca.provisioner() == null ? DEFAULT_PROVISIONER : ca.provisioner();
  }

  /**
   * {@code params.settings} of feature {@code feature}, in the shape docs/service-agent.md
   * documents for it (an empty object for features that need nothing from the inventory).
   */
  JsonNode featureSettings(String feature) {
    return featureSettings.computeIfAbsent(feature, this::renderSettings);
  }

  private ObjectNode renderSettings(String feature) {
    ObjectNode settings = json.createObjectNode();
    switch (feature) {
      case "step_ca" -> stepCaSettings(settings);
      case "step_cli" -> {
        if (inventory.ca() != null) {
          settings.put("caUrl", caUrl());
        }
      }
      case "nginx" -> nginxSettings(settings);
      case "traefik" -> traefikSettings(settings);
      default -> {}
    }
    // The inventory's artifact for the feature's binary: how an air-gapped host installs it.
    inventory.artifactFor(feature).ifPresent(a -> settings.set("artifact", json.valueToTree(a)));
    return settings;
  }

  /**
   * The CA's name, port, provisioner, and DNS names that include the host of {@link #caUrl()}:
   * every client (pki-agent, step_cli) reaches the CA through that URL, so its TLS certificate must
   * name that host.
   */
  private void stepCaSettings(ObjectNode settings) {
    CaSettings ca = inventory.ca();
    if (ca == null) {
      throw new PlanningException(
          "a guest has feature step_ca but the inventory has no ca section; add ca: {guest: <id>}");
    }
    if (ca.name() != null) {
      settings.put("caName", ca.name());
    }
    ArrayNode names = settings.putArray("dnsNames");
    ca.dnsNames().forEach(names::add);
    String host = java.net.URI.create(caUrl()).getHost();
    if (!ca.dnsNames().contains(host)) {
      names.add(host);
    }
    settings.put("port", ca.portOrDefault());
    settings.put("provisioner", provisionerName());
  }

  /**
   * Nginx proxies to the Traefik guest (the one with feature traefik) on its TLS entrypoint,
   * verifying Traefik's certificate by its common name. Without a Traefik guest nothing is rendered
   * and the service agent names the missing {@code upstream}.
   */
  private void nginxSettings(ObjectNode settings) {
    for (Guest guest : inventory.guests()) {
      String address = staticAddress(guest);
      if (!guest.features().contains("traefik") || address == null) {
        continue;
      }
      settings.put("upstream", "https://" + address + ":" + TRAEFIK_TLS_PORT);
      guest.certificates().stream()
          .filter(c -> "traefik".equals(c.feature()) && c.commonName() != null)
          .findFirst()
          .ifPresent(c -> settings.put("upstreamTlsName", c.commonName()));
      return;
    }
  }

  /** One route per exposed service of every guest with a static address. */
  private void traefikSettings(ObjectNode settings) {
    ArrayNode routes = settings.putArray("routes");
    for (Guest guest : inventory.guests()) {
      String address = staticAddress(guest);
      if (address == null) {
        continue;
      }
      for (ExposedService service : guest.services()) {
        ObjectNode route = routes.addObject();
        route.put("name", service.name());
        String domain = inventory.domain();
        route.put("host", domain == null ? service.name() : service.name() + "." + domain);
        String scheme = service.scheme() == null ? "http" : service.scheme();
        route.put("upstream", scheme + "://" + address + ":" + service.port());
      }
    }
  }

  /** The Portainer server's URL and ports, for the portainer steps and features. */
  ObjectNode portainer() {
    if (portainer == null) {
      portainer = renderPortainer();
    }
    return portainer;
  }

  private ObjectNode renderPortainer() {
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

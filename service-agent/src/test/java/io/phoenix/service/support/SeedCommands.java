package io.phoenix.service.support;

import io.phoenix.common.contract.StepCommand;
import io.phoenix.common.inventory.CertificateSpec;
import io.phoenix.common.inventory.Guest;
import io.phoenix.common.inventory.Inventory;
import io.phoenix.common.inventory.InventoryLoader;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Service commands for the seed inventory, with the settings docs/service-agent.md asks the planner
 * to render.
 */
public final class SeedCommands {

  public static final JsonMapper JSON = JsonMapper.builder().build();

  private final Inventory inventory = load();

  /**
   * The bundled seed inventory, read as plain YAML (the loader's validation is the inventory
   * module's business; these tests only need the records).
   */
  private static Inventory load() {
    try (var in = InventoryLoader.class.getResourceAsStream(InventoryLoader.BUNDLED_RESOURCE)) {
      return YAMLMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build()
          .readValue(in, Inventory.class);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public Inventory inventory() {
    return inventory;
  }

  public Guest guest(int id) {
    return inventory.guest(id).orElseThrow();
  }

  private ObjectNode base(Guest guest) {
    ObjectNode params = JSON.createObjectNode();
    params.set("guest", JSON.valueToTree(guest));
    params.put("node", guest.node() == null ? "pve" : guest.node());
    return params;
  }

  /** The {@code feature} command of {@code feature} on guest {@code id}. */
  public StepCommand feature(int id, String feature, Map<String, String> inputs) {
    Guest guest = guest(id);
    ObjectNode params = base(guest);
    params.put("feature", feature);
    params.set("settings", settings(guest, feature));
    params.set("ca", JSON.valueToTree(inventory.ca()));
    params.set("portainer", JSON.valueToTree(inventory.portainer()));
    return new StepCommand(id, "feature", feature, false, params, inputs);
  }

  public StepCommand csr(int id, CertificateSpec spec) {
    ObjectNode params = base(guest(id));
    params.set("certificate", JSON.valueToTree(spec));
    return new StepCommand(id, "csr", spec.name(), false, params, Map.of());
  }

  public StepCommand cert(int id, CertificateSpec spec, String chain) {
    ObjectNode params = base(guest(id));
    params.set("certificate", JSON.valueToTree(spec));
    return new StepCommand(id, "cert", spec.name(), false, params, Map.of("chain", chain));
  }

  public StepCommand health(int id) {
    return new StepCommand(id, "health", null, false, base(guest(id)), Map.of());
  }

  public StepCommand portainer(int id, String detail, String url) {
    ObjectNode params = base(guest(id));
    ObjectNode portainer = JSON.valueToTree(inventory.portainer());
    portainer.put("url", url);
    params.set("portainer", portainer);
    return new StepCommand(id, "portainer", detail, false, params, Map.of());
  }

  public StepCommand stack(int id, String name, String url) {
    ObjectNode params = base(guest(id));
    ObjectNode portainer = JSON.valueToTree(inventory.portainer());
    portainer.put("url", url);
    params.set("portainer", portainer);
    ObjectNode stack = JSON.valueToTree(inventory.stacks().get(name));
    stack.put("name", name);
    params.set("stack", stack);
    return new StepCommand(id, "stack", name, false, params, Map.of());
  }

  private JsonNode settings(Guest guest, String feature) {
    ObjectNode settings = JSON.createObjectNode();
    String domain = inventory.domain();
    switch (feature) {
      case "step_ca" -> {
        settings.put("caName", inventory.ca().name());
        ArrayNode dns = settings.putArray("dnsNames");
        inventory.ca().dnsNames().forEach(dns::add);
        settings.put("port", inventory.ca().portOrDefault());
        settings.put("provisioner", inventory.ca().provisioner());
      }
      case "step_cli" ->
          settings.put(
              "caUrl",
              "https://" + inventory.ca().dnsNames().get(0) + ":" + inventory.ca().portOrDefault());
      case "nginx" -> {
        settings.put("upstream", "https://172.16.100.12:443");
        settings.put("upstreamTlsName", "traefik." + domain);
      }
      case "traefik" -> {
        ArrayNode routes = settings.putArray("routes");
        for (Guest g : inventory.guests()) {
          if (g.primaryAddress() == null) {
            continue;
          }
          g.services()
              .forEach(
                  s ->
                      routes
                          .addObject()
                          .put("name", s.name())
                          .put("host", s.name() + "." + domain)
                          .put(
                              "upstream",
                              s.scheme() + "://" + g.primaryAddress() + ":" + s.port()));
        }
      }
      default -> {}
    }
    return settings;
  }

  /** Every (guest, feature) of the seed, in inventory order. */
  public List<Map.Entry<Integer, String>> allFeatures() {
    return inventory.guests().stream()
        .flatMap(g -> g.features().stream().map(f -> Map.entry(g.id(), f)))
        .toList();
  }
}

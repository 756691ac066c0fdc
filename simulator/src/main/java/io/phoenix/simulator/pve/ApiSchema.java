package io.phoenix.simulator.pve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The official parameter schema of the emulated endpoints, loaded at start from {@code
 * pve/relevant-endpoints.json} (the PVE 9.1 api-viewer subset) plus {@code
 * pve/extra-endpoints.json} (the few endpoints Phoenix uses that the subset lacks).
 */
final class ApiSchema {

  private static final Pattern INDEXED = Pattern.compile("^([a-z]+)(\\d+)$");

  private final Map<String, JsonNode> endpoints = new HashMap<>();

  private ApiSchema() {}

  static ApiSchema load() {
    ApiSchema schema = new ApiSchema();
    schema.add("/pve/relevant-endpoints.json");
    schema.add("/pve/extra-endpoints.json");
    return schema;
  }

  private void add(String resource) {
    try (InputStream in = ApiSchema.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing schema resource " + resource);
      }
      JsonNode root = Json.MAPPER.readTree(in);
      for (Map.Entry<String, JsonNode> path : root.properties()) {
        for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
          endpoints.put(method.getKey() + " " + path.getKey(), method.getValue());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the schema knows this method on this path template. */
  boolean knows(String method, String template) {
    return endpoints.containsKey(method + " " + template);
  }

  /** The parameter properties of an endpoint. */
  JsonNode parameters(String method, String template) {
    JsonNode endpoint = endpoints.get(method + " " + template);
    if (endpoint == null) {
      throw new IllegalArgumentException("no schema for " + method + " " + template);
    }
    return endpoint.path("parameters").path("properties");
  }

  /** The returned properties of an endpoint (for typing config values). */
  JsonNode returns(String method, String template) {
    JsonNode endpoint = endpoints.get(method + " " + template);
    return endpoint == null ? null : endpoint.path("returns").path("properties");
  }

  /**
   * How many of each indexed property a guest may have ({@code net0} to {@code net31}), as Proxmox
   * VE 9 generates the concrete names into its schema; the api-viewer subset only says {@code
   * net[n]}. From qemu-server ({@code $MAX_NETS}, {@code $MAX_SCSI_DISKS}, ...) and pve-container
   * ({@code $MAX_LXC_NETWORKS}, {@code $MAX_MOUNT_POINTS}, ...).
   */
  private static final Map<String, Integer> INDEX_LIMITS =
      Map.ofEntries(
          Map.entry("net", 32),
          Map.entry("ipconfig", 32),
          Map.entry("scsi", 31),
          Map.entry("virtio", 16),
          Map.entry("sata", 6),
          Map.entry("ide", 4),
          Map.entry("unused", 256),
          Map.entry("mp", 256),
          Map.entry("dev", 256),
          Map.entry("hostpci", 16),
          Map.entry("usb", 14),
          Map.entry("serial", 4),
          Map.entry("parallel", 3),
          Map.entry("numa", 8),
          Map.entry("virtiofs", 10));

  /**
   * The property schema for {@code name}, resolving indexed names ({@code net0} -> {@code net[n]})
   * within their range: {@code net32} is not defined, as on a real host.
   */
  static Optional<JsonNode> property(JsonNode properties, String name) {
    JsonNode direct = properties.get(name);
    if (direct != null) {
      return Optional.of(direct);
    }
    Matcher indexed = INDEXED.matcher(name);
    if (indexed.matches() && inRange(indexed.group(1), indexed.group(2))) {
      return Optional.ofNullable(properties.get(indexed.group(1) + "[n]"));
    }
    return Optional.empty();
  }

  private static boolean inRange(String prefix, String index) {
    if (index.length() > 1 && index.startsWith("0")) {
      return false; // "net01" is no name Proxmox generates
    }
    Integer limit = INDEX_LIMITS.get(prefix);
    return limit == null || (index.length() <= 4 && Integer.parseInt(index) < limit);
  }

  /** Names of the properties that must be present. */
  static List<String> required(JsonNode properties) {
    List<String> required = new java.util.ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.properties().iterator();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (!entry.getKey().contains("[n]") && entry.getValue().path("optional").asInt(0) != 1) {
        required.add(entry.getKey());
      }
    }
    return required;
  }
}

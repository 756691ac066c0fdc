package io.phoenix.simulator.lab;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The lab's network on this machine: one bridge per inventory network with the gateway address on
 * it, and the {@link NatRules} table. It refuses a subnet this machine already routes (so the lab
 * never shadows a real network), and it removes only devices named with {@link LabBridge#PREFIX}
 * and its own table.
 */
final class LabNetwork {

  private static final Logger log = LoggerFactory.getLogger(LabNetwork.class);
  private static final Duration LIMIT = Duration.ofSeconds(30);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private LabNetwork() {}

  /**
   * Throws when a bridge's subnet overlaps a route of this machine (other than the default route)
   * or a lab device from an earlier run is still there.
   */
  static void checkFree(List<LabBridge> bridges) {
    List<String> leftovers = labDevices();
    if (!leftovers.isEmpty()) {
      throw new LabException(
          "a lab is already running or a killed one left "
              + String.join(", ", leftovers)
              + " behind: stop it, or run 'bin/phoenix lab --cleanup'");
    }
    JsonNode routes =
        JSON.readTree(HostCommand.check(LIMIT, "ip", "-j", "-4", "route", "show", "table", "all"));
    for (LabBridge bridge : bridges) {
      for (JsonNode route : routes) {
        String dst = route.path("dst").asString("");
        if (dst.isEmpty() || dst.equals("default")) {
          continue;
        }
        Subnet routed;
        try {
          routed = Subnet.parse(dst);
        } catch (IllegalArgumentException e) {
          continue; // not an IPv4 prefix (e.g. a multicast keyword): cannot clash
        }
        if (routed.overlaps(bridge.subnet())) {
          throw new LabException(
              "network "
                  + bridge.inventoryName()
                  + " ("
                  + bridge.subnet()
                  + ") is already routed on this machine ("
                  + dst
                  + " dev "
                  + route.path("dev").asString("?")
                  + "): the lab will not shadow it; free it or change the inventory's networks");
        }
      }
    }
  }

  /** Makes the bridges, each with its gateway address, up. */
  static void up(List<LabBridge> bridges) {
    for (LabBridge bridge : bridges) {
      HostCommand.check(LIMIT, "ip", "link", "add", bridge.device(), "type", "bridge");
      HostCommand.check(LIMIT, "ip", "addr", "add", bridge.gatewayCidr(), "dev", bridge.device());
      HostCommand.check(LIMIT, "ip", "link", "set", bridge.device(), "up");
      log.info(
          "lab bridge {} for {}: {}", bridge.device(), bridge.inventoryName(), bridge.subnet());
    }
  }

  /** Installs (or replaces) the lab's nftables table. */
  static void applyRules(NatRules rules) {
    HostCommand.check(
        List.of("nft", "-f", "-"), rules.render().getBytes(StandardCharsets.UTF_8), LIMIT);
  }

  private static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");

  /**
   * Turns IPv4 forwarding on when it is off (the containers' NAT needs it), leaving {@code marker}
   * behind so that {@link #restoreForwarding} turns it off again; a machine that forwards already
   * is left as it is.
   */
  static void enableForwarding(Path marker) {
    try {
      if (Files.readString(IP_FORWARD).strip().equals("0")) {
        Files.createDirectories(marker.getParent());
        Files.writeString(marker, "net.ipv4.ip_forward was 0 before the lab started\n");
        Files.writeString(IP_FORWARD, "1\n");
        log.info("IPv4 forwarding turned on for the lab (off again when it stops)");
      }
    } catch (IOException e) {
      throw new LabException("cannot turn on IPv4 forwarding, which the lab's NAT needs: " + e, e);
    }
  }

  /** Turns forwarding off again when {@link #enableForwarding} turned it on. */
  static List<String> restoreForwarding(Path marker) {
    if (!Files.exists(marker)) {
      return List.of();
    }
    try {
      Files.writeString(IP_FORWARD, "0\n");
      Files.delete(marker);
      return List.of("IPv4 forwarding the lab turned on");
    } catch (IOException e) {
      log.warn("cannot turn IPv4 forwarding off again: {}", e.getMessage());
      return List.of();
    }
  }

  /** Removes the lab's table and every lab device; what is not there is skipped. */
  static List<String> down() {
    List<String> removed = new ArrayList<>();
    if (HostCommand.run(List.of("nft", "list", "table", "inet", NatRules.TABLE), null, LIMIT)
            .exitCode()
        == 0) {
      HostCommand.check(LIMIT, "nft", "delete", "table", "inet", NatRules.TABLE);
      removed.add("nftables table inet " + NatRules.TABLE);
    }
    for (String device : labDevices()) {
      HostCommand.run(List.of("ip", "link", "del", device), null, LIMIT);
      removed.add("bridge " + device);
    }
    return removed;
  }

  /** Lab bridges on this machine (the containers' veths go with their containers). */
  static List<String> labDevices() {
    JsonNode links = JSON.readTree(HostCommand.check(LIMIT, "ip", "-j", "link", "show"));
    List<String> devices = new ArrayList<>();
    for (JsonNode link : links) {
      String name = link.path("ifname").asString("");
      if (name.startsWith(LabBridge.PREFIX)) {
        devices.add(name);
      }
    }
    return devices;
  }

  /**
   * This machine's resolver (the first IPv4 nameserver of {@code /etc/resolv.conf}) that the
   * containers' DNS goes to. A loopback-only resolver cannot be reached from a bridge: refused.
   */
  static String hostResolver(Path resolvConf) {
    List<String> lines;
    try {
      lines = Files.readAllLines(resolvConf);
    } catch (IOException e) {
      throw new LabException("cannot read " + resolvConf + " to find this machine's resolver", e);
    }
    Optional<String> server =
        lines.stream()
            .map(String::trim)
            .filter(l -> l.startsWith("nameserver"))
            .map(l -> l.substring("nameserver".length()).trim())
            .filter(a -> a.matches("\\d+\\.\\d+\\.\\d+\\.\\d+"))
            .findFirst();
    if (server.isEmpty()) {
      throw new LabException("no IPv4 nameserver in " + resolvConf + ": the lab's DNS needs one");
    }
    if (server.get().startsWith("127.")) {
      throw new LabException(
          "this machine's resolver is "
              + server.get()
              + " on loopback, which containers cannot reach: put the upstream resolver in "
              + resolvConf);
    }
    return server.get();
  }

  /** The IPv4 addresses of the package mirror's host, which apt in the containers may reach. */
  static List<String> mirrorAddresses(String mirror) {
    String host = URI.create(mirror).getHost();
    if (host == null) {
      throw new LabException("the package mirror '" + mirror + "' has no host name");
    }
    try {
      return Arrays.stream(InetAddress.getAllByName(host))
          .filter(a -> a instanceof Inet4Address)
          .map(InetAddress::getHostAddress)
          .distinct()
          .toList();
    } catch (UnknownHostException e) {
      throw new LabException("cannot resolve the package mirror " + host + ": " + e.getMessage());
    }
  }
}

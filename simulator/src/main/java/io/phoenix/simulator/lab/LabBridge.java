package io.phoenix.simulator.lab;

import io.phoenix.common.inventory.Network;
import java.util.ArrayList;
import java.util.List;

/**
 * One inventory bridge ({@code vmbr100}) as the lab makes it: a Linux bridge named with the lab's
 * prefix ({@code phxlab-vmbr100}, so cleanup finds only the lab's), the inventory's gateway address
 * on the host side, and the subnet behind it.
 *
 * @param inventoryName the bridge as guests' {@code net0} name it
 * @param device the Linux bridge's name on this machine
 * @param subnet the inventory's cidr
 * @param gateway the gateway address, put on the bridge
 */
record LabBridge(String inventoryName, String device, Subnet subnet, String gateway) {

  /** What every lab network device's name starts with. */
  static final String PREFIX = "phxlab-";

  private static final int IFNAMSIZ = 15;

  /** The lab's bridges for the inventory's networks; throws naming an unusable one. */
  static List<LabBridge> of(List<Network> networks) {
    List<LabBridge> bridges = new ArrayList<>();
    for (Network network : networks) {
      String device = PREFIX + network.bridge();
      if (device.length() > IFNAMSIZ || !network.bridge().matches("[A-Za-z0-9_.]+")) {
        throw new LabException(
            "the lab cannot make a bridge for '"
                + network.bridge()
                + "': its name must be at most "
                + (IFNAMSIZ - PREFIX.length())
                + " letters, digits, '.' or '_'");
      }
      if (network.cidr() == null || network.gateway() == null) {
        throw new LabException(
            "the lab needs a cidr and a gateway for network "
                + network.bridge()
                + " in the inventory: the gateway address goes on the lab's bridge");
      }
      Subnet subnet;
      try {
        subnet = Subnet.parse(network.cidr());
        if (!subnet.contains(network.gateway())) {
          throw new LabException(
              "network "
                  + network.bridge()
                  + ": gateway "
                  + network.gateway()
                  + " is not in "
                  + network.cidr());
        }
      } catch (IllegalArgumentException e) {
        throw new LabException("network " + network.bridge() + ": " + e.getMessage(), e);
      }
      bridges.add(new LabBridge(network.bridge(), device, subnet, network.gateway()));
    }
    return List.copyOf(bridges);
  }

  /** The gateway with the subnet's prefix length, as {@code ip addr add} takes it. */
  String gatewayCidr() {
    return gateway + "/" + subnet.prefix();
  }
}

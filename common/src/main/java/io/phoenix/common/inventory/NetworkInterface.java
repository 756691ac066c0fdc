package io.phoenix.common.inventory;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One network interface of a guest ({@code net0}, {@code net1}, ...).
 *
 * @param name the interface name in the guest, e.g. {@code eth0}
 * @param bridge the bridge, e.g. {@code vmbr0}
 * @param ip {@code dhcp} or an address in CIDR form, e.g. {@code 10.0.0.153/24}
 * @param gateway the gateway, or null
 * @param vlan the VLAN tag, or null
 * @param mac the MAC address, or null for a generated one
 * @param firewall whether the Proxmox firewall is on for this interface
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkInterface(
    String name,
    String bridge,
    String ip,
    String gateway,
    Integer vlan,
    String mac,
    Boolean firewall) {

  public static final String DHCP = "dhcp";

  @JsonIgnore // derived from kind/ip, not a field of the format
  public boolean isDhcp() {
    return ip == null || DHCP.equalsIgnoreCase(ip);
  }

  /** The address without its prefix length, or null for DHCP. */
  public String address() {
    if (isDhcp()) {
      return null;
    }
    int slash = ip.indexOf('/');
    return slash < 0 ? ip : ip.substring(0, slash);
  }
}

package io.phoenix.simulator.lab;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The lab's nftables table, {@code inet phoenix_lab}, as text for {@code nft -f -}. It is the only
 * firewall state the lab owns; no other table or chain of this machine is touched. What it allows:
 *
 * <ul>
 *   <li>containers to each other (across lab bridges too);
 *   <li>DNS: every query from a lab bridge (to the inventory's nameserver, the gateway or 8.8.8.8
 *       alike) is sent to this machine's own resolver instead, and only there;
 *   <li>HTTP and HTTPS to the package mirror's addresses only (apt), masqueraded;
 *   <li>to this machine: replies to connections the host opened (the pki-agent to the CA, tests to
 *       the gateway) and the given host ports (the artifact mirror);
 * </ul>
 *
 * and nothing else: other traffic out of a lab bridge is rejected, nothing from outside enters.
 *
 * @param bridges the lab's bridges
 * @param resolver this machine's DNS resolver (IPv4)
 * @param mirrors the package mirror's IPv4 addresses
 * @param hostPorts TCP ports on this machine the containers may open (the artifact mirror)
 */
record NatRules(
    List<LabBridge> bridges, String resolver, List<String> mirrors, List<Integer> hostPorts) {

  /** The table's name (family {@code inet}). */
  static final String TABLE = "phoenix_lab";

  /** The ruleset: replaces the table as a whole, atomically. */
  String render() {
    String lab = set(bridges.stream().map(b -> quote(b.device())).toList());
    String subnets = set(bridges.stream().map(b -> b.subnet().toString()).toList());
    StringBuilder nft = new StringBuilder();
    nft.append("add table inet ").append(TABLE).append('\n');
    nft.append("delete table inet ").append(TABLE).append('\n');
    nft.append("table inet ").append(TABLE).append(" {\n");
    nft.append("  chain prerouting {\n")
        .append("    type nat hook prerouting priority dstnat; policy accept;\n")
        .append("    iifname ")
        .append(lab)
        .append(" meta l4proto { tcp, udp } th dport 53 dnat ip to ")
        .append(resolver)
        .append('\n')
        .append("  }\n");
    nft.append("  chain postrouting {\n")
        .append("    type nat hook postrouting priority srcnat; policy accept;\n")
        .append("    ip saddr ")
        .append(subnets)
        .append(" oifname != ")
        .append(lab)
        .append(" masquerade\n")
        .append("  }\n");
    nft.append("  chain forward {\n")
        .append("    type filter hook forward priority filter; policy accept;\n")
        .append("    iifname ")
        .append(lab)
        .append(" oifname ")
        .append(lab)
        .append(" accept\n")
        .append("    oifname ")
        .append(lab)
        .append(" ct state established,related accept\n")
        .append("    oifname ")
        .append(lab)
        .append(" drop\n")
        .append("    iifname ")
        .append(lab)
        .append(" ip daddr ")
        .append(resolver)
        .append(" meta l4proto { tcp, udp } th dport 53 accept\n");
    if (!mirrors.isEmpty()) {
      nft.append("    iifname ")
          .append(lab)
          .append(" ip daddr ")
          .append(set(mirrors))
          .append(" tcp dport { 80, 443 } accept\n");
    }
    nft.append("    iifname ")
        .append(lab)
        .append(" reject with icmpx type admin-prohibited\n")
        .append("  }\n");
    nft.append("  chain input {\n")
        .append("    type filter hook input priority filter; policy accept;\n")
        .append("    iifname ")
        .append(lab)
        .append(" ct state established,related accept\n");
    if (!hostPorts.isEmpty()) {
      nft.append("    iifname ")
          .append(lab)
          .append(" tcp dport ")
          .append(set(hostPorts.stream().map(String::valueOf).toList()))
          .append(" accept\n");
    }
    nft.append("    iifname ")
        .append(lab)
        .append(" reject with icmpx type admin-prohibited\n")
        .append("  }\n");
    nft.append("}\n");
    return nft.toString();
  }

  private static String set(List<String> items) {
    return items.stream().collect(Collectors.joining(", ", "{ ", " }"));
  }

  private static String quote(String device) {
    return '"' + device + '"';
  }
}

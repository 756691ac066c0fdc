package io.phoenix.simulator.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phoenix.common.inventory.Network;
import java.util.List;
import org.junit.jupiter.api.Test;

class NatRulesTest {

  private static final List<LabBridge> BRIDGES =
      LabBridge.of(
          List.of(
              new Network("vmbr0", "10.0.0.0/24", "10.0.0.1", "8.8.8.8"),
              new Network("vmbr100", "172.16.100.0/24", "172.16.100.1", "172.16.100.1")));

  @Test
  void dnsFromTheLabGoesToThisMachinesResolverWhateverNameserverItAimedAt() {
    String nft =
        new NatRules(BRIDGES, "10.255.255.53", List.of("203.0.113.80"), List.of()).render();

    assertThat(nft)
        .contains(
            "iifname { \"phxlab-vmbr0\", \"phxlab-vmbr100\" } meta l4proto { tcp, udp } th dport"
                + " 53 dnat ip to 10.255.255.53\n")
        .contains("ip daddr 10.255.255.53 meta l4proto { tcp, udp } th dport 53 accept\n");
  }

  @Test
  void onlyTheMirrorIsReachableOverHttpAndEverythingElseIsRejected() {
    String nft =
        new NatRules(BRIDGES, "10.255.255.53", List.of("203.0.113.80"), List.of(8089)).render();

    assertThat(nft)
        .startsWith("add table inet phoenix_lab\ndelete table inet phoenix_lab\n")
        .contains("ip daddr { 203.0.113.80 } tcp dport { 80, 443 } accept\n")
        .contains("ip saddr { 10.0.0.0/24, 172.16.100.0/24 } oifname != ")
        .contains("tcp dport { 8089 } accept\n");
    // the last rule of the forward chain rejects what nothing above allowed
    String forward = nft.substring(nft.indexOf("chain forward"), nft.indexOf("chain input"));
    assertThat(forward.strip().lines().toList().get(forward.strip().lines().toList().size() - 2))
        .endsWith("reject with icmpx type admin-prohibited");
  }

  @Test
  void aGatewayOutsideItsSubnetIsRefusedNamingTheNetwork() {
    assertThatThrownBy(
            () -> LabBridge.of(List.of(new Network("vmbr5", "10.5.0.0/24", "10.6.0.1", null))))
        .isInstanceOf(LabException.class)
        .hasMessage("network vmbr5: gateway 10.6.0.1 is not in 10.5.0.0/24");
  }

  @Test
  void subnetsOverlapWhenOneContainsTheOther() {
    assertThat(Subnet.parse("172.16.0.0/12").overlaps(Subnet.parse("172.16.100.0/24"))).isTrue();
    assertThat(Subnet.parse("172.16.100.1").overlaps(Subnet.parse("172.16.100.0/24"))).isTrue();
    assertThat(Subnet.parse("192.0.2.0/24").overlaps(Subnet.parse("172.16.100.0/24"))).isFalse();
  }
}

package io.phoenix.simulator.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.inventory.Network;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ContainerConfigTest {

  private static final Map<String, LabBridge> BRIDGES =
      LabBridge.of(
              List.of(
                  new Network("vmbr0", "10.0.0.0/24", "10.0.0.1", "10.0.0.13"),
                  new Network("vmbr100", "172.16.100.0/24", "172.16.100.1", "172.16.100.1")))
          .stream()
          .collect(Collectors.toMap(LabBridge::inventoryName, Function.identity()));

  /** The seed's 101 as the proxmox-agent configures it. */
  private static Map<String, String> gateway101() {
    Map<String, String> config = new TreeMap<>();
    config.put("hostname", "Nginx-Phoenix");
    config.put("cores", "4");
    config.put("memory", "4096");
    config.put("swap", "512");
    config.put("nameserver", "172.16.100.1");
    config.put("unprivileged", "1");
    config.put("net0", "name=eth0,bridge=vmbr0,ip=dhcp,tag=20,hwaddr=02:00:00:00:01:01");
    config.put(
        "net1",
        "name=eth1,bridge=vmbr100,ip=172.16.100.10/24,gw=172.16.100.1,hwaddr=02:00:00:00:01:02");
    return config;
  }

  @Test
  void staticInterfaceBecomesAVethOnTheLabBridgeWithItsAddressGatewayAndMac() {
    ContainerConfig ct =
        ContainerConfig.render(
            101, Path.of("/lab/rootfs"), gateway101(), BRIDGES, ContainerConfig.Cgroups.V1);

    assertThat(ct.lxcConfig())
        .contains("lxc.uts.name = Nginx-Phoenix\n")
        .contains("lxc.rootfs.path = dir:/lab/rootfs\n")
        .contains("lxc.apparmor.profile = unconfined\n")
        .contains("lxc.net.0.link = phxlab-vmbr100\n")
        .contains("lxc.net.0.name = eth1\n")
        .contains("lxc.net.0.hwaddr = 02:00:00:00:01:02\n")
        .contains("lxc.net.0.ipv4.address = 172.16.100.10/24\n")
        .contains("lxc.net.0.ipv4.gateway = 172.16.100.1\n")
        .contains("lxc.net.0.veth.pair = phxlab101n0\n")
        .doesNotContain("lxc.net.1.");
    assertThat(ct.hostname()).isEqualTo("Nginx-Phoenix");
    assertThat(ct.resolvConf()).isEqualTo("nameserver 172.16.100.1\n");
  }

  @Test
  void dhcpOnAVlanIsReportedAndSkippedNeverFaked() {
    ContainerConfig ct =
        ContainerConfig.render(
            101, Path.of("/lab/rootfs"), gateway101(), BRIDGES, ContainerConfig.Cgroups.V1);

    assertThat(ct.notProvided())
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("net0 (eth0, VLAN 20, ip=dhcp)")
                    .contains("no DHCP server")
                    .endsWith("skipped"));
    assertThat(ct.notProvided()).anySatisfy(line -> assertThat(line).contains("unprivileged=1"));
  }

  @Test
  void coresAndMemoryBecomeCgroupLimitsOfThisMachinesCgroupVersion() {
    ContainerConfig v1 =
        ContainerConfig.render(
            101, Path.of("/r"), gateway101(), BRIDGES, ContainerConfig.Cgroups.V1);
    ContainerConfig v2 =
        ContainerConfig.render(
            101, Path.of("/r"), gateway101(), BRIDGES, ContainerConfig.Cgroups.V2);

    assertThat(v1.lxcConfig())
        .contains("lxc.cgroup.memory.limit_in_bytes = 4294967296\n")
        .contains("lxc.cgroup.cpu.cfs_quota_us = 400000\n");
    assertThat(v2.lxcConfig())
        .contains("lxc.cgroup2.memory.max = 4294967296\n")
        .contains("lxc.cgroup2.cpu.max = 400000 100000\n");
  }

  @Test
  void rawOptionsDevicesAndUnknownBridgesAreReported() {
    Map<String, String> config = new TreeMap<>();
    config.put("hostname", "gpu");
    config.put("net0", "name=eth0,bridge=vmbr9,ip=10.9.0.2/24");
    config.put("dev0", "/dev/dri/renderD128");
    config.put("mp0", "/srv/data,mp=/data");

    ContainerConfig ct =
        ContainerConfig.render(7, Path.of("/r"), config, BRIDGES, ContainerConfig.Cgroups.V2);

    assertThat(ct.lxcConfig()).doesNotContain("lxc.net.").doesNotContain("/srv/data");
    assertThat(ct.notProvided())
        .hasSize(3)
        .anySatisfy(l -> assertThat(l).startsWith("net0 (eth0): bridge vmbr9"))
        .anySatisfy(l -> assertThat(l).startsWith("dev0=/dev/dri/renderD128"))
        .anySatisfy(l -> assertThat(l).startsWith("mp0=/srv/data"));
  }
}

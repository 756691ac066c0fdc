package io.phoenix.proxmox.lifecycle;

import static io.phoenix.proxmox.lifecycle.SimulatedProxmox.guest;
import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.inventory.Guest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure mapping from inventory to Proxmox config keys, and the comparison with the actual. */
class WantedConfigTest {

  private static final Guest NGINX =
      guest(
          "{\"id\":101,\"kind\":\"lxc\",\"name\":\"nginx\",\"cores\":2,\"memory\":2048,"
              + "\"swap\":512,\"onboot\":true,\"startupOrder\":3,"
              + "\"network\":[{\"name\":\"eth0\",\"bridge\":\"vmbr0\",\"ip\":\"10.0.0.153/24\","
              + "\"gateway\":\"10.0.0.1\"},{\"name\":\"eth1\",\"bridge\":\"vmbr100\","
              + "\"ip\":\"dhcp\",\"vlan\":20}],"
              + "\"lxcFeatures\":{\"nesting\":true,\"keyctl\":true},"
              + "\"mounts\":[{\"hostPath\":\"/srv/certs\",\"containerPath\":\"/certs\","
              + "\"readOnly\":true}]}");

  @Test
  void mapsAContainerToLxcKeys() {
    Map<String, String> keys = WantedConfig.of(NGINX, false).keys();
    assertThat(keys)
        .containsEntry("cores", "2")
        .containsEntry("onboot", "1")
        .containsEntry("startup", "order=3")
        .containsEntry("net0", "name=eth0,bridge=vmbr0,ip=10.0.0.153/24,gw=10.0.0.1")
        .containsEntry("net1", "name=eth1,bridge=vmbr100,ip=dhcp,tag=20")
        .containsEntry("features", "keyctl=1,nesting=1")
        .containsEntry("mp0", "/srv/certs,mp=/certs,ro=1");
  }

  @Test
  void withATokenOnlyNestingAndNoBindMountsAreSetTheRestIsReported() {
    WantedConfig wanted = WantedConfig.of(NGINX, true);
    assertThat(wanted.keys()).containsEntry("features", "nesting=1").doesNotContainKey("mp0");
    assertThat(wanted.notApplied())
        .anyMatch(n -> n.startsWith("features keyctl=1 (an API token may only set 'nesting'"))
        .anyMatch(n -> n.startsWith("mp0=/srv/certs,mp=/certs,ro=1 (bind mounts"));
  }

  @Test
  void propertyStringsMatchWhenEveryWantedPropertyIsThere() {
    assertThat(
            ConfigDiff.matches(
                "net0",
                "name=eth0,bridge=vmbr0,ip=10.0.0.153/24,gw=10.0.0.1",
                "name=eth0,bridge=vmbr0,gw=10.0.0.1,hwaddr=BC:24:11:00:00:01,ip=10.0.0.153/24,"
                    + "type=veth"))
        .isTrue();
    assertThat(
            ConfigDiff.matches(
                "net0", "virtio,bridge=vmbr0", "virtio=BC:24:11:AA:BB:CC,bridge=vmbr0"))
        .isTrue();
    assertThat(ConfigDiff.matches("net0", "name=eth0,bridge=vmbr1", "name=eth0,bridge=vmbr0"))
        .isFalse();
    assertThat(ConfigDiff.matches("features", "nesting=1", "keyctl=1,nesting=1")).isFalse();
    assertThat(ConfigDiff.matches("memory", "2048", "2048")).isTrue();
    assertThat(ConfigDiff.matches("memory", "2048", null)).isFalse();
  }

  @Test
  void rootDiskSizesAreReadInEveryUnit() {
    assertThat(ResizeGuest.sizeBytes("local-lvm:vm-103-disk-0,size=8G")).isEqualTo(8L << 30);
    assertThat(ResizeGuest.sizeBytes("local-lvm:vm-1001-disk-0,size=3584M")).isEqualTo(3584L << 20);
    assertThat(ResizeGuest.sizeBytes("local-lvm:vm-1001-disk-0")).isZero();
  }
}

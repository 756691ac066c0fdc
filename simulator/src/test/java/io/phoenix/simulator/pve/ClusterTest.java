package io.phoenix.simulator.pve;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.simulator.world.WorldConfig;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ClusterTest {

  static PveSimulator simulator;
  static PveHttp pve;

  @BeforeAll
  static void start() {
    simulator =
        PveSimulator.start(
            SimulatorFixture.fast()
                .withWorld(
                    new WorldConfig(List.of(WorldConfig.node("pve"), WorldConfig.node("pve2")))));
    pve = new PveHttp(simulator);
    pve.waitTask(
        pve.post(
                "/nodes/pve2/lxc",
                "vmid",
                "200",
                "ostemplate",
                SimulatorFixture.TEMPLATE,
                "hostname",
                "far",
                "rootfs",
                "local-lvm:8")
            .data()
            .asString());
  }

  @AfterAll
  static void stop() {
    simulator.close();
  }

  @Test
  void nodesAndResourcesListEveryNode() {
    assertThat(pve.get("/nodes").data().findValuesAsString("node")).containsExactly("pve", "pve2");
    JsonNode vms = pve.get("/cluster/resources", "type", "vm").data();
    assertThat(vms)
        .singleElement()
        .satisfies(
            vm -> {
              assertThat(vm.path("id").asString()).isEqualTo("lxc/200");
              assertThat(vm.path("node").asString()).isEqualTo("pve2");
              assertThat(vm.path("name").asString()).isEqualTo("far");
              assertThat(vm.path("template").asInt()).isZero();
            });
    assertThat(pve.get("/nodes/pve2/status").data().path("pveversion").asString())
        .startsWith("pve-manager/9.1");
  }

  @Test
  void guestIsOnlyFoundOnItsOwnNode() {
    assertThat(pve.get("/nodes/pve2/lxc/200/config").status()).isEqualTo(200);
    assertThat(pve.get("/nodes/pve/lxc/200/config").reason())
        .isEqualTo("Configuration file 'nodes/pve/lxc/200.conf' does not exist");
    assertThat(pve.get("/nodes/pve/qemu/200/config").reason())
        .isEqualTo("Configuration file 'nodes/pve/qemu-server/200.conf' does not exist");
  }

  @Test
  void unknownNodeIsAnError() {
    assertThat(pve.get("/nodes/pve9/lxc").reason()).startsWith("hostname lookup 'pve9' failed");
  }

  @Test
  void storageContentListsTemplatesAndGuestDisks() {
    assertThat(
            pve.get("/nodes/pve2/storage", "content", "rootdir")
                .data()
                .findValuesAsString("storage"))
        .containsExactly("local-lvm");
    assertThat(
            pve.get("/nodes/pve2/storage/local/content", "content", "vztmpl")
                .data()
                .findValuesAsString("volid"))
        .containsExactly(SimulatorFixture.TEMPLATE);
    JsonNode disks = pve.get("/nodes/pve2/storage/local-lvm/content").data();
    assertThat(disks)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.path("volid").asString()).isEqualTo("local-lvm:vm-200-disk-0");
              assertThat(d.path("size").asLong()).isEqualTo(8L << 30);
            });
    assertThat(pve.get("/nodes/pve/storage/local-lvm/content").data()).isEmpty();
  }

  @Test
  void downloadUrlChecksContentTypeAndExtension() {
    assertThat(
            pve.post(
                    "/nodes/pve/storage/local-lvm/download-url",
                    "content",
                    "import",
                    "filename",
                    "x.img",
                    "url",
                    "https://example.com/x.img")
                .reason())
        .isEqualTo("storage 'local-lvm' does not support content-type 'import'");
    assertThat(
            pve.post(
                    "/nodes/pve/storage/local/download-url",
                    "content",
                    "import",
                    "filename",
                    "x.exe",
                    "url",
                    "https://example.com/x.exe")
                .json()
                .path("errors")
                .path("filename")
                .asString())
        .isEqualTo("invalid filename or wrong extension");
  }

  @Test
  void aplinfoListsAppliancesAndDownloadsOneByNameToATemplateStorage() {
    JsonNode index = pve.get("/nodes/pve/aplinfo").data();
    assertThat(index.valueStream().map(a -> a.path("template").asString()))
        .contains("debian-12-standard_12.7-1_amd64.tar.zst");
    assertThat(index.get(0).path("type").asString()).isEqualTo("lxc");

    String debian = "debian-12-standard_12.7-1_amd64.tar.zst";
    String upid =
        pve.post("/nodes/pve/aplinfo", "storage", "local", "template", debian).data().asString();
    assertThat(upid).contains(":download:" + debian + ":");
    assertThat(pve.waitTask(upid).path("exitstatus").asString()).isEqualTo("OK");
    assertThat(
            pve.get("/nodes/pve/storage/local/content", "content", "vztmpl")
                .data()
                .valueStream()
                .map(v -> v.path("volid").asString()))
        .contains("local:vztmpl/" + debian);
    assertThat(simulator.operations()).containsKey("local:vztmpl/" + debian);

    PveHttp.Reply unknown =
        pve.post("/nodes/pve/aplinfo", "storage", "local", "template", "windows-11.tar.zst");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().path("errors").path("template").asString())
        .isEqualTo("no such template");
    assertThat(pve.post("/nodes/pve/aplinfo", "storage", "local-lvm", "template", debian).reason())
        .isEqualTo("storage 'local-lvm' does not support templates");
  }

  @Test
  void indexedParametersExistOnlyWithinProxmoxsRange() {
    String notDefined =
        "property is not defined in schema and the schema does not allow additional properties";
    PveHttp.Reply lxc =
        pve.post(
            "/nodes/pve/lxc",
            "vmid",
            "301",
            "ostemplate",
            SimulatorFixture.TEMPLATE,
            "net32",
            "name=eth32,bridge=vmbr0",
            "net99",
            "name=eth99,bridge=vmbr0",
            "mp256",
            "local-lvm:1,mp=/x",
            "net01",
            "name=eth1,bridge=vmbr0");
    assertThat(lxc.status()).isEqualTo(400);
    assertThat(lxc.json().path("errors").path("net32").asString()).isEqualTo(notDefined);
    assertThat(lxc.json().path("errors").path("net99").asString()).isEqualTo(notDefined);
    assertThat(lxc.json().path("errors").path("mp256").asString()).isEqualTo(notDefined);
    assertThat(lxc.json().path("errors").path("net01").asString()).isEqualTo(notDefined);
    PveHttp.Reply qemu =
        pve.post("/nodes/pve/qemu", "vmid", "302", "scsi31", "local-lvm:1", "ide4", "none");
    assertThat(qemu.json().path("errors").path("scsi31").asString()).isEqualTo(notDefined);
    assertThat(qemu.json().path("errors").path("ide4").asString()).isEqualTo(notDefined);
    // The highest of each passes validation: the call fails only for the missing guest.
    assertThat(pve.put("/nodes/pve/lxc/1234/config", "net31", "name=eth31,bridge=vmbr0").reason())
        .isEqualTo("Configuration file 'nodes/pve/lxc/1234.conf' does not exist");
    assertThat(pve.put("/nodes/pve/qemu/1234/config", "scsi30", "local-lvm:1").reason())
        .isEqualTo("Configuration file 'nodes/pve/qemu-server/1234.conf' does not exist");
  }
}

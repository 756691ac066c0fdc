package io.phoenix.simulator.pve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.phoenix.simulator.world.Guest;
import io.phoenix.simulator.world.NodeConfig;
import io.phoenix.simulator.world.StorageConfig;
import io.phoenix.simulator.world.WorldConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The behaviours of a real host that clients trip over: the locks of create and clone, MACs and
 * option strings as Proxmox writes them, changes a running guest keeps pending until its next
 * start, a shutdown's timeout, and clones to another node.
 */
class FidelityTest {

  private static final String MAC = "BC:24:11:[0-9A-F]{2}:[0-9A-F]{2}:[0-9A-F]{2}";

  private PveSimulator simulator;
  private PveHttp pve;

  private void start(Map<String, Duration> durations, WorldConfig world) {
    Map<String, Duration> all = new TreeMap<>(SimulatorFixture.fast().taskDurations());
    all.putAll(durations);
    simulator = PveSimulator.start(SimulatorFixture.fast().withTaskDurations(all).withWorld(world));
    pve = new PveHttp(simulator);
  }

  private void start(Map<String, Duration> durations) {
    start(durations, WorldConfig.defaults());
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  private String vm(int vmid, String... extra) {
    List<String> form =
        new ArrayList<>(
            List.of(
                "vmid",
                String.valueOf(vmid),
                "name",
                "vm" + vmid,
                "memory",
                "2048",
                "cores",
                "2",
                "scsi0",
                "local-lvm:8",
                "net0",
                "virtio,bridge=vmbr0,firewall=1"));
    form.addAll(List.of(extra));
    return pve.post("/nodes/pve/qemu", form.toArray(String[]::new)).data().asString();
  }

  private String ct(int vmid, String... extra) {
    List<String> form =
        new ArrayList<>(
            List.of(
                "vmid",
                String.valueOf(vmid),
                "ostemplate",
                SimulatorFixture.TEMPLATE,
                "hostname",
                "ct" + vmid,
                "rootfs",
                "local-lvm:8",
                "net0",
                "name=eth0,ip=10.0.0.10/24,gw=10.0.0.1,bridge=vmbr0"));
    form.addAll(List.of(extra));
    return pve.post("/nodes/pve/lxc", form.toArray(String[]::new)).data().asString();
  }

  private JsonNode config(String path) {
    return pve.get(path + "/config").data();
  }

  @Test
  void aVmBeingCreatedHoldsLockCreateAndASecondCreateGetsQemuServersText() {
    start(Map.of("qmcreate", Duration.ofSeconds(2)));
    String upid = vm(1001);

    assertThat(config("/nodes/pve/qemu/1001").path("lock").asString()).isEqualTo("create");
    PveHttp.Reply again = pve.post("/nodes/pve/qemu", "vmid", "1001", "scsi0", "local-lvm:8");
    assertThat(again.status()).isEqualTo(500);
    assertThat(again.reason())
        .isEqualTo("unable to create VM 1001 - VM 1001 already exists on node 'pve'");

    pve.waitTask(upid);
    assertThat(config("/nodes/pve/qemu/1001").has("lock")).isFalse();
  }

  @Test
  void nicsGetAMacAndAreWrittenInProxmoxsKeyOrder() {
    start(Map.of());
    pve.waitTask(vm(1001));
    pve.waitTask(ct(103));

    String vmNic = config("/nodes/pve/qemu/1001").path("net0").asString();
    assertThat(vmNic).matches("virtio=" + MAC + ",bridge=vmbr0,firewall=1");
    String ctNic = config("/nodes/pve/lxc/103").path("net0").asString();
    assertThat(ctNic)
        .matches(
            "name=eth0,bridge=vmbr0,gw=10\\.0\\.0\\.1,hwaddr="
                + MAC
                + ",ip=10.0.0.10/24,type=veth");

    // Rewriting a NIC without its MAC gives it a new one; with it, it stays.
    pve.put("/nodes/pve/lxc/103/config", "net0", "name=eth0,bridge=vmbr0,ip=10.0.0.11/24");
    String rewritten = config("/nodes/pve/lxc/103").path("net0").asString();
    assertThat(mac(rewritten)).isNotEqualTo(mac(ctNic));
    pve.put(
        "/nodes/pve/lxc/103/config",
        "net0",
        "ip=10.0.0.12/24,hwaddr=" + mac(rewritten) + ",bridge=vmbr0,name=eth0");
    assertThat(config("/nodes/pve/lxc/103").path("net0").asString())
        .isEqualTo(
            "name=eth0,bridge=vmbr0,hwaddr=" + mac(rewritten) + ",ip=10.0.0.12/24,type=veth");
    pve.put("/nodes/pve/qemu/1001/config", "net0", "virtio=" + mac(vmNic) + ",bridge=vmbr1");
    assertThat(config("/nodes/pve/qemu/1001").path("net0").asString())
        .isEqualTo("virtio=" + mac(vmNic) + ",bridge=vmbr1");
  }

  @Test
  void aCloneGetsNewMacs() {
    start(Map.of());
    pve.waitTask(vm(9000));
    pve.post("/nodes/pve/qemu/9000/template");
    await().until(() -> simulator.world().requireGuest(9000).isTemplate());
    pve.waitTask(
        pve.post("/nodes/pve/qemu/9000/clone", "newid", "1001", "name", "portainer")
            .data()
            .asString());

    String template = config("/nodes/pve/qemu/9000").path("net0").asString();
    String clone = config("/nodes/pve/qemu/1001").path("net0").asString();
    assertThat(clone).matches("virtio=" + MAC + ",bridge=vmbr0,firewall=1");
    assertThat(mac(clone)).isNotEqualTo(mac(template));
  }

  @Test
  void clonesOfAStoppedTemplateOverlapWhileClonesOfARunningVmDoNot() {
    start(Map.of("qmclone", Duration.ofSeconds(2)));
    pve.waitTask(vm(9000));
    pve.waitTask(pve.post("/nodes/pve/qemu/9000/template").data().asString());

    String first = clone(9000, 1001);
    String second = clone(9000, 1002);
    // Both copies are under way at once: the stopped template is held shared.
    assertThat(guestLock(1001)).isEqualTo("clone");
    assertThat(guestLock(1002)).isEqualTo("clone");
    // A config change of the template meanwhile waits for both, then gives up.
    assertThat(pve.put("/nodes/pve/qemu/9000/config", "memory", "4096").reason())
        .isEqualTo("can't lock file '/var/lock/qemu-server/lock-9000.conf' - got timeout");
    assertThat(pve.waitTask(first).path("exitstatus").asString()).isEqualTo("OK");
    assertThat(pve.waitTask(second).path("exitstatus").asString()).isEqualTo("OK");

    pve.waitTask(pve.post("/nodes/pve/qemu/1001/status/start").data().asString());
    String running = clone(1001, 2001);
    String refused = clone(1001, 2002);
    // The running source is held exclusively: the second worker gives up on its lock.
    assertThat(pve.waitTask(refused).path("exitstatus").asString())
        .isEqualTo("can't lock file '/var/lock/qemu-server/lock-1001.conf' - got timeout");
    assertThat(simulator.world().guest(2002)).isEmpty();
    assertThat(pve.waitTask(running).path("exitstatus").asString()).isEqualTo("OK");
  }

  @Test
  void aSecondCloneToTheSameIdGetsQemuServersText() {
    start(Map.of("qmclone", Duration.ofSeconds(1)));
    pve.waitTask(vm(9000));
    pve.waitTask(pve.post("/nodes/pve/qemu/9000/template").data().asString());
    String first = clone(9000, 1001);

    assertThat(pve.post("/nodes/pve/qemu/9000/clone", "newid", "1001").reason())
        .isEqualTo("unable to create VM 1001: config file already exists");
    pve.waitTask(first);
  }

  @Test
  void aRunningVmKeepsCoresAndMemoryPendingUntilItsNextStart() {
    start(Map.of());
    pve.waitTask(vm(1001));
    pve.waitTask(pve.post("/nodes/pve/qemu/1001/status/start").data().asString());

    pve.put("/nodes/pve/qemu/1001/config", "cores", "4", "memory", "4096", "onboot", "1");

    // GET config shows the values to come; current=1 and /pending tell them apart.
    assertThat(config("/nodes/pve/qemu/1001").path("cores").asInt()).isEqualTo(4);
    JsonNode current = pve.get("/nodes/pve/qemu/1001/config", "current", "1").data();
    assertThat(current.path("cores").asInt()).isEqualTo(2);
    assertThat(current.path("memory").asString()).isEqualTo("2048");
    assertThat(current.path("onboot").asInt()).isEqualTo(1); // applied at once
    Map<String, JsonNode> pending = pending("/nodes/pve/qemu/1001");
    assertThat(pending.get("cores").path("value").asInt()).isEqualTo(2);
    assertThat(pending.get("cores").path("pending").asInt()).isEqualTo(4);
    assertThat(pending.get("onboot").has("pending")).isFalse();

    pve.waitTask(pve.post("/nodes/pve/qemu/1001/status/shutdown").data().asString());
    // Stopped is not enough: the next start applies them.
    assertThat(pending("/nodes/pve/qemu/1001").get("cores").has("pending")).isTrue();
    pve.waitTask(pve.post("/nodes/pve/qemu/1001/status/start").data().asString());
    assertThat(pve.get("/nodes/pve/qemu/1001/config", "current", "1").data().path("cores").asInt())
        .isEqualTo(4);
    assertThat(pending("/nodes/pve/qemu/1001").values()).noneMatch(e -> e.has("pending"));
  }

  @Test
  void aRunningContainerTakesMemoryAtOnceAndKeepsItsNameserverPending() {
    start(Map.of());
    pve.waitTask(ct(103));
    pve.waitTask(pve.post("/nodes/pve/lxc/103/status/start").data().asString());

    pve.put("/nodes/pve/lxc/103/config", "memory", "1024", "nameserver", "10.0.0.13");

    JsonNode current = pve.get("/nodes/pve/lxc/103/config", "current", "1").data();
    assertThat(current.path("memory").asInt()).isEqualTo(1024);
    assertThat(current.has("nameserver")).isFalse();
    assertThat(pending("/nodes/pve/lxc/103").get("nameserver").path("pending").asString())
        .isEqualTo("10.0.0.13");
    // Setting it back to what is in effect cancels the pending change.
    pve.put("/nodes/pve/lxc/103/config", "delete", "nameserver");
    assertThat(pending("/nodes/pve/lxc/103")).doesNotContainKey("nameserver");
  }

  @Test
  void aShutdownThatOutlastsItsTimeoutFailsOrStopsHardWithForceStop() {
    // The VM takes 120 s to shut down; the calls allow 30 s (at speed 0.01: 1.2 s and 0.3 s).
    start(Map.of("qmshutdown", Duration.ofSeconds(120)));
    pve.control("PUT", "/settings", "{\"speedFactor\":0.01}");
    pve.waitTask(vm(1001));
    pve.waitTask(pve.post("/nodes/pve/qemu/1001/status/start").data().asString());

    String upid =
        pve.post("/nodes/pve/qemu/1001/status/shutdown", "timeout", "30").data().asString();
    assertThat(pve.waitTask(upid).path("exitstatus").asString())
        .isEqualTo("VM quit/powerdown failed - got timeout");
    assertThat(simulator.world().requireGuest(1001).isRunning()).isTrue();

    String forced =
        pve.post("/nodes/pve/qemu/1001/status/shutdown", "timeout", "30", "forceStop", "1")
            .data()
            .asString();
    assertThat(pve.waitTask(forced).path("exitstatus").asString()).isEqualTo("OK");
    assertThat(simulator.world().requireGuest(1001).isRunning()).isFalse();
  }

  @Test
  void aCloneToAnotherNodeNeedsSharedStorage() {
    StorageConfig nfs =
        new StorageConfig("nfs", "nfs", List.of("images", "rootdir"), 1L << 40, List.of(), true);
    NodeConfig pve1 = withStorage(WorldConfig.node("pve"), nfs);
    NodeConfig pve2 = withStorage(WorldConfig.node("pve2"), nfs);
    start(Map.of(), new WorldConfig(List.of(pve1, pve2)));
    pve.waitTask(vm(9000));
    pve.waitTask(pve.post("/nodes/pve/qemu/9000/template").data().asString());

    assertThat(
            pve.post(
                    "/nodes/pve/qemu/9000/clone",
                    "newid",
                    "1001",
                    "target",
                    "pve2",
                    "storage",
                    "local-lvm")
                .reason())
        .isEqualTo("can't clone to non-shared storage 'local-lvm'");
    assertThat(pve.post("/nodes/pve/qemu/9000/clone", "newid", "1001", "target", "pve2").reason())
        .isEqualTo("can't clone VM to node 'pve2' (VM uses local storage)");
    String upid =
        pve.post(
                "/nodes/pve/qemu/9000/clone",
                "newid",
                "1001",
                "target",
                "pve2",
                "full",
                "1",
                "storage",
                "nfs")
            .data()
            .asString();
    assertThat(pve.waitTask(upid).path("exitstatus").asString()).isEqualTo("OK");
    assertThat(simulator.world().requireGuest(1001).node()).isEqualTo("pve2");
  }

  @Test
  void aRunningContainerIsOnlyFullyClonedFromASnapshot() {
    start(Map.of());
    pve.waitTask(ct(103));
    pve.waitTask(pve.post("/nodes/pve/lxc/103/status/start").data().asString());

    assertThat(pve.post("/nodes/pve/lxc/103/clone", "newid", "104", "full", "1").reason())
        .isEqualTo("Full clone of a running container is only possible from a snapshot");
    assertThat(simulator.world().requireGuest(103).lock()).isEmpty();
  }

  private String clone(int source, int newid) {
    return pve.post(
            "/nodes/pve/qemu/" + source + "/clone", "newid", String.valueOf(newid), "full", "1")
        .data()
        .asString();
  }

  private String guestLock(int vmid) {
    return simulator.world().guest(vmid).flatMap(Guest::lock).orElse(null);
  }

  private Map<String, JsonNode> pending(String path) {
    Map<String, JsonNode> out = new TreeMap<>();
    pve.get(path + "/pending").data().forEach(e -> out.put(e.path("key").asString(), e));
    return out;
  }

  private static String mac(String nic) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(MAC).matcher(nic);
    assertThat(m.find()).as("a MAC in " + nic).isTrue();
    return m.group();
  }

  private static NodeConfig withStorage(NodeConfig node, StorageConfig extra) {
    List<StorageConfig> storages = new ArrayList<>(node.storages());
    storages.add(extra);
    return new NodeConfig(node.name(), node.cpus(), node.memoryBytes(), storages);
  }
}

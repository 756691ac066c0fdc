package io.phoenix.simulator.pve;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.simulator.world.Guest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LxcLifecycleTest {

  static PveSimulator simulator;
  PveHttp pve;

  @BeforeAll
  static void start() {
    simulator = PveSimulator.start(SimulatorFixture.fast());
  }

  @AfterAll
  static void stop() {
    simulator.close();
  }

  @BeforeEach
  void reset() {
    simulator.reset();
    pve = new PveHttp(simulator);
    pve.durations(Map.of("vzclone", 50L));
  }

  private void createTemplate900() {
    JsonNode task =
        pve.waitTask(
            pve.post(
                    "/nodes/pve/lxc",
                    "vmid",
                    "900",
                    "ostemplate",
                    SimulatorFixture.TEMPLATE,
                    "hostname",
                    "copy-base",
                    "rootfs",
                    "local-lvm:8",
                    "memory",
                    "512",
                    "net0",
                    "name=eth0,bridge=vmbr0,ip=dhcp")
                .data()
                .asString());
    assertThat(task.path("exitstatus").asString()).isEqualTo("OK");
    assertThat(pve.post("/nodes/pve/lxc/900/template").data().isNull()).isTrue();
  }

  @Test
  void createNeedsTheOstemplateOnTheStorage() {
    PveHttp.Reply reply =
        pve.post(
            "/nodes/pve/lxc",
            "vmid",
            "900",
            "ostemplate",
            "local:vztmpl/debian-13-standard_13.1-1_amd64.tar.zst",
            "rootfs",
            "local-lvm:8");

    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.reason())
        .isEqualTo("volume 'local:vztmpl/debian-13-standard_13.1-1_amd64.tar.zst' does not exist");
    assertThat(simulator.world().guest(900)).isEmpty();
  }

  @Test
  void createHoldsLockCreateUntilTheTaskEnds() {
    pve.durations(Map.of("vzcreate", 5_000L));
    String upid =
        pve.post(
                "/nodes/pve/lxc",
                "vmid",
                "900",
                "ostemplate",
                SimulatorFixture.TEMPLATE,
                "rootfs",
                "local-lvm:8")
            .data()
            .asString();

    assertThat(pve.get("/nodes/pve/lxc/900/status/current").data().path("lock").asString())
        .isEqualTo("create");
    assertThat(pve.put("/nodes/pve/lxc/900/config", "memory", "1024").reason())
        .isEqualTo("CT is locked (create)");
    pve.waitTask(upid);
    assertThat(pve.get("/nodes/pve/lxc/900/config").data().has("lock")).isFalse();
    assertThat(pve.get("/nodes/pve/lxc/900/config").data().path("rootfs").asString())
        .isEqualTo("local-lvm:vm-900-disk-0,size=8G");
  }

  @Test
  void cloneLocksTheSourceWithDiskAndTheNewContainerWithCreate() {
    createTemplate900();
    pve.durations(Map.of("vzclone", 5_000L));

    String upid =
        pve.post("/nodes/pve/lxc/900/clone", "newid", "103", "hostname", "step-ca", "full", "1")
            .data()
            .asString();

    assertThat(upid.split(":")[5]).isEqualTo("vzclone");
    assertThat(upid.split(":")[6]).isEqualTo("900");
    assertThat(simulator.world().requireGuest(900).lock()).contains("disk");
    assertThat(simulator.world().requireGuest(103).lock()).contains("create");
    PveHttp.Reply second = pve.post("/nodes/pve/lxc/900/clone", "newid", "101", "full", "1");
    assertThat(second.status()).isEqualTo(500);
    assertThat(second.reason()).isEqualTo("CT is locked (disk)");
    PveHttp.Reply edit = pve.put("/nodes/pve/lxc/900/config", "description", "x");
    assertThat(edit.reason()).isEqualTo("CT is locked (disk)");

    assertThat(pve.waitTask(upid).path("exitstatus").asString()).isEqualTo("OK");
    assertThat(simulator.world().requireGuest(900).lock()).isEmpty();
    Guest clone = simulator.world().requireGuest(103);
    assertThat(clone.lock()).isEmpty();
    assertThat(clone.config("hostname")).contains("step-ca");
    assertThat(clone.config("rootfs")).contains("local-lvm:vm-103-disk-0,size=8G");
  }

  @Test
  void concurrentClonesOfOneSourceLetExactlyOneThrough() throws Exception {
    createTemplate900();
    pve.durations(Map.of("vzclone", 5_000L));
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<PveHttp.Reply>> replies = new ArrayList<>();
      for (int newid : new int[] {101, 102, 103}) {
        Callable<PveHttp.Reply> clone =
            () ->
                new PveHttp(simulator)
                    .post("/nodes/pve/lxc/900/clone", "newid", String.valueOf(newid), "full", "1");
        replies.add(pool.submit(clone));
      }
      List<PveHttp.Reply> done = new ArrayList<>();
      for (Future<PveHttp.Reply> reply : replies) {
        done.add(reply.get());
      }
      assertThat(done).filteredOn(r -> r.status() == 200).hasSize(1);
      assertThat(done)
          .filteredOn(r -> r.status() == 500)
          .extracting(PveHttp.Reply::reason)
          .containsOnly("CT is locked (disk)");
      pve.waitTask(
          done.stream().filter(r -> r.status() == 200).findFirst().orElseThrow().data().asString());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void configPutIsSynchronousAndHonoursDeleteAndDigest() {
    createTemplate900();
    pve.waitTask(
        pve.post("/nodes/pve/lxc/900/clone", "newid", "103", "hostname", "step-ca")
            .data()
            .asString());
    String digest = pve.get("/nodes/pve/lxc/103/config").data().path("digest").asString();

    PveHttp.Reply put =
        pve.put(
            "/nodes/pve/lxc/103/config",
            "memory",
            "2048",
            "cores",
            "2",
            "delete",
            "net0",
            "digest",
            digest);

    assertThat(put.status()).isEqualTo(200);
    assertThat(put.data().isNull()).isTrue();
    JsonNode config = pve.get("/nodes/pve/lxc/103/config").data();
    assertThat(config.path("memory").asInt()).isEqualTo(2048);
    assertThat(config.path("memory").isNumber()).isTrue();
    assertThat(config.has("net0")).isFalse();
    PveHttp.Reply stale = pve.put("/nodes/pve/lxc/103/config", "memory", "4096", "digest", digest);
    assertThat(stale.status()).isEqualTo(500);
    assertThat(stale.reason())
        .startsWith("detected modified configuration - file changed by other user?");
  }

  @Test
  void unprivilegedCannotBeChangedAfterCreate() {
    createTemplate900();
    pve.waitTask(pve.post("/nodes/pve/lxc/900/clone", "newid", "103").data().asString());

    PveHttp.Reply reply = pve.put("/nodes/pve/lxc/103/config", "unprivileged", "0");

    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.reason()).isEqualTo("unable to modify read-only option: 'unprivileged'");
  }

  @Test
  void resizeOnlyGrows() {
    createTemplate900();
    pve.waitTask(pve.post("/nodes/pve/lxc/900/clone", "newid", "103").data().asString());

    assertThat(pve.put("/nodes/pve/lxc/103/resize", "disk", "rootfs", "size", "4G").reason())
        .isEqualTo("unable to shrink disk size");
    assertThat(pve.put("/nodes/pve/lxc/103/resize", "disk", "rootfs", "size", "8G").reason())
        .isEqualTo("disk is already at specified size");
    PveHttp.Reply grow = pve.put("/nodes/pve/lxc/103/resize", "disk", "rootfs", "size", "+8G");
    assertThat(grow.data().asString()).contains(":resize:103:");
    pve.waitTask(grow.data().asString());
    assertThat(simulator.world().requireGuest(103).config("rootfs"))
        .contains("local-lvm:vm-103-disk-0,size=16G");
  }

  @Test
  void startTwiceFailsSynchronouslyForContainers() {
    createTemplate900();
    pve.waitTask(pve.post("/nodes/pve/lxc/900/clone", "newid", "103").data().asString());
    pve.waitTask(pve.post("/nodes/pve/lxc/103/status/start").data().asString());

    PveHttp.Reply again = pve.post("/nodes/pve/lxc/103/status/start");

    assertThat(again.status()).isEqualTo(500);
    assertThat(again.reason()).isEqualTo("CT 103 already running");
    assertThat(pve.get("/nodes/pve/lxc/103/status/current").data().path("status").asString())
        .isEqualTo("running");
    assertThat(pve.post("/nodes/pve/lxc/900/status/start").reason())
        .isEqualTo("you can't start a CT if it's a template");
  }

  @Test
  void templateIsRefusedWhileRunningOrWithSnapshots() {
    createTemplate900();
    pve.waitTask(pve.post("/nodes/pve/lxc/900/clone", "newid", "103").data().asString());
    pve.waitTask(pve.post("/nodes/pve/lxc/103/status/start").data().asString());
    assertThat(pve.post("/nodes/pve/lxc/103/template").reason())
        .isEqualTo("you can't convert a CT to template if the CT is running");
    pve.waitTask(pve.post("/nodes/pve/lxc/103/status/stop").data().asString());
    pve.waitTask(pve.post("/nodes/pve/lxc/103/snapshot", "snapname", "before").data().asString());

    assertThat(pve.post("/nodes/pve/lxc/103/template").reason())
        .isEqualTo("you can't convert a CT to template if it has snapshots");
  }

  @Test
  void snapshotNamesFollowProxmoxRules() {
    createTemplate900();
    pve.waitTask(pve.post("/nodes/pve/lxc/900/clone", "newid", "103").data().asString());

    assertThat(pve.post("/nodes/pve/lxc/103/snapshot", "snapname", "current").reason())
        .isEqualTo("unable to use snapshot name 'current' (reserved name)");
    assertThat(
            pve.post("/nodes/pve/lxc/103/snapshot", "snapname", "x".repeat(41))
                .json()
                .path("errors")
                .path("snapname")
                .asString())
        .isEqualTo("value may only be 40 characters long");
    assertThat(
            pve.post("/nodes/pve/lxc/103/snapshot", "snapname", "1st")
                .json()
                .path("errors")
                .path("snapname")
                .asString())
        .isEqualTo("invalid configuration ID '1st'");
    JsonNode done =
        pve.waitTask(pve.post("/nodes/pve/lxc/103/snapshot", "snapname", "base").data().asString());
    assertThat(done.path("type").asString()).isEqualTo("vzsnapshot");
    assertThat(pve.get("/nodes/pve/lxc/103/snapshot").data().findValuesAsString("name"))
        .containsExactly("base", "current");
    assertThat(pve.post("/nodes/pve/lxc/103/snapshot", "snapname", "base").reason())
        .isEqualTo("snapshot name 'base' already used");
    pve.waitTask(pve.delete("/nodes/pve/lxc/103/snapshot/base").data().asString());
    assertThat(simulator.world().requireGuest(103).snapshots()).isEmpty();
  }

  @Test
  void snapshotConfigIsServedInTheGuestConfigWireFormatAndKeepsTheCapturedValues() {
    createTemplate900();
    pve.waitTask(pve.post("/nodes/pve/lxc/900/clone", "newid", "103").data().asString());
    pve.waitTask(
        pve.post("/nodes/pve/lxc/103/snapshot", "snapname", "base", "description", "first")
            .data()
            .asString());
    assertThat(pve.put("/nodes/pve/lxc/103/config", "memory", "1024").status()).isEqualTo(200);

    JsonNode current = pve.get("/nodes/pve/lxc/103/config").data();
    JsonNode captured = pve.get("/nodes/pve/lxc/103/config", "snapshot", "base").data();

    assertThat(current.path("memory").isNumber()).isTrue();
    assertThat(current.path("memory").asInt()).isEqualTo(1024);
    assertThat(current.path("parent").asString()).isEqualTo("base");
    assertThat(captured.path("memory").isNumber()).isTrue();
    assertThat(captured.path("memory").asInt()).isEqualTo(512);
    assertThat(captured.path("hostname").asString()).isEqualTo(current.path("hostname").asString());
    assertThat(captured.path("net0").asString()).isEqualTo(current.path("net0").asString());
    assertThat(captured.path("description").asString()).isEqualTo("first");
    assertThat(captured.path("snaptime").isNumber()).isTrue();
    assertThat(captured.has("parent")).isFalse();
    assertThat(captured.has("lock")).isFalse();
    assertThat(captured.path("digest").asString()).isEqualTo(current.path("digest").asString());
    assertThat(pve.get("/nodes/pve/lxc/103/config", "snapshot", "nope").reason())
        .isEqualTo("snapshot 'nope' does not exist");
  }

  @Test
  void destroyIsRefusedWhileRunning() {
    createTemplate900();
    pve.waitTask(pve.post("/nodes/pve/lxc/900/clone", "newid", "103").data().asString());
    pve.waitTask(pve.post("/nodes/pve/lxc/103/status/start").data().asString());

    assertThat(pve.delete("/nodes/pve/lxc/103").reason())
        .isEqualTo("unable to destroy CT 103 - container is running");
    pve.waitTask(pve.post("/nodes/pve/lxc/103/status/stop").data().asString());
    pve.waitTask(pve.delete("/nodes/pve/lxc/103").data().asString());
    assertThat(pve.get("/nodes/pve/lxc/103/config").reason())
        .isEqualTo("Configuration file 'nodes/pve/lxc/103.conf' does not exist");
  }

  @Test
  void stopWhenStoppedFailsSynchronously() {
    createTemplate900();
    pve.waitTask(pve.post("/nodes/pve/lxc/900/clone", "newid", "103").data().asString());

    assertThat(pve.post("/nodes/pve/lxc/103/status/stop").reason()).isEqualTo("CT 103 not running");
  }
}

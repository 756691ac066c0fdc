package io.phoenix.simulator.pve;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.simulator.world.Guest;
import io.phoenix.simulator.world.GuestMachines;
import io.phoenix.simulator.world.MachineException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The API makes every lifecycle change real through the world's {@link GuestMachines}, inside the
 * change's task, for both guest kinds: what the lab host relies on.
 */
class GuestMachinesTest {

  /**
   * Records what the API asked of it; can fail the next create and stop a guest behind its back.
   */
  static final class RecordingMachines implements GuestMachines {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final AtomicBoolean failCreate = new AtomicBoolean();
    volatile Integer diedBehindOurBack;

    @Override
    public void create(Guest guest, String ostemplate) {
      calls.add("create " + guest.vmid() + " " + ostemplate);
      if (failCreate.getAndSet(false)) {
        throw new MachineException("lxc-create failed: rootfs cache is corrupt");
      }
    }

    @Override
    public void cloneFrom(Guest source, Guest copy) {
      calls.add("clone " + source.vmid() + "->" + copy.vmid() + " lock=" + copy.lock().orElse(""));
    }

    @Override
    public void configured(Guest guest, Set<String> keys) {
      calls.add("configured " + guest.vmid() + " " + new java.util.TreeSet<>(keys));
    }

    @Override
    public void start(Guest guest) {
      calls.add("start " + guest.vmid());
    }

    @Override
    public void stop(Guest guest, boolean clean, Duration timeout) {
      calls.add((clean ? "shutdown " : "stop ") + guest.vmid() + " " + timeout.toSeconds() + "s");
    }

    @Override
    public Optional<Boolean> running(Guest guest) {
      Integer died = diedBehindOurBack;
      return died != null && died == guest.vmid() ? Optional.of(false) : Optional.empty();
    }

    @Override
    public void snapshot(Guest guest, String name) {
      calls.add("snapshot " + guest.vmid() + " " + name);
    }

    @Override
    public void template(Guest guest) {
      calls.add("template " + guest.vmid());
    }

    @Override
    public void destroy(Guest guest) {
      calls.add("destroy " + guest.vmid());
    }
  }

  RecordingMachines machines;
  PveSimulator simulator;
  PveHttp pve;

  @BeforeEach
  void start() {
    machines = new RecordingMachines();
    simulator = PveSimulator.start(SimulatorFixture.fast(), machines);
    pve = new PveHttp(simulator);
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  private JsonNode ok(PveHttp.Reply reply) {
    assertThat(reply.status()).as(reply.reason()).isEqualTo(200);
    JsonNode task = pve.waitTask(reply.data().asString());
    assertThat(task.path("exitstatus").asString()).isEqualTo("OK");
    return task;
  }

  private void createContainer(int vmid) {
    ok(
        pve.post(
            "/nodes/pve/lxc",
            "vmid",
            String.valueOf(vmid),
            "ostemplate",
            SimulatorFixture.TEMPLATE,
            "hostname",
            "ct" + vmid,
            "rootfs",
            "local-lvm:8"));
  }

  @Test
  void aContainersWholeLifecycleReachesItsMachine() {
    createContainer(900);
    assertThat(pve.put("/nodes/pve/lxc/900/config", "memory", "1024").status()).isEqualTo(200);
    assertThat(pve.post("/nodes/pve/lxc/900/template").status()).isEqualTo(200);
    ok(pve.post("/nodes/pve/lxc/900/clone", "newid", "103", "hostname", "step-ca"));
    ok(pve.post("/nodes/pve/lxc/103/status/start"));
    ok(pve.post("/nodes/pve/lxc/103/snapshot", "snapname", "pre-configured"));
    ok(pve.post("/nodes/pve/lxc/103/status/shutdown", "timeout", "30"));
    ok(pve.delete("/nodes/pve/lxc/103"));

    assertThat(machines.calls)
        .containsExactly(
            "create 900 " + SimulatorFixture.TEMPLATE,
            "configured 900 [memory]",
            "template 900",
            "clone 900->103 lock=create",
            "start 103",
            "snapshot 103 pre-configured",
            "shutdown 103 30s",
            "destroy 103");
  }

  @Test
  void aVmCloneAndHardStopReachItsMachine() {
    ok(pve.post("/nodes/pve/qemu", "vmid", "9000", "name", "tpl", "scsi0", "local-lvm:4"));
    ok(pve.post("/nodes/pve/qemu/9000/template"));
    ok(pve.post("/nodes/pve/qemu/9000/clone", "newid", "1001", "name", "portainer"));
    ok(pve.post("/nodes/pve/qemu/1001/status/start"));
    ok(pve.post("/nodes/pve/qemu/1001/status/stop"));

    assertThat(machines.calls)
        .containsExactly(
            "create 9000 null",
            "template 9000",
            "clone 9000->1001 lock=clone",
            "start 1001",
            "stop 1001 60s");
  }

  @Test
  void aMachineFailureFailsTheTaskWithItsTextAndLeavesNoGuest() {
    machines.failCreate.set(true);
    PveHttp.Reply reply =
        pve.post(
            "/nodes/pve/lxc",
            "vmid",
            "900",
            "ostemplate",
            SimulatorFixture.TEMPLATE,
            "rootfs",
            "local-lvm:8");

    JsonNode task = pve.waitTask(reply.data().asString());
    assertThat(task.path("exitstatus").asString())
        .isEqualTo("lxc-create failed: rootfs cache is corrupt");
    assertThat(simulator.world().guest(900)).isEmpty();
  }

  @Test
  void statusReadsTheMachinesRealRunState() {
    createContainer(101);
    ok(pve.post("/nodes/pve/lxc/101/status/start"));
    machines.diedBehindOurBack = 101;

    assertThat(pve.get("/nodes/pve/lxc/101/status/current").data().path("status").asString())
        .isEqualTo("stopped");
    assertThat(simulator.world().requireGuest(101).isRunning()).isFalse();
  }

  @Test
  void theControlApiSaysWhetherAGuestIsReal() {
    createContainer(103);

    JsonNode view = pve.control("GET", "/guests/103", null).data();
    assertThat(view.path("reality").path("real").asBoolean()).isFalse();
    assertThat(view.path("reality").path("description").asString()).isEqualTo("simulated");
    assertThat(view.path("reality").path("skipped").isEmpty()).isTrue();
  }
}

package io.phoenix.simulator.pve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ControlApiTest {

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
    pve = new PveHttp(simulator);
    assertThat(pve.control("POST", "/reset", null).status()).isEqualTo(200);
  }

  private String create(int vmid) {
    return pve.post(
            "/nodes/pve/lxc",
            "vmid",
            String.valueOf(vmid),
            "ostemplate",
            SimulatorFixture.TEMPLATE,
            "rootfs",
            "local-lvm:8")
        .data()
        .asString();
  }

  @Test
  void httpErrorRuleHitsTheGivenNumberOfCalls() {
    JsonNode rule =
        pve.control(
                "POST",
                "/faults",
                "{\"operation\":\"lxc.create\",\"vmid\":103,\"count\":2,\"status\":500,\"message\":\"got timeout\"}")
            .data();
    assertThat(rule.path("id").asString()).isNotEmpty();

    assertThat(
            pve.post("/nodes/pve/lxc", "vmid", "103", "ostemplate", SimulatorFixture.TEMPLATE)
                .reason())
        .isEqualTo("got timeout");
    assertThat(
            pve.post("/nodes/pve/lxc", "vmid", "103", "ostemplate", SimulatorFixture.TEMPLATE)
                .reason())
        .isEqualTo("got timeout");
    assertThat(pve.waitTask(create(103)).path("exitstatus").asString()).isEqualTo("OK");
    assertThat(pve.control("GET", "/faults", null).data().get(0).path("count").asInt()).isZero();
  }

  @Test
  void taskErrorRuleFailsTheTaskAndUndoesItsEffect() {
    pve.control(
        "POST",
        "/faults",
        "{\"operation\":\"lxc.create\",\"count\":1,\"taskError\":\"unable to create CT 103 - no space left\"}");

    JsonNode status = pve.waitTask(create(103));

    assertThat(status.path("exitstatus").asString())
        .isEqualTo("unable to create CT 103 - no space left");
    assertThat(simulator.world().guest(103)).isEmpty();
  }

  @Test
  void timeoutRuleAnswers596AfterTheDelay() {
    pve.control(
        "POST", "/faults", "{\"operation\":\"cluster.nextid\",\"count\":1,\"timeoutAfterMs\":300}");
    Instant before = Instant.now();

    PveHttp.Reply reply = pve.get("/cluster/nextid");

    assertThat(reply.status()).isEqualTo(596);
    assertThat(reply.reason()).isEqualTo("Connection timed out");
    assertThat(Duration.between(before, Instant.now()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(pve.get("/cluster/nextid").status()).isEqualTo(200);
  }

  @Test
  void timeoutRuleWithProceedStillPerformsTheOperation() {
    pve.control(
        "POST",
        "/faults",
        "{\"operation\":\"lxc.create\",\"count\":1,\"timeoutAfterMs\":100,\"proceed\":true}");

    assertThat(
            pve.post(
                    "/nodes/pve/lxc",
                    "vmid",
                    "103",
                    "ostemplate",
                    SimulatorFixture.TEMPLATE,
                    "rootfs",
                    "local-lvm:8")
                .status())
        .isEqualTo(596);
    assertThat(simulator.world().guest(103)).isPresent();
  }

  @Test
  void resetRuleCutsTheAnswerOffWithAConnectionResetAfterTheOperationRan() {
    pve.control(
        "POST", "/faults", "{\"operation\":\"lxc.create\",\"count\":1,\"resetConnection\":true}");

    assertThatThrownBy(() -> create(103))
        .isInstanceOf(java.io.UncheckedIOException.class)
        .rootCause()
        .hasMessageContaining("reset");
    // The answer was lost, not the operation: the container is being created.
    assertThat(simulator.world().guest(103)).isPresent();
    assertThat(simulator.operations()).containsEntry("103", Map.of("lxc.create", 1));
  }

  @Test
  void resetRuleWithoutProceedLosesTheOperationToo() {
    pve.control(
        "POST",
        "/faults",
        "{\"operation\":\"lxc.create\",\"count\":1,\"resetConnection\":true,\"proceed\":false}");

    assertThatThrownBy(() -> create(103)).isInstanceOf(java.io.UncheckedIOException.class);
    assertThat(simulator.world().guest(103)).isEmpty();
    assertThat(pve.waitTask(create(103)).path("exitstatus").asString()).isEqualTo("OK");
  }

  @Test
  void staleLockRuleLeavesALockThatOnlyUnlockRemoves() {
    pve.waitTask(create(103));
    pve.control(
        "POST",
        "/faults",
        "{\"operation\":\"lxc.config.put\",\"vmid\":103,\"count\":1,\"plantLock\":\"backup\"}");

    assertThat(pve.put("/nodes/pve/lxc/103/config", "memory", "1024").reason())
        .isEqualTo("CT is locked (backup)");
    // Stale: it stays after the call, for every later caller.
    assertThat(pve.put("/nodes/pve/lxc/103/config", "memory", "1024").reason())
        .isEqualTo("CT is locked (backup)");
    assertThat(pve.get("/nodes/pve/lxc/103/config").data().path("lock").asString())
        .isEqualTo("backup");

    assertThat(pve.control("DELETE", "/guests/103/lock", null).data().asString())
        .isEqualTo("backup");
    assertThat(pve.put("/nodes/pve/lxc/103/config", "memory", "1024").status()).isEqualTo(200);
    assertThat(
            pve.control(
                    "POST", "/faults", "{\"operation\":\"lxc.start\",\"plantLock\":\"Backup; rm\"}")
                .json()
                .path("error")
                .asString())
        .contains("plantLock must be a Proxmox lock name");
  }

  @Test
  void probabilityDecidesWhetherARuleHits() {
    pve.control(
        "POST",
        "/faults",
        "{\"operation\":\"cluster.nextid\",\"probability\":0.0,\"status\":500,\"message\":\"never\"}");
    pve.control(
        "POST",
        "/faults",
        "{\"operation\":\"cluster.*\",\"probability\":1.0,\"status\":503,\"message\":\"always\"}");

    for (int i = 0; i < 5; i++) {
      assertThat(pve.get("/cluster/nextid").reason()).isEqualTo("always");
    }
  }

  @Test
  void latencyRuleDelaysTheAnswer() {
    pve.control("POST", "/faults", "{\"operation\":\"version\",\"latencyMs\":400}");
    Instant before = Instant.now();

    assertThat(pve.get("/version").status()).isEqualTo(200);

    assertThat(Duration.between(before, Instant.now()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(400));
  }

  @Test
  void badFaultRuleIsRejectedWithTheReason() {
    PveHttp.Reply reply =
        pve.control(
            "POST", "/faults", "{\"operation\":\"lxc.create\",\"vmId\":103,\"status\":500}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().path("error").asString()).contains("vmId");
    assertThat(
            pve.control("POST", "/faults", "{\"operation\":\"lxc.create\"}")
                .json()
                .path("error")
                .asString())
        .contains("needs an effect");
  }

  @Test
  void operationsCountAcceptedMutationsPerTargetGuest() {
    pve.waitTask(create(900));
    pve.post(
        "/nodes/pve/lxc",
        "vmid",
        "900",
        "ostemplate",
        SimulatorFixture.TEMPLATE); // rejected: exists
    pve.post("/nodes/pve/lxc/900/template");
    pve.waitTask(pve.post("/nodes/pve/lxc/900/clone", "newid", "103").data().asString());
    pve.get("/nodes/pve/lxc/103/config");

    JsonNode operations = pve.control("GET", "/operations", null).data();

    assertThat(operations.path("900").path("lxc.create").asInt()).isEqualTo(1);
    assertThat(operations.path("900").path("lxc.template").asInt()).isEqualTo(1);
    assertThat(operations.path("103").path("lxc.clone").asInt()).isEqualTo(1);
    assertThat(operations.path("103").has("lxc.config.get")).isFalse();
    assertThat(simulator.operations()).containsEntry("103", Map.of("lxc.clone", 1));
  }

  @Test
  void guestsAreInspectable() {
    pve.waitTask(create(900));
    pve.waitTask(pve.post("/nodes/pve/lxc/900/snapshot", "snapname", "fresh").data().asString());
    simulator.world().run(900, java.util.List.of("apt-get", "install", "-y", "curl"), new byte[0]);

    JsonNode guests = pve.control("GET", "/guests", null).data();
    JsonNode one = pve.control("GET", "/guests/900", null).data();
    JsonNode log = pve.control("GET", "/guests/900/exec-log", null).data();

    assertThat(guests).hasSize(1);
    assertThat(one.path("type").asString()).isEqualTo("lxc");
    assertThat(one.path("status").asString()).isEqualTo("stopped");
    assertThat(one.path("template").asBoolean()).isFalse();
    assertThat(one.path("snapshots").get(0).asString()).isEqualTo("fresh");
    assertThat(one.path("config").path("rootfs").asString())
        .isEqualTo("local-lvm:vm-900-disk-0,size=8G");
    assertThat(log.get(0).path("argv").get(0).asString()).isEqualTo("apt-get");
    assertThat(pve.control("GET", "/guests/901", null).status()).isEqualTo(404);
  }

  @Test
  void speedFactorScalesTaskDurations() {
    pve.control(
        "PUT", "/settings", "{\"taskDurationsMs\":{\"vzcreate\":20000},\"speedFactor\":0.01}");

    JsonNode settings = pve.control("GET", "/settings", null).data();
    Instant before = Instant.now();
    pve.waitTask(create(103));

    assertThat(settings.path("speedFactor").asDouble()).isEqualTo(0.01);
    // 20 s at speed 1: done well before that proves the factor applies
    assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(10));
    assertThat(pve.control("PUT", "/settings", "{\"warp\":9}").status()).isEqualTo(400);
  }

  @Test
  void resetForgetsGuestsCountsAndTasks() {
    String upid = create(103);
    pve.waitTask(upid);

    pve.control("POST", "/reset", null);

    assertThat(simulator.world().guests()).isEmpty();
    assertThat(simulator.operations()).isEmpty();
    assertThat(pve.get("/nodes/pve/tasks/" + upid + "/status").reason()).isEqualTo("no such task");
  }
}

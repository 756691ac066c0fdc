package io.phoenix.simulator.pve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TaskTest {

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
  }

  @Test
  void upidHasProxmoxFormat() {
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

    assertThat(upid)
        .matches("UPID:pve:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:vzcreate:900:root@pam!phoenix:");
  }

  @Test
  void statusIsRunningThenStoppedWithExitstatusAndLogEndsWithTaskOk() {
    pve.durations(Map.of("vzcreate", 1_000L));
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

    JsonNode running = pve.get("/nodes/pve/tasks/" + upid + "/status").data();
    assertThat(running.path("status").asString()).isEqualTo("running");
    assertThat(running.has("exitstatus")).isFalse();
    assertThat(running.path("type").asString()).isEqualTo("vzcreate");
    assertThat(running.path("id").asString()).isEqualTo("900");
    assertThat(running.path("user").asString()).isEqualTo("root@pam!phoenix");
    assertThat(running.path("upid").asString()).isEqualTo(upid);

    JsonNode stopped = pve.waitTask(upid);
    assertThat(stopped.path("exitstatus").asString()).isEqualTo("OK");
    PveHttp.Reply log = pve.get("/nodes/pve/tasks/" + upid + "/log", "start", "0", "limit", "50");
    JsonNode lines = log.data();
    assertThat(lines.get(0).path("n").asInt()).isEqualTo(1);
    assertThat(lines.get(lines.size() - 1).path("t").asString()).isEqualTo("TASK OK");
    assertThat(log.json().path("total").asInt()).isEqualTo(lines.size());
  }

  @Test
  void failedTaskLogEndsWithTaskError() {
    simulator.addFault(
        FaultRule.taskFailure("lxc.create", 900, 1, "command 'lxc-usernsexec' failed"));
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

    JsonNode status = pve.waitTask(upid);

    assertThat(status.path("exitstatus").asString()).isEqualTo("command 'lxc-usernsexec' failed");
    JsonNode lines = pve.get("/nodes/pve/tasks/" + upid + "/log").data();
    assertThat(lines.get(lines.size() - 1).path("t").asString())
        .isEqualTo("TASK ERROR: command 'lxc-usernsexec' failed");
  }

  @Test
  void warningsRuleEndsTheTaskWithWarningsButDoesTheWork() {
    pve.control("POST", "/faults", "{\"operation\":\"lxc.create\",\"count\":1,\"taskWarnings\":2}");
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

    JsonNode status = pve.waitTask(upid);

    assertThat(status.path("exitstatus").asString()).isEqualTo("WARNINGS: 2");
    JsonNode lines = pve.get("/nodes/pve/tasks/" + upid + "/log").data();
    assertThat(lines.get(lines.size() - 1).path("t").asString()).isEqualTo("TASK WARNINGS: 2");
    assertThat(simulator.world().requireGuest(900).lock()).isEmpty();
  }

  @Test
  void unknownTaskIsAnError() {
    assertThat(
            pve.get(
                    "/nodes/pve/tasks/UPID:pve:00000001:00000001:00000001:vzcreate:1:root@pam:/status")
                .reason())
        .isEqualTo("no such task");
  }
}

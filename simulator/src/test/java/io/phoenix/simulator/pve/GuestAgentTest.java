package io.phoenix.simulator.pve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.phoenix.simulator.world.ExecResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class GuestAgentTest {

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
    simulator.world().setCommandEffects(null);
    pve = new PveHttp(simulator);
  }

  private void runningVm(String agent) {
    pve.waitTask(
        pve.post(
                "/nodes/pve/qemu",
                "vmid",
                "1002",
                "name",
                "drphoenix",
                "scsi0",
                "local-lvm:16",
                "agent",
                agent)
            .data()
            .asString());
    pve.waitTask(pve.post("/nodes/pve/qemu/1002/status/start").data().asString());
  }

  private void agentUp() {
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> pve.post("/nodes/pve/qemu/1002/agent/ping").status() == 200);
  }

  @Test
  void pingFailsUntilTheAgentHasBooted() {
    pve.durations(Map.of("agent-start", 5_000L));
    runningVm("1");

    PveHttp.Reply early = pve.post("/nodes/pve/qemu/1002/agent/ping");

    assertThat(early.status()).isEqualTo(500);
    assertThat(early.reason()).isEqualTo("QEMU guest agent is not running");
    agentUp();
  }

  @Test
  void agentNotConfiguredIsReported() {
    runningVm("0");

    assertThat(pve.post("/nodes/pve/qemu/1002/agent/ping").reason())
        .isEqualTo("No QEMU guest agent configured");
  }

  @Test
  void faultRuleKeepsTheAgentDownForEver() {
    runningVm("1");
    simulator.addFault(
        FaultRule.httpError(
            "agent.ping", 1002, Integer.MAX_VALUE, 500, "QEMU guest agent is not running"));

    for (int i = 0; i < 3; i++) {
      assertThat(pve.post("/nodes/pve/qemu/1002/agent/ping").reason())
          .isEqualTo("QEMU guest agent is not running");
    }
  }

  @Test
  void execRunsTheArgvAndReportsOutputOnlyAfterExit() {
    pve.durations(Map.of("agent-exec", 5_000L));
    simulator
        .world()
        .setCommandEffects(
            (guest, argv, stdin) ->
                ExecResult.ok(
                    "got "
                        + String.join(" ", argv)
                        + " <"
                        + new String(stdin, StandardCharsets.UTF_8)
                        + ">"));
    runningVm("1");
    agentUp();

    PveHttp.Reply exec =
        pve.post(
            "/nodes/pve/qemu/1002/agent/exec",
            "command",
            "sh",
            "command",
            "-c",
            "command",
            "cat > /tmp/x",
            "input-data",
            "hello");
    int pid = exec.data().path("pid").asInt();

    JsonNode running =
        pve.get("/nodes/pve/qemu/1002/agent/exec-status", "pid", String.valueOf(pid)).data();
    assertThat(running.path("exited").asInt()).isZero();
    assertThat(running.has("out-data")).isFalse();
    JsonNode[] done = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              done[0] =
                  pve.get("/nodes/pve/qemu/1002/agent/exec-status", "pid", String.valueOf(pid))
                      .data();
              return done[0].path("exited").asInt() == 1;
            });
    assertThat(done[0].path("exitcode").asInt()).isZero();
    assertThat(done[0].path("out-data").asString()).isEqualTo("got sh -c cat > /tmp/x <hello>");
    assertThat(simulator.world().requireGuest(1002).execLog())
        .singleElement()
        .satisfies(r -> assertThat(r.argv()).containsExactly("sh", "-c", "cat > /tmp/x"));
  }

  @Test
  void fileWriteAndReadShareTheGuestFilesystem() {
    runningVm("1");
    agentUp();

    pve.post(
        "/nodes/pve/qemu/1002/agent/file-write",
        "file",
        "/etc/app/plain.txt",
        "content",
        "plain text");
    pve.post(
        "/nodes/pve/qemu/1002/agent/file-write",
        "file",
        "/etc/app/encoded.bin",
        "encode",
        "0",
        "content",
        Base64.getEncoder().encodeToString("raw bytes".getBytes(StandardCharsets.UTF_8)));

    assertThat(
            pve.get("/nodes/pve/qemu/1002/agent/file-read", "file", "/etc/app/plain.txt")
                .data()
                .path("content")
                .asString())
        .isEqualTo("plain text");
    assertThat(simulator.world().readFile(1002, "/etc/app/encoded.bin"))
        .hasValueSatisfying(
            b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("raw bytes"));
    assertThat(pve.get("/nodes/pve/qemu/1002/agent/file-read", "file", "/nope").reason())
        .isEqualTo("Agent error: Failed to open file '/nope': No such file or directory");
  }

  @Test
  void agentNeedsARunningVm() {
    pve.waitTask(
        pve.post("/nodes/pve/qemu", "vmid", "1002", "scsi0", "local-lvm:16", "agent", "1")
            .data()
            .asString());

    assertThat(pve.post("/nodes/pve/qemu/1002/agent/ping").reason())
        .isEqualTo("VM 1002 is not running");
    assertThat(List.of(simulator.world().requireGuest(1002).execLog().size())).containsExactly(0);
  }
}

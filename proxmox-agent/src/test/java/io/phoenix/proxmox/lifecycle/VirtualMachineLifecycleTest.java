package io.phoenix.proxmox.lifecycle;

import static io.phoenix.proxmox.lifecycle.GuestLifecycleTest.succeeded;
import static io.phoenix.proxmox.lifecycle.SimulatedProxmox.guest;
import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepOutcome;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.common.inventory.Guest;
import io.phoenix.proxmox.client.PveParams;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** VMs from a cloud image: create with import-from and cloud-init, clone, start with the agent. */
class VirtualMachineLifecycleTest {

  static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG+x/y= phoenix@host";

  static final Guest CLOUD_TEMPLATE =
      guest(
          "{\"id\":9000,\"kind\":\"vm\",\"name\":\"ubuntu-2404-cloud-template\",\"node\":\"pve\","
              + "\"template\":true,\"source\":{\"image\":\"noble-server-cloudimg-amd64.img\","
              + "\"imageUrl\":\"https://cloud-images.ubuntu.com/noble/current/"
              + "noble-server-cloudimg-amd64.img\"},\"cores\":2,\"memory\":2048,\"disk\":20,"
              + "\"network\":[{\"name\":\"eth0\",\"bridge\":\"vmbr0\",\"ip\":\"dhcp\"}],"
              + "\"cloudInit\":{\"user\":\"phoenix_user\",\"sshKeys\":[\""
              + KEY
              + "\"]}}");

  static final Guest PORTAINER =
      guest(
          "{\"id\":1001,\"kind\":\"vm\",\"name\":\"portainer\",\"node\":\"pve\","
              + "\"source\":{\"clone\":9000},\"cores\":4,\"memory\":4096,\"disk\":32,"
              + "\"network\":[{\"name\":\"eth0\",\"bridge\":\"vmbr0\",\"ip\":\"10.0.0.101/24\","
              + "\"gateway\":\"10.0.0.1\"}],\"nameserver\":\"10.0.0.13\","
              + "\"cloudInit\":{\"user\":\"phoenix_user\",\"sshKeys\":[\""
              + KEY
              + "\"]}}");

  /** A VM without the guest agent, so that nothing waits for one. */
  static final Guest PLAIN_VM =
      guest(
          "{\"id\":1003,\"kind\":\"vm\",\"name\":\"plain\",\"node\":\"pve\",\"guestAgent\":false,"
              + "\"source\":{\"image\":\"noble-server-cloudimg-amd64.img\","
              + "\"imageUrl\":\"https://example.invalid/noble.img\"},\"memory\":1024}");

  private SimulatedProxmox pve;

  @AfterEach
  void stop() throws Exception {
    pve.close();
  }

  @Test
  void cloudImageTemplateIsDownloadedCreatedAndTemplatedThenClonedConfiguredAndStarted()
      throws Exception {
    pve = new SimulatedProxmox(UnaryOperator.identity(), UnaryOperator.identity());
    SimulatedProxmox.Instance agent = pve.instance();

    StepSucceeded created = succeeded(agent.run("create", CLOUD_TEMPLATE));
    assertThat(created.outcome()).isEqualTo(Outcome.CREATED);
    assertThat(pve.events).anyMatch(e -> e.startsWith("downloading noble-server-cloudimg"));
    ObservedGuest vm = agent.observe(9000).orElseThrow();
    assertThat(vm.config())
        .containsEntry("ciuser", "phoenix_user")
        .containsEntry("serial0", "socket")
        .containsEntry("vga", "serial0")
        .containsEntry("ipconfig0", "ip=dhcp");
    assertThat(vm.config().get("agent")).startsWith("1");
    assertThat(vm.config().get("ide2")).contains("cloudinit");
    assertThat(PveParams.decodeSshKeys(vm.config().get("sshkeys"))).containsExactly(KEY);
    assertThat(succeeded(agent.run("create", CLOUD_TEMPLATE)).outcome()).isEqualTo(Outcome.NOOP);
    assertThat(succeeded(agent.run("configure", CLOUD_TEMPLATE)).outcome()).isEqualTo(Outcome.NOOP);

    StepSucceeded resized = succeeded(agent.run("resize", CLOUD_TEMPLATE));
    assertThat(resized.outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(resized.changes())
        .singleElement()
        .asString()
        .startsWith("scsi0: ")
        .endsWith("-> 20G");
    assertThat(succeeded(agent.run("resize", CLOUD_TEMPLATE)).outcome()).isEqualTo(Outcome.NOOP);
    assertThat(succeeded(agent.run("template", CLOUD_TEMPLATE)).outcome())
        .isEqualTo(Outcome.UPDATED);
    assertThat(agent.observe(9000).orElseThrow().template()).isTrue();

    assertThat(succeeded(agent.run("clone", PORTAINER)).outcome()).isEqualTo(Outcome.CREATED);
    StepSucceeded configured = succeeded(agent.run("configure", PORTAINER));
    assertThat(configured.changes())
        .contains(
            "memory: 2048 -> 4096",
            "ipconfig0: ip=dhcp -> ip=10.0.0.101/24,gw=10.0.0.1",
            "nameserver: (unset) -> 10.0.0.13");
    assertThat(pve.events).contains("cloud-init drive regenerated");
    assertThat(succeeded(agent.run("configure", PORTAINER)).outcome()).isEqualTo(Outcome.NOOP);
    assertThat(succeeded(agent.run("resize", PORTAINER)).changes())
        .containsExactly("scsi0: 20G -> 32G");

    StepSucceeded started = succeeded(agent.run("start", PORTAINER));
    assertThat(started.outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(pve.events).contains("waiting for the QEMU guest agent of VM 1001");
    StepSucceeded again = succeeded(agent.run("start", PORTAINER));
    assertThat(again.outcome()).isEqualTo(Outcome.NOOP);
    assertThat(again.outputs()).isEqualTo(started.outputs());

    assertThat(succeeded(agent.run("snapshot", PORTAINER, "final-form", false, "b1")).outcome())
        .isEqualTo(Outcome.CREATED);
    assertThat(succeeded(agent.run("destroy", PORTAINER)).outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(agent.observe(1001)).isEmpty();
    assertThat(pve.operations(1001))
        .containsEntry("qemu.clone", 1)
        .containsEntry("qemu.start", 1)
        .containsEntry("qemu.destroy", 1);
    assertThat(pve.operations(9000)).containsEntry("qemu.create", 1);
  }

  @Test
  void aGuestAgentThatNeverAnswersFailsTheStartWithinItsLimit() throws Exception {
    pve =
        new SimulatedProxmox(
            c -> c.withTaskDurations(Map.of("agent-start", Duration.ofHours(10))),
            t ->
                new io.phoenix.proxmox.ProxmoxProperties.Timeouts(
                    t.connect(),
                    t.read(),
                    t.write(),
                    t.keepAlive(),
                    t.taskPoll(),
                    t.task(),
                    t.tasks(),
                    t.lock(),
                    Duration.ofSeconds(2),
                    t.shutdown(),
                    t.transientRetries(),
                    t.retryBackoff(),
                    t.ticketRenewal()));
    SimulatedProxmox.Instance agent = pve.instance();
    Guest vm =
        guest(
            "{\"id\":1002,\"kind\":\"vm\",\"name\":\"drphoenix\",\"node\":\"pve\","
                + "\"source\":{\"image\":\"noble-server-cloudimg-amd64.img\","
                + "\"imageUrl\":\"https://cloud-images.ubuntu.com/noble/current/"
                + "noble-server-cloudimg-amd64.img\"},\"memory\":2048}");
    succeeded(agent.run("create", vm));

    long started = System.nanoTime();
    StepOutcome outcome = agent.run("start", vm);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(outcome).isInstanceOf(StepFailed.class);
    StepFailed failed = (StepFailed) outcome;
    assertThat(failed.reason()).isEqualTo("GUEST_AGENT_TIMEOUT");
    assertThat(failed.retryable()).isFalse();
    assertThat(failed.message())
        .contains("VM 1002 runs but its QEMU guest agent did not answer within PT2S")
        .contains("qemu-guest-agent")
        .contains("QEMU guest agent is not running");
    assertThat(took).isLessThan(Duration.ofSeconds(30));
    assertThat(agent.observe(1002).orElseThrow().running()).isTrue();
  }

  @Test
  void aVmThatIgnoresTheAcpiShutdownIsStoppedHard() throws Exception {
    // It would take 10 minutes to power down; the agent allows timeouts.shutdown (30 s).
    pve =
        new SimulatedProxmox(
            c -> c.withTaskDurations(Map.of("qmshutdown", Duration.ofMinutes(10))),
            UnaryOperator.identity());
    SimulatedProxmox.Instance agent = pve.instance();
    Guest vm = PLAIN_VM;
    succeeded(agent.run("create", vm));
    succeeded(agent.run("start", vm));

    assertThat(succeeded(agent.run("stop", vm)).outcome()).isEqualTo(Outcome.UPDATED);

    assertThat(agent.observe(1003).orElseThrow().running()).isFalse();
    assertThat(pve.operations(1003))
        .containsEntry("qemu.shutdown", 1)
        .containsEntry("qemu.stop", 1);
    assertThat(pve.events)
        .anyMatch(e -> e.contains("(VM quit/powerdown failed - got timeout); stopping it"));
  }

  @Test
  void reconfiguringAVmNicKeepsItsMac() throws Exception {
    pve = new SimulatedProxmox(UnaryOperator.identity(), UnaryOperator.identity());
    SimulatedProxmox.Instance agent = pve.instance();
    succeeded(agent.run("create", CLOUD_TEMPLATE));
    String before = agent.observe(9000).orElseThrow().config().get("net0");
    assertThat(before).matches("virtio=BC:24:11:[0-9A-F:]{8},bridge=vmbr0");
    Guest vlan =
        PendingChangesTest.edit(
            CLOUD_TEMPLATE,
            g ->
                ((tools.jackson.databind.node.ObjectNode) g.get("network").get(0)).put("vlan", 20));

    assertThat(succeeded(agent.run("configure", vlan)).changes())
        .anyMatch(c -> c.startsWith("net0: "));

    String after = agent.observe(9000).orElseThrow().config().get("net0");
    assertThat(after).isEqualTo(before + ",tag=20");
    assertThat(succeeded(agent.run("configure", vlan)).outcome()).isEqualTo(Outcome.NOOP);
  }

  @Test
  void aVmWithoutTheAgentStartsWithoutWaitingForIt() throws Exception {
    pve =
        new SimulatedProxmox(
            c -> c.withTaskDurations(Map.of("agent-start", Duration.ofHours(10))),
            UnaryOperator.identity());
    SimulatedProxmox.Instance agent = pve.instance();
    Guest vm = PLAIN_VM;
    succeeded(agent.run("create", vm));
    assertThat(agent.observe(1003).orElseThrow().config()).containsEntry("agent", "0");
    assertThat(succeeded(agent.run("start", vm)).outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(pve.events).noneMatch(e -> e.contains("waiting for the QEMU guest agent"));
    assertThat(List.of(agent.observe(1003).orElseThrow().status())).containsExactly("running");
  }
}

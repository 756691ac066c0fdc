package io.phoenix.proxmox.lifecycle;

import static io.phoenix.proxmox.lifecycle.GuestLifecycleTest.COPY_BASE;
import static io.phoenix.proxmox.lifecycle.GuestLifecycleTest.cloneOf900;
import static io.phoenix.proxmox.lifecycle.GuestLifecycleTest.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.common.inventory.Guest;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * A running guest takes some config changes only at its next start: the agent reads the values in
 * effect, reports what waits for a restart, and restarts the guest only when the inventory allows.
 */
class PendingChangesTest {

  static final Guest VM = edit(VirtualMachineLifecycleTest.PLAIN_VM, g -> g.put("cores", 2));

  private SimulatedProxmox pve;
  private SimulatedProxmox.Instance agent;

  @BeforeEach
  void start() throws Exception {
    pve = new SimulatedProxmox(UnaryOperator.identity(), UnaryOperator.identity());
    agent = pve.instance();
  }

  @AfterEach
  void stop() throws Exception {
    pve.close();
  }

  @Test
  void coresAndMemoryOfARunningVmArePendingUntilARestartTheInventoryAllows() {
    succeeded(agent.run("create", VM));
    succeeded(agent.run("start", VM));
    Guest bigger = edit(VM, g -> g.put("cores", 4).put("memory", 2048));

    StepSucceeded configured = succeeded(agent.run("configure", bigger));

    assertThat(configured.outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(configured.changes())
        .contains("cores: 2 -> 4", "memory: 1024 -> 2048")
        .anyMatch(c -> c.startsWith("pending restart: cores, memory"));
    assertThat(configured.outputs()).containsEntry("pendingRestart", "cores,memory");
    assertThat(agent.observe(1003).orElseThrow().config()).containsEntry("cores", "2");

    // A later run does not take the request for the effect: it still says what waits.
    StepSucceeded again = succeeded(agent.run("configure", bigger));
    assertThat(again.outcome()).isEqualTo(Outcome.NOOP);
    assertThat(again.changes()).contains("cores: 2 -> 4 (pending restart)");
    assertThat(again.outputs()).containsEntry("pendingRestart", "cores,memory");
    assertThat(pve.operations(1003)).containsEntry("qemu.config.put", 1);

    // Without applyPending: reboot the start step leaves it running and reports it.
    StepSucceeded reported = succeeded(agent.run("start", bigger));
    assertThat(reported.outcome()).isEqualTo(Outcome.NOOP);
    assertThat(reported.outputs()).containsEntry("pendingRestart", "cores,memory");
    assertThat(pve.operations(1003)).doesNotContainKey("qemu.shutdown");

    // With it, the start step restarts the VM, which applies them.
    Guest rebooting = edit(bigger, g -> g.put("applyPending", "reboot"));
    StepSucceeded restarted = succeeded(agent.run("start", rebooting));
    assertThat(restarted.outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(restarted.changes()).containsExactly("restart to apply pending cores, memory");
    ObservedGuest after = agent.observe(1003).orElseThrow();
    assertThat(after.running()).isTrue();
    assertThat(after.config()).containsEntry("cores", "4").containsEntry("memory", "2048");
    assertThat(after.pendingKeys()).isEmpty();
    assertThat(succeeded(agent.run("configure", rebooting)).outcome()).isEqualTo(Outcome.NOOP);
    assertThat(succeeded(agent.run("start", rebooting)).outcome()).isEqualTo(Outcome.NOOP);
    assertThat(pve.operations(1003)).containsEntry("qemu.shutdown", 1);
  }

  @Test
  void aRunningContainersNameserverWaitsWhileItsMemoryChangesAtOnce() {
    succeeded(agent.run("create", COPY_BASE));
    succeeded(agent.run("template", COPY_BASE));
    Guest ca = cloneOf900(103, "step-ca", "10.0.0.10");
    succeeded(agent.run("clone", ca));
    succeeded(agent.run("configure", ca));
    succeeded(agent.run("resize", ca));
    succeeded(agent.run("start", ca));
    Guest changed = edit(ca, g -> g.put("memory", 1536).put("nameserver", "10.0.0.53"));

    StepSucceeded configured = succeeded(agent.run("configure", changed));

    assertThat(configured.outputs()).containsEntry("pendingRestart", "nameserver");
    ObservedGuest now = agent.observe(103).orElseThrow();
    assertThat(now.config())
        .containsEntry("memory", "1536")
        .containsEntry("nameserver", "10.0.0.13");
    StepSucceeded observed = succeeded(agent.run("observe", changed));
    assertThat(observed.outputs()).containsEntry("pendingRestart", "nameserver");
    assertThat(observed.outcome()).isEqualTo(Outcome.NOOP);
  }

  static Guest edit(Guest guest, Consumer<ObjectNode> change) {
    ObjectNode json = Envelopes.json().valueToTree(guest);
    change.accept(json);
    return GuestRequest.GUESTS.treeToValue(json, Guest.class);
  }
}

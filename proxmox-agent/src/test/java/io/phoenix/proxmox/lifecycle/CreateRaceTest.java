package io.phoenix.proxmox.lifecycle;

import static io.phoenix.proxmox.lifecycle.GuestLifecycleTest.COPY_BASE;
import static io.phoenix.proxmox.lifecycle.GuestLifecycleTest.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepOutcome;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.common.inventory.Guest;
import io.phoenix.simulator.pve.FaultRule;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Two attempts at creating one guest (a command re-delivered to another instance during a
 * rebalance): the one whose create call loses with "already exists" observes the winner's guest,
 * waits while it is locked, and ends as noop when it is the guest the inventory describes.
 */
class CreateRaceTest {

  /** How long the first attempt's storage read is held up, so the second overtakes it. */
  private static final long HELD_UP_MS = 3000;

  private SimulatedProxmox pve;

  @AfterEach
  void stop() throws Exception {
    pve.close();
  }

  @Test
  void aCreateThatLosesTheRaceWaitsForTheWinnersGuestAndEndsAsNoop() throws Exception {
    // The winner's container stays "lock: create" for a while: 100 s at speed 0.02 = 2 s.
    pve =
        new SimulatedProxmox(
            c -> c.withTaskDurations(Map.of("vzcreate", Duration.ofSeconds(100))), t -> t);
    SimulatedProxmox.Instance first = pve.instance();
    SimulatedProxmox.Instance second = pve.instance();
    holdUpTheNextTemplateLookup();

    CompletableFuture<StepOutcome> loser =
        CompletableFuture.supplyAsync(() -> first.run("create", COPY_BASE));
    awaitHeldUp();
    StepSucceeded winner = succeeded(second.run("create", COPY_BASE));

    StepSucceeded lost = succeeded(loser.get(60, TimeUnit.SECONDS));
    assertThat(winner.outcome()).isEqualTo(Outcome.CREATED);
    assertThat(lost.outcome()).isEqualTo(Outcome.NOOP);
    assertThat(lost.changes()).anyMatch(c -> c.contains("created by another attempt"));
    assertThat(pve.events).anyMatch(e -> e.contains("CT 900 already exists on node 'pve'"));
    assertThat(pve.operations(900)).containsEntry("lxc.create", 1);
  }

  @Test
  void aGuestOfAnotherNameThatTookTheVmidMeanwhileIsAPermanentConflict() throws Exception {
    pve = new SimulatedProxmox(c -> c, t -> t);
    SimulatedProxmox.Instance first = pve.instance();
    SimulatedProxmox.Instance someoneElse = pve.instance();
    holdUpTheNextTemplateLookup();

    CompletableFuture<StepOutcome> ours =
        CompletableFuture.supplyAsync(() -> first.run("create", COPY_BASE));
    awaitHeldUp();
    succeeded(someoneElse.run("create", renamed(COPY_BASE, "not-copy-base")));

    StepOutcome outcome = ours.get(60, TimeUnit.SECONDS);
    assertThat(outcome).isInstanceOf(StepFailed.class);
    StepFailed failed = (StepFailed) outcome;
    assertThat(failed.reason()).isEqualTo("PVE_ALREADY_EXISTS");
    assertThat(failed.retryable()).isFalse();
    assertThat(failed.message())
        .contains("CT 900", "created by someone else", "not-copy-base", "copy-base");
  }

  @Test
  void aCloneThatLosesTheRaceToTheSameIdWaitsForTheOtherCloneAndEndsAsNoop() throws Exception {
    // Clones of the stopped template run side by side, so both attempts reach Proxmox.
    pve =
        new SimulatedProxmox(
            c -> c.withTaskDurations(Map.of("qmclone", Duration.ofSeconds(100))), t -> t);
    SimulatedProxmox.Instance first = pve.instance();
    SimulatedProxmox.Instance second = pve.instance();
    succeeded(first.run("create", VirtualMachineLifecycleTest.CLOUD_TEMPLATE));
    succeeded(first.run("template", VirtualMachineLifecycleTest.CLOUD_TEMPLATE));
    Guest portainer = VirtualMachineLifecycleTest.PORTAINER;
    // The first attempt's look at the source is held up, so the second overtakes it.
    pve.simulator.addFault(
        new FaultRule(
            null, "qemu.config.get", 9000, null, 1, null, null, null, HELD_UP_MS, null, null));

    CompletableFuture<StepOutcome> loser =
        CompletableFuture.supplyAsync(() -> first.run("clone", portainer));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> pve.simulator.faults().stream().allMatch(f -> f.count() == 0));
    StepSucceeded winner = succeeded(second.run("clone", portainer));

    StepSucceeded lost = succeeded(loser.get(60, TimeUnit.SECONDS));
    assertThat(winner.outcome()).isEqualTo(Outcome.CREATED);
    assertThat(lost.outcome()).isEqualTo(Outcome.NOOP);
    assertThat(pve.events)
        .anyMatch(e -> e.contains("unable to create VM 1001: config file already exists"));
    assertThat(pve.operations(1001)).containsEntry("qemu.clone", 1);
  }

  private void holdUpTheNextTemplateLookup() {
    pve.simulator.addFault(
        new FaultRule(
            null, "storage.content", null, null, 1, null, null, null, HELD_UP_MS, null, null));
  }

  /** Until the first attempt is inside its held-up call: it has observed "no guest 900". */
  private void awaitHeldUp() {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                pve.simulator.faults().stream()
                    .anyMatch(f -> "storage.content".equals(f.operation()) && f.count() == 0));
  }

  private static Guest renamed(Guest guest, String name) {
    ObjectNode json = Envelopes.json().valueToTree(guest);
    json.put("name", name);
    return GuestRequest.GUESTS.treeToValue(json, Guest.class);
  }
}

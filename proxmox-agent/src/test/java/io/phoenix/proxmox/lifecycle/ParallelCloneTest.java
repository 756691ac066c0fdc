package io.phoenix.proxmox.lifecycle;

import static io.phoenix.proxmox.lifecycle.GuestLifecycleTest.succeeded;
import static io.phoenix.proxmox.lifecycle.SimulatedProxmox.guest;
import static io.phoenix.proxmox.lifecycle.VirtualMachineLifecycleTest.CLOUD_TEMPLATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.phoenix.common.contract.StepOutcome;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.common.inventory.Guest;
import io.phoenix.simulator.world.World;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clones of one VM run side by side when Proxmox lets them: a stopped template is cloned under a
 * shared lock, so two clones of 9000 overlap; a running VM is held exclusively, so two clones of it
 * follow each other even from two agent instances.
 */
class ParallelCloneTest {

  private SimulatedProxmox pve;
  private Overlap overlap;

  @BeforeEach
  void start() throws Exception {
    // A VM clone takes 100 s at speed 1, 2 s here.
    pve =
        new SimulatedProxmox(
            c -> c.withTaskDurations(Map.of("qmclone", Duration.ofSeconds(100))), t -> t);
  }

  @AfterEach
  void stop() throws Exception {
    if (overlap != null) {
      overlap.stop.set(true);
    }
    pve.close();
  }

  @Test
  void twoClonesOfTheStoppedTemplate9000Overlap() throws Exception {
    SimulatedProxmox.Instance agent = pve.instance();
    succeeded(agent.run("create", CLOUD_TEMPLATE));
    succeeded(agent.run("template", CLOUD_TEMPLATE));
    overlap = new Overlap(pve.simulator.world(), 1001, 1002);

    // One agent instance, two commands at once (as two of its consumer threads would run them).
    List<CompletableFuture<StepOutcome>> clones =
        List.of(1001, 1002).stream()
            .map(id -> CompletableFuture.supplyAsync(() -> agent.run("clone", cloneOf(9000, id))))
            .toList();

    await().atMost(Duration.ofSeconds(60)).until(() -> overlap.most.get() == 2);
    for (CompletableFuture<StepOutcome> clone : clones) {
      assertThat(succeeded(clone.get(60, TimeUnit.SECONDS)).outcome()).isEqualTo(Outcome.CREATED);
    }
    assertThat(pve.operations(1001)).containsEntry("qemu.clone", 1);
    assertThat(pve.operations(1002)).containsEntry("qemu.clone", 1);
  }

  @Test
  void twoClonesOfARunningVmFollowEachOtherEvenFromTwoInstances() throws Exception {
    SimulatedProxmox.Instance first = pve.instance();
    SimulatedProxmox.Instance second = pve.instance();
    Guest source = cloneOf(9000, 1001);
    succeeded(first.run("create", CLOUD_TEMPLATE));
    succeeded(first.run("template", CLOUD_TEMPLATE));
    succeeded(first.run("clone", source));
    succeeded(first.run("start", withoutAgent(source)));
    overlap = new Overlap(pve.simulator.world(), 2001, 2002);

    CompletableFuture<StepOutcome> a =
        CompletableFuture.supplyAsync(() -> first.run("clone", cloneOf(1001, 2001)));
    CompletableFuture<StepOutcome> b =
        CompletableFuture.supplyAsync(() -> second.run("clone", cloneOf(1001, 2002)));

    assertThat(succeeded(a.get(120, TimeUnit.SECONDS)).outcome()).isEqualTo(Outcome.CREATED);
    assertThat(succeeded(b.get(120, TimeUnit.SECONDS)).outcome()).isEqualTo(Outcome.CREATED);
    assertThat(overlap.most.get()).isEqualTo(1);
    // The loser met Proxmox's exclusive lock on the running source and waited for it.
    assertThat(pve.events)
        .anyMatch(e -> e.contains("can't lock file '/var/lock/qemu-server/lock-1001.conf'"));
  }

  private static Guest cloneOf(int source, int id) {
    return guest(
        "{\"id\":"
            + id
            + ",\"kind\":\"vm\",\"name\":\"vm"
            + id
            + "\",\"node\":\"pve\",\"source\":{\"clone\":"
            + source
            + "},\"cores\":2,\"memory\":2048,\"guestAgent\":false}");
  }

  private static Guest withoutAgent(Guest guest) {
    return PendingChangesTest.edit(guest, g -> g.put("guestAgent", false));
  }

  /** Watches how many of some guests are being cloned ({@code lock: clone}) at the same time. */
  private static final class Overlap {
    final AtomicInteger most = new AtomicInteger();
    final AtomicBoolean stop = new AtomicBoolean();

    Overlap(World world, int... vmids) {
      Thread watcher =
          new Thread(
              () -> {
                while (!stop.get()) {
                  int now = 0;
                  for (int vmid : vmids) {
                    boolean cloning =
                        world
                            .guest(vmid)
                            .flatMap(g -> g.lock())
                            .filter("clone"::equals)
                            .isPresent();
                    now += cloning ? 1 : 0;
                  }
                  most.accumulateAndGet(now, Math::max);
                  try {
                    Thread.sleep(10);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "clone-overlap");
      watcher.setDaemon(true);
      watcher.start();
    }
  }
}

package io.phoenix.proxmox.lifecycle;

import static io.phoenix.proxmox.lifecycle.GuestLifecycleTest.COPY_BASE;
import static io.phoenix.proxmox.lifecycle.GuestLifecycleTest.cloneOf900;
import static io.phoenix.proxmox.lifecycle.GuestLifecycleTest.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepOutcome;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.common.inventory.Guest;
import io.phoenix.proxmox.ProxmoxProperties;
import io.phoenix.simulator.pve.FaultRule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Locks, slow tasks, transient and permanent errors, and re-delivery, against the simulator. */
class FaultToleranceTest {

  private SimulatedProxmox pve;

  @AfterEach
  void stop() throws Exception {
    pve.close();
  }

  private SimulatedProxmox.Instance templateReady(
      UnaryOperator<io.phoenix.simulator.pve.PveSimulatorConfig> config,
      UnaryOperator<ProxmoxProperties.Timeouts> timeouts)
      throws Exception {
    pve = new SimulatedProxmox(config, timeouts);
    SimulatedProxmox.Instance agent = pve.instance();
    succeeded(agent.run("create", COPY_BASE));
    succeeded(agent.run("template", COPY_BASE));
    return agent;
  }

  @Test
  void concurrentClonesOfOneSourceFromSeveralAgentInstancesAllSucceed() throws Exception {
    templateReady(
        c -> c.withTaskDurations(Map.of("vzclone", Duration.ofSeconds(40))),
        UnaryOperator.identity());
    List<Guest> clones =
        List.of(
            cloneOf900(101, "nginx", "10.0.0.153"),
            cloneOf900(102, "traefik", "10.0.0.12"),
            cloneOf900(103, "step-ca", "10.0.0.10"),
            cloneOf900(104, "extra", "10.0.0.14"));
    // Two agent instances (own clients, own in-process queues), two commands each, all at once.
    List<SimulatedProxmox.Instance> instances = List.of(pve.instance(), pve.instance());
    ExecutorService pool = Executors.newFixedThreadPool(clones.size());
    try {
      List<Future<StepOutcome>> results =
          clones.stream()
              .map(g -> pool.submit(() -> instances.get(g.id() % 2).run("clone", g)))
              .toList();
      for (Future<StepOutcome> result : results) {
        assertThat(succeeded(result.get()).outcome()).isEqualTo(Outcome.CREATED);
      }
    } finally {
      pool.shutdownNow();
    }
    for (Guest g : clones) {
      assertThat(pve.operations(g.id())).containsEntry("lxc.clone", 1);
      assertThat(instances.get(0).observe(g.id()).orElseThrow().lock()).isNull();
    }
  }

  @Test
  void aCloneThatOutlastsTheHttpTimeoutsIsWaitedForByTask() throws Exception {
    templateReady(
        c -> c.withTaskDurations(Map.of("vzclone", Duration.ofSeconds(200))),
        t ->
            new ProxmoxProperties.Timeouts(
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                t.keepAlive(),
                t.taskPoll(),
                t.task(),
                t.tasks(),
                t.lock(),
                t.guestAgent(),
                t.transientRetries(),
                t.retryBackoff(),
                t.ticketRenewal()));
    // 200 s at speed 0.02 = 4 s: four times the read timeout.
    long started = System.nanoTime();
    assertThat(
            succeeded(pve.instance().run("clone", cloneOf900(103, "step-ca", "10.0.0.10")))
                .outcome())
        .isEqualTo(Outcome.CREATED);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofSeconds(3));
    assertThat(pve.operations(103)).containsEntry("lxc.clone", 1);
  }

  @Test
  void transient500And596AreRetriedWithoutRepeatingTheOperation() throws Exception {
    SimulatedProxmox.Instance agent =
        templateReady(UnaryOperator.identity(), UnaryOperator.identity());
    Guest ca = cloneOf900(103, "step-ca", "10.0.0.10");
    pve.simulator.addFault(FaultRule.httpError("lxc.clone", 103, 1, 500, "Internal Server Error"));
    // The proxy hop gives up after 300 ms, but the clone goes on behind it.
    pve.simulator.addFault(
        new FaultRule(null, "lxc.clone", 103, null, 1, null, null, null, null, 300L, true));
    pve.simulator.addFault(
        FaultRule.httpError("lxc.config.put", 103, 1, 596, "Connection timed out"));

    assertThat(succeeded(agent.run("clone", ca)).outcome()).isEqualTo(Outcome.CREATED);
    assertThat(succeeded(agent.run("configure", ca)).outcome()).isEqualTo(Outcome.UPDATED);

    assertThat(pve.operations(103))
        .containsEntry("lxc.clone", 1)
        .containsEntry("lxc.config.put", 1);
    assertThat(pve.events).anyMatch(e -> e.contains("PVE_UNAVAILABLE"));
    assertThat(agent.observe(103).orElseThrow().config()).containsEntry("memory", "1024");
  }

  @Test
  void permanentErrorsFailAtOnceAndAreNotRetried() throws Exception {
    SimulatedProxmox.Instance agent =
        templateReady(UnaryOperator.identity(), UnaryOperator.identity());
    Guest ca = cloneOf900(103, "step-ca", "10.0.0.10");
    succeeded(agent.run("clone", ca));
    // One refusal only: a retry would succeed, so success would prove a retry.
    pve.simulator.addFault(
        FaultRule.httpError(
            "lxc.config.put", 103, 1, 403, "Permission check failed (/vms/103, VM.Config.Memory)"));

    StepOutcome outcome = agent.run("configure", ca);

    assertThat(outcome).isInstanceOf(StepFailed.class);
    StepFailed failed = (StepFailed) outcome;
    assertThat(failed.reason()).isEqualTo("PVE_PERMISSION");
    assertThat(failed.retryable()).isFalse();
    assertThat(failed.message()).contains("Permission check failed (/vms/103, VM.Config.Memory)");
    assertThat(failed.details()).containsEntry("httpStatus", "403");
    assertThat(pve.operations(103)).doesNotContainKey("lxc.config.put");
  }

  @Test
  void aFailedTaskIsReportedWithItsLogTail() throws Exception {
    SimulatedProxmox.Instance agent =
        templateReady(UnaryOperator.identity(), UnaryOperator.identity());
    Guest ca = cloneOf900(103, "step-ca", "10.0.0.10");
    succeeded(agent.run("clone", ca));
    pve.simulator.addFault(
        FaultRule.taskFailure("lxc.start", 103, 1, "unable to mount rootfs: invalid argument"));

    StepOutcome outcome = agent.run("start", ca);

    assertThat(outcome).isInstanceOf(StepFailed.class);
    StepFailed failed = (StepFailed) outcome;
    assertThat(failed.retryable()).isFalse();
    assertThat(failed.message()).contains("unable to mount rootfs: invalid argument");
    assertThat(failed.details().get("taskLogTail")).contains("TASK ERROR");
  }

  @Test
  void aRedeliveredCloneWhoseEffectExistsIsANoop() throws Exception {
    SimulatedProxmox.Instance agent =
        templateReady(UnaryOperator.identity(), UnaryOperator.identity());
    Guest ca = cloneOf900(103, "step-ca", "10.0.0.10");
    assertThat(succeeded(agent.run("clone", ca)).outcome()).isEqualTo(Outcome.CREATED);
    // The same command again, from another instance, as after a rebalance.
    assertThat(succeeded(pve.instance().run("clone", ca)).outcome()).isEqualTo(Outcome.NOOP);
    assertThat(pve.operations(103)).containsEntry("lxc.clone", 1);
  }
}

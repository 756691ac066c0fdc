package io.phoenix.proxmox.lifecycle;

import static io.phoenix.proxmox.lifecycle.GuestLifecycleTest.COPY_BASE;
import static io.phoenix.proxmox.lifecycle.GuestLifecycleTest.cloneOf900;
import static io.phoenix.proxmox.lifecycle.GuestLifecycleTest.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepOutcome;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.common.inventory.Guest;
import io.phoenix.proxmox.ProxmoxProperties;
import io.phoenix.simulator.pve.FaultRule;
import io.phoenix.simulator.world.WorldConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
                t.shutdown(),
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
  void aConnectionResetMidResponseIsTransientAndTheStepConverges() throws Exception {
    SimulatedProxmox.Instance agent =
        templateReady(UnaryOperator.identity(), UnaryOperator.identity());
    Guest ca = cloneOf900(103, "step-ca", "10.0.0.10");
    succeeded(agent.run("clone", ca));
    // pveproxy restarting under the call: the change is made, its answer is cut off by a reset,
    // and the client sees "SSLException: Connection reset" -- not a certificate problem.
    pve.simulator.addFault(FaultRule.connectionReset("lxc.config.put", 103, 1, true));
    pve.simulator.addFault(FaultRule.connectionReset("cluster.resources", null, 1, true));

    StepOutcome outcome = agent.run("configure", ca);

    assertThat(outcome).isInstanceOf(StepSucceeded.class);
    assertThat(succeeded(outcome).outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(pve.operations(103)).containsEntry("lxc.config.put", 1);
    assertThat(pve.events).anyMatch(e -> e.contains("PVE_UNAVAILABLE"));
    assertThat(pve.events).noneMatch(e -> e.contains("PVE_AUTH"));
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aStaleLockFailsTheStepWhenTheInjectedClockPassesTheLockLimit() throws Exception {
    // A lock limit no test could sit out on the wall clock: only the agent's clock can end it.
    templateReady(
        UnaryOperator.identity(),
        t ->
            new ProxmoxProperties.Timeouts(
                t.connect(),
                t.read(),
                t.write(),
                t.keepAlive(),
                t.taskPoll(),
                t.task(),
                t.tasks(),
                Duration.ofHours(1),
                t.guestAgent(),
                t.shutdown(),
                t.transientRetries(),
                t.retryBackoff(),
                t.ticketRenewal()));
    Guest ca = cloneOf900(103, "step-ca", "10.0.0.10");
    succeeded(pve.instance().run("clone", ca));
    // A backup that crashed left its lock behind.
    pve.simulator.addFault(FaultRule.staleLock("lxc.status", 103, 1, "backup"));
    SimulatedProxmox.Instance agent = pve.instance(new SteppingClock(Duration.ofMinutes(10)));

    StepOutcome outcome = agent.run("configure", ca);

    assertThat(outcome).isInstanceOf(StepFailed.class);
    StepFailed failed = (StepFailed) outcome;
    assertThat(failed.reason()).isEqualTo("PVE_LOCKED");
    assertThat(failed.retryable()).isTrue();
    assertThat(failed.message())
        .contains("CT 103 is locked (backup)", "PT1H", "pct unlock 103")
        .doesNotContain("qm unlock");
    assertThat(pve.operations(103)).doesNotContainKey("lxc.config.put");
  }

  /** A clock that moves {@code step} forward every time it is read. */
  static final class SteppingClock extends java.time.Clock {
    private final Duration step;
    private java.time.Instant now = java.time.Instant.parse("2026-11-26T04:00:00Z");

    SteppingClock(Duration step) {
      this.step = step;
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public synchronized java.time.Instant instant() {
      now = now.plus(step);
      return now;
    }
  }

  @Test
  void aCloneToNonSharedStorageOnAnotherNodeFailsAtOnceNotAfterRetries() throws Exception {
    pve =
        new SimulatedProxmox(
            c ->
                c.withWorld(
                    new WorldConfig(List.of(WorldConfig.node("pve"), WorldConfig.node("pve2")))),
            UnaryOperator.identity());
    SimulatedProxmox.Instance agent = pve.instance();
    succeeded(agent.run("create", COPY_BASE));
    succeeded(agent.run("template", COPY_BASE));
    String pve2 = "{\"name\":\"pve2\",\"diskStorage\":\"local-lvm\"}";

    StepOutcome outcome = agent.runOn(pve2, "clone", cloneOf900(103, "step-ca", "10.0.0.10"));

    assertThat(outcome).isInstanceOf(StepFailed.class);
    StepFailed failed = (StepFailed) outcome;
    assertThat(failed.reason()).isEqualTo("PVE_FAILED");
    assertThat(failed.retryable()).isFalse();
    assertThat(failed.message()).contains("can't clone to non-shared storage 'local-lvm'");
    assertThat(pve.events).noneMatch(e -> e.startsWith("attempt failed"));
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

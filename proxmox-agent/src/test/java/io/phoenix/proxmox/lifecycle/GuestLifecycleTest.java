package io.phoenix.proxmox.lifecycle;

import static io.phoenix.proxmox.lifecycle.SimulatedProxmox.guest;
import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepOutcome;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.common.inventory.Guest;
import io.phoenix.proxmox.client.PveParams;
import io.phoenix.simulator.pve.FaultRule;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every lifecycle command against the Proxmox VE simulator over HTTPS. */
class GuestLifecycleTest {

  static final String UBUNTU = "local:vztmpl/ubuntu-24.04-standard_24.04-2_amd64.tar.zst";

  static final Guest COPY_BASE =
      guest(
          "{\"id\":900,\"kind\":\"lxc\",\"name\":\"copy-base\",\"node\":\"pve\",\"template\":true,"
              + "\"source\":{\"ostemplate\":\""
              + UBUNTU
              + "\"},\"cores\":2,\"memory\":2048,\"swap\":512,\"disk\":10,"
              + "\"network\":[{\"name\":\"eth0\",\"bridge\":\"vmbr0\",\"ip\":\"10.0.0.200/24\","
              + "\"gateway\":\"10.0.0.1\"}],\"nameserver\":\"10.0.0.13\",\"onboot\":false,"
              + "\"lxcFeatures\":{\"nesting\":true}}");

  static Guest cloneOf900(int id, String name, String ip) {
    return guest(
        "{\"id\":"
            + id
            + ",\"kind\":\"lxc\",\"name\":\""
            + name
            + "\",\"node\":\"pve\",\"source\":{\"clone\":900},\"cores\":2,\"memory\":1024,"
            + "\"swap\":512,\"disk\":12,\"network\":[{\"name\":\"eth0\",\"bridge\":\"vmbr0\","
            + "\"ip\":\""
            + ip
            + "/24\",\"gateway\":\"10.0.0.1\"}],\"nameserver\":\"10.0.0.13\",\"onboot\":true,"
            + "\"startupOrder\":2,\"startupDelay\":10,\"lxcFeatures\":{\"nesting\":true}}");
  }

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

  static StepSucceeded succeeded(StepOutcome outcome) {
    assertThat(outcome).isInstanceOf(StepSucceeded.class);
    return (StepSucceeded) outcome;
  }

  @Test
  void containerTemplateIsCreatedConfiguredGrownAndTemplatedOnceEach() {
    assertThat(succeeded(agent.run("create", COPY_BASE)).outcome()).isEqualTo(Outcome.CREATED);
    assertThat(succeeded(agent.run("create", COPY_BASE)).outcome()).isEqualTo(Outcome.NOOP);

    ObservedGuest created = agent.observe(900).orElseThrow();
    assertThat(created.config())
        .containsEntry("memory", "2048")
        .containsEntry("hostname", "copy-base")
        .containsEntry("features", "nesting=1");
    assertThat(created.lock()).isNull();

    // Create already set everything configure wants.
    assertThat(succeeded(agent.run("configure", COPY_BASE)).outcome()).isEqualTo(Outcome.NOOP);

    // Create made the root disk at the wanted size already.
    assertThat(succeeded(agent.run("resize", COPY_BASE)).outcome()).isEqualTo(Outcome.NOOP);

    assertThat(succeeded(agent.run("template", COPY_BASE)).outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(succeeded(agent.run("template", COPY_BASE)).outcome()).isEqualTo(Outcome.NOOP);
    assertThat(agent.observe(900).orElseThrow().template()).isTrue();

    assertThat(pve.operations(900))
        .containsEntry("lxc.create", 1)
        .containsEntry("lxc.template", 1)
        .doesNotContainKeys("lxc.config.put", "lxc.resize");
  }

  @Test
  void cloneIsConfiguredStartedSnapshottedStoppedAndDestroyed() {
    makeTemplate900();
    Guest ca = cloneOf900(103, "step-ca", "10.0.0.10");

    assertThat(succeeded(agent.run("clone", ca)).outcome()).isEqualTo(Outcome.CREATED);
    assertThat(succeeded(agent.run("clone", ca)).outcome()).isEqualTo(Outcome.NOOP);

    StepSucceeded configured = succeeded(agent.run("configure", ca));
    assertThat(configured.outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(configured.changes())
        .contains("memory: 2048 -> 1024", "onboot: 0 -> 1", "startup: (unset) -> order=2,up=10");
    assertThat(agent.observe(103).orElseThrow().config())
        .containsEntry("memory", "1024")
        .containsEntry("hostname", "step-ca");
    assertThat(agent.observe(103).orElseThrow().config().get("net0")).contains("ip=10.0.0.10/24");
    assertThat(succeeded(agent.run("configure", ca)).outcome()).isEqualTo(Outcome.NOOP);

    assertThat(succeeded(agent.run("resize", ca)).changes()).containsExactly("rootfs: 10G -> 12G");
    assertThat(succeeded(agent.run("start", ca)).outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(succeeded(agent.run("start", ca)).outcome()).isEqualTo(Outcome.NOOP);
    assertThat(agent.observe(103).orElseThrow().running()).isTrue();

    String build = pve.nextBuild();
    assertThat(succeeded(agent.run("snapshot", ca, "pre-configured", false, build)).outcome())
        .isEqualTo(Outcome.CREATED);
    // Re-delivered in the same build: the snapshot is this step's effect.
    assertThat(succeeded(agent.run("snapshot", ca, "pre-configured", false, build)).outcome())
        .isEqualTo(Outcome.NOOP);
    // A later build of the unchanged guest keeps it: the snapshot records the current config.
    assertThat(
            succeeded(agent.run("snapshot", ca, "pre-configured", false, pve.nextBuild()))
                .outcome())
        .isEqualTo(Outcome.NOOP);
    assertThat(
            succeeded(agent.run("snapshot", ca, "pre-configured", true, pve.nextBuild())).outcome())
        .isEqualTo(Outcome.NOOP);
    assertThat(pve.operations(103))
        .containsEntry("lxc.snapshot.create", 1)
        .doesNotContainKey("lxc.snapshot.delete");

    // Once the guest's config has changed, a later build replaces it.
    agent.client.put("/nodes/pve/lxc/103/config", PveParams.of("memory", "1536"));
    StepSucceeded wouldReplace =
        succeeded(agent.run("snapshot", ca, "pre-configured", true, pve.nextBuild()));
    assertThat(wouldReplace.outcome()).isEqualTo(Outcome.WOULD_UPDATE);
    assertThat(wouldReplace.changes())
        .containsExactly(
            "snapshot pre-configured: replace the existing one, its config differs in [memory]");
    assertThat(pve.operations(103)).containsEntry("lxc.snapshot.create", 1);
    assertThat(
            succeeded(agent.run("snapshot", ca, "pre-configured", false, pve.nextBuild()))
                .outcome())
        .isEqualTo(Outcome.UPDATED);
    assertThat(pve.operations(103))
        .containsEntry("lxc.snapshot.create", 2)
        .containsEntry("lxc.snapshot.delete", 1);
    assertThat(
            succeeded(agent.run("snapshot", ca, "pre-configured", false, pve.nextBuild()))
                .outcome())
        .isEqualTo(Outcome.NOOP);
    assertThat(pve.operations(103)).containsEntry("lxc.snapshot.create", 2);

    assertThat(succeeded(agent.run("stop", ca)).outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(succeeded(agent.run("stop", ca)).outcome()).isEqualTo(Outcome.NOOP);
    assertThat(succeeded(agent.run("destroy", ca)).outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(succeeded(agent.run("destroy", ca)).outcome()).isEqualTo(Outcome.NOOP);
    assertThat(agent.observe(103)).isEmpty();
    assertThat(pve.operations(103))
        .containsEntry("lxc.clone", 1)
        .containsEntry("lxc.start", 1)
        .containsEntry("lxc.shutdown", 1)
        .containsEntry("lxc.destroy", 1)
        .doesNotContainKey("lxc.stop");
  }

  @Test
  void aSnapshotNameProxmoxWouldRefuseIsAnInvalidCommandBeforeAnyCall() {
    makeTemplate900();
    Guest ca = cloneOf900(103, "step-ca", "10.0.0.10");
    succeeded(agent.run("clone", ca));

    for (String name : List.of("a", "9lives", "current", "x".repeat(41))) {
      StepOutcome outcome = agent.run("snapshot", ca, name, false, pve.nextBuild());
      assertThat(outcome).as(name).isInstanceOf(StepFailed.class);
      assertThat(((StepFailed) outcome).reason()).as(name).isEqualTo("INVALID_COMMAND");
      assertThat(((StepFailed) outcome).message()).as(name).contains("2-40 letters");
    }
    assertThat(succeeded(agent.run("snapshot", ca, "ok", false, pve.nextBuild())).outcome())
        .isEqualTo(Outcome.CREATED);
    assertThat(pve.operations(103)).containsEntry("lxc.snapshot.create", 1);
  }

  @Test
  void stopShutsTheGuestDownAndStopsItHardOnlyWhenItIgnoresTheShutdown() {
    makeTemplate900();
    Guest ca = cloneOf900(103, "step-ca", "10.0.0.10");
    succeeded(agent.run("clone", ca));
    succeeded(agent.run("start", ca));
    pve.simulator.addFault(FaultRule.taskFailure("lxc.shutdown", 103, 1, "container did not stop"));

    StepSucceeded stopped = succeeded(agent.run("stop", ca));

    assertThat(stopped.outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(agent.observe(103).orElseThrow().running()).isFalse();
    assertThat(pve.operations(103)).containsEntry("lxc.shutdown", 1).containsEntry("lxc.stop", 1);
    assertThat(pve.events)
        .anyMatch(
            e -> e.startsWith("CT 103 did not shut down within 30 s (container did not stop)"));

    // A guest that shuts down in time is never stopped hard.
    succeeded(agent.run("start", ca));
    succeeded(agent.run("stop", ca));
    assertThat(pve.operations(103)).containsEntry("lxc.shutdown", 2).containsEntry("lxc.stop", 1);
  }

  @Test
  void reconfiguringANicKeepsTheMacTheContainerHas() {
    makeTemplate900();
    Guest ca = cloneOf900(103, "step-ca", "10.0.0.10");
    succeeded(agent.run("clone", ca));
    String before = agent.observe(103).orElseThrow().config().get("net0");
    assertThat(before).contains("ip=10.0.0.200/24").containsPattern("hwaddr=BC:24:11:");

    StepSucceeded configured = succeeded(agent.run("configure", ca));

    String after = agent.observe(103).orElseThrow().config().get("net0");
    assertThat(after).contains("ip=10.0.0.10/24");
    assertThat(ConfigDiff.properties(after).get("hwaddr"))
        .isEqualTo(ConfigDiff.properties(before).get("hwaddr"));
    assertThat(configured.changes()).anyMatch(c -> c.startsWith("net0: "));
    assertThat(succeeded(agent.run("configure", ca)).outcome()).isEqualTo(Outcome.NOOP);
  }

  @Test
  void aContainerTemplateIsDownloadedByNameWhenTheInventoryGivesNoUrl() {
    Guest debian =
        guest(
            "{\"id\":121,\"kind\":\"lxc\",\"name\":\"deb\",\"node\":\"pve\",\"source\":{"
                + "\"ostemplate\":\"local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst\"},"
                + "\"memory\":512,\"disk\":4}");

    assertThat(succeeded(agent.run("create", debian)).outcome()).isEqualTo(Outcome.CREATED);

    assertThat(pve.simulator.operations())
        .containsEntry(
            "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst",
            java.util.Map.of("node.aplinfo.download", 1));
    assertThat(agent.observe(121).orElseThrow().config()).containsEntry("hostname", "deb");
  }

  @Test
  void createDownloadsTheOstemplateWhenTheStorageLacksIt() {
    Guest debian =
        guest(
            "{\"id\":120,\"kind\":\"lxc\",\"name\":\"deb\",\"node\":\"pve\",\"source\":{"
                + "\"ostemplate\":\"local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst\","
                + "\"imageUrl\":\"http://download.proxmox.com/images/system/"
                + "debian-12-standard_12.7-1_amd64.tar.zst\"},\"memory\":512,\"disk\":4}");
    StepSucceeded created = succeeded(agent.run("create", debian));
    assertThat(created.outcome()).isEqualTo(Outcome.CREATED);
    assertThat(pve.events).anyMatch(e -> e.startsWith("downloading debian-12-standard"));
    assertThat(agent.observe(120).orElseThrow().config()).containsEntry("memory", "512");
  }

  @Test
  void dryRunsReportWithoutChangingAnything() {
    StepSucceeded wouldCreate = succeeded(agent.dryRun("create", COPY_BASE));
    assertThat(wouldCreate.outcome()).isEqualTo(Outcome.WOULD_CREATE);
    assertThat(agent.observe(900)).isEmpty();

    makeTemplate900();
    Guest ca = cloneOf900(103, "step-ca", "10.0.0.10");
    assertThat(succeeded(agent.dryRun("clone", ca)).outcome()).isEqualTo(Outcome.WOULD_CREATE);
    agent.run("clone", ca);
    StepSucceeded wouldUpdate = succeeded(agent.dryRun("configure", ca));
    assertThat(wouldUpdate.outcome()).isEqualTo(Outcome.WOULD_UPDATE);
    assertThat(wouldUpdate.changes()).contains("memory: 2048 -> 1024");
    assertThat(agent.observe(103).orElseThrow().config()).containsEntry("memory", "2048");
    assertThat(succeeded(agent.dryRun("start", ca)).outcome()).isEqualTo(Outcome.WOULD_UPDATE);
    assertThat(succeeded(agent.dryRun("destroy", ca)).outcome()).isEqualTo(Outcome.WOULD_UPDATE);
    assertThat(agent.observe(103)).isPresent();
  }

  @Test
  void observeReportsConfigStatusAndTheDiff() {
    StepSucceeded missing = succeeded(agent.run("observe", COPY_BASE));
    assertThat(missing.outcome()).isEqualTo(Outcome.WOULD_CREATE);
    assertThat(missing.outputs()).containsEntry("exists", "false");

    agent.run("create", COPY_BASE);
    StepSucceeded seen = succeeded(agent.run("observe", COPY_BASE));
    assertThat(seen.outcome()).isEqualTo(Outcome.WOULD_UPDATE);
    assertThat(seen.changes()).containsExactly("template: 0 -> 1");
    assertThat(seen.outputs())
        .containsEntry("exists", "true")
        .containsEntry("status", "stopped")
        .containsEntry("kind", "lxc");
    assertThat(seen.outputs().get("config")).contains("\"hostname\":\"copy-base\"");
    assertThat(pve.operations(900)).containsOnlyKeys("lxc.create");
  }

  @Test
  void configureReportsWhatAnApiTokenMayNotSet() {
    agent.run("create", COPY_BASE);
    Guest docker =
        guest(
            "{\"id\":900,\"kind\":\"lxc\",\"name\":\"copy-base\",\"node\":\"pve\","
                + "\"lxcFeatures\":{\"nesting\":true,\"keyctl\":true},"
                + "\"rawLxcOptions\":[\"lxc.apparmor.profile=unconfined\"],"
                + "\"memory\":4096}");
    StepSucceeded configured = succeeded(agent.run("configure", docker));
    assertThat(configured.outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(configured.changes())
        .contains("memory: 2048 -> 4096")
        .anyMatch(c -> c.startsWith("not applied: features keyctl=1 (an API token may only set"))
        .anyMatch(c -> c.startsWith("not applied: lxc.apparmor.profile=unconfined"));
    assertThat(agent.observe(900).orElseThrow().config()).containsEntry("features", "nesting=1");
  }

  @Test
  void asRootWithATicketEveryFeatureIsApplied() {
    SimulatedProxmox.Instance root = pve.ticketInstance();
    succeeded(root.run("create", COPY_BASE));
    Guest docker =
        guest(
            "{\"id\":900,\"kind\":\"lxc\",\"name\":\"copy-base\",\"node\":\"pve\","
                + "\"lxcFeatures\":{\"nesting\":true,\"keyctl\":true}}");
    StepSucceeded configured = succeeded(root.run("configure", docker));
    assertThat(configured.changes()).containsExactly("features: nesting=1 -> keyctl=1,nesting=1");
    assertThat(root.observe(900).orElseThrow().config())
        .containsEntry("features", "keyctl=1,nesting=1");
    assertThat(succeeded(root.run("configure", docker)).outcome()).isEqualTo(Outcome.NOOP);
  }

  @Test
  void aCommandForAGuestOfAnotherKindIsRefused() {
    agent.run("create", COPY_BASE);
    Guest vm =
        guest(
            "{\"id\":900,\"kind\":\"vm\",\"name\":\"x\",\"node\":\"pve\","
                + "\"source\":{\"image\":\"noble-server-cloudimg-amd64.img\"}}");
    StepOutcome outcome = agent.run("create", vm);
    assertThat(outcome).isInstanceOf(StepFailed.class);
    assertThat(((StepFailed) outcome).reason()).isEqualTo("PVE_CONFLICT");
    assertThat(((StepFailed) outcome).retryable()).isFalse();
  }

  @Test
  void aCommandWithoutTheGuestIsAnInvalidCommand() {
    var command =
        new io.phoenix.common.contract.StepCommand(
            900,
            "create",
            null,
            false,
            io.phoenix.common.contract.Envelopes.json().createObjectNode(),
            null);
    StepOutcome outcome;
    try {
      outcome =
          agent.handlers.get("create").handle(command, new RecordingContext("b", "900/create"));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertThat(outcome).isInstanceOf(StepFailed.class);
    assertThat(((StepFailed) outcome).reason()).isEqualTo("INVALID_COMMAND");
    assertThat(((StepFailed) outcome).message()).contains("params.guest");
  }

  private void makeTemplate900() {
    succeeded(agent.run("create", COPY_BASE));
    succeeded(agent.run("template", COPY_BASE));
  }
}

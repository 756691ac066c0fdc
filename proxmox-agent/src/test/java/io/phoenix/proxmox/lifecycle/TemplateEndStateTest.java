package io.phoenix.proxmox.lifecycle;

import static io.phoenix.proxmox.lifecycle.GuestLifecycleTest.COPY_BASE;
import static io.phoenix.proxmox.lifecycle.GuestLifecycleTest.succeeded;
import static io.phoenix.proxmox.lifecycle.VirtualMachineLifecycleTest.CLOUD_TEMPLATE;
import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.common.inventory.Guest;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * A template is the end state of its guest: a second build over a world where the guest already is
 * a template finds every step of its chain done (configure and resize converge its settings, as
 * Proxmox allows on templates), and a template the inventory does not declare is a conflict.
 */
class TemplateEndStateTest {

  /** The actions a guest takes on its way to becoming a template (clone aside). */
  private static final List<String> CHAIN =
      List.of("create", "configure", "resize", "start", "stop", "snapshot", "template");

  /** Steps that fix a template's drift instead of taking it as done. */
  private static final List<String> CONVERGED_ON_TEMPLATES = List.of("configure", "resize");

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
  void everyStepOfAContainerThatIsAlreadyATemplateIsANoopAndChangesNothing() {
    succeeded(agent.run("create", COPY_BASE));
    succeeded(agent.run("template", COPY_BASE));
    Map<String, Integer> before = Map.copyOf(pve.operations(900));

    for (String action : CHAIN) {
      StepSucceeded done = succeeded(run(action, COPY_BASE, false));
      assertThat(done.outcome()).as(action).isEqualTo(Outcome.NOOP);
      if (!CONVERGED_ON_TEMPLATES.contains(action)) {
        assertThat(done.changes()).as(action).anyMatch(c -> c.contains("already a template"));
      }
      StepSucceeded dry = succeeded(run(action, COPY_BASE, true));
      assertThat(dry.outcome()).as(action + " (dry run)").isEqualTo(Outcome.NOOP);
    }
    assertThat(pve.operations(900)).isEqualTo(before);
    assertThat(agent.observe(900).orElseThrow().template()).isTrue();
  }

  @Test
  void aVirtualMachineTemplateIsNotStartedAgain() {
    succeeded(agent.run("create", CLOUD_TEMPLATE));
    succeeded(agent.run("resize", CLOUD_TEMPLATE));
    succeeded(agent.run("template", CLOUD_TEMPLATE));

    for (String action : List.of("create", "configure", "resize", "start", "template")) {
      assertThat(succeeded(agent.run(action, CLOUD_TEMPLATE)).outcome())
          .as(action)
          .isEqualTo(Outcome.NOOP);
    }
    assertThat(pve.operations(9000)).doesNotContainKeys("qemu.start", "qemu.config.put");
  }

  @Test
  void aTemplatesConfigAndDiskDriftIsFixedLikeAnyGuests() {
    succeeded(agent.run("create", COPY_BASE));
    succeeded(agent.run("template", COPY_BASE));
    ObjectNode changed = Envelopes.json().valueToTree(COPY_BASE);
    changed.put("memory", 3072).put("cores", 4).put("disk", 16);
    Guest drifted = GuestRequest.GUESTS.treeToValue(changed, Guest.class);

    StepSucceeded configured = succeeded(agent.run("configure", drifted));
    StepSucceeded resized = succeeded(agent.run("resize", drifted));

    assertThat(configured.outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(configured.changes()).contains("memory: 2048 -> 3072", "cores: 2 -> 4");
    assertThat(resized.changes()).containsExactly("rootfs: 10G -> 16G");
    ObservedGuest template = agent.observe(900).orElseThrow();
    assertThat(template.template()).isTrue();
    assertThat(template.config()).containsEntry("memory", "3072").containsEntry("cores", "4");
    assertThat(template.config().get("rootfs")).contains("size=16G");
    // Still its end state for everything else: it is not started.
    assertThat(succeeded(agent.run("start", drifted)).outcome()).isEqualTo(Outcome.NOOP);
    assertThat(pve.operations(900)).doesNotContainKey("lxc.start");
  }

  @Test
  void aTemplateTheInventoryDoesNotDeclareFailsEveryStepWithoutRetry() {
    succeeded(agent.run("create", COPY_BASE));
    succeeded(agent.run("template", COPY_BASE));
    Guest undeclared = withTemplate(COPY_BASE, false);
    Map<String, Integer> before = Map.copyOf(pve.operations(900));

    for (String action : CHAIN) {
      assertThat(run(action, undeclared, false))
          .as(action)
          .isInstanceOfSatisfying(
              StepFailed.class,
              f -> {
                assertThat(f.reason()).isEqualTo("PVE_CONFLICT");
                assertThat(f.retryable()).isFalse();
                assertThat(f.message())
                    .contains("CT 900", "is a template", "template: true", "destroy");
              });
    }
    assertThat(pve.operations(900)).isEqualTo(before);
  }

  @Test
  void aTemplateIsStillDestroyed() {
    succeeded(agent.run("create", COPY_BASE));
    succeeded(agent.run("template", COPY_BASE));

    assertThat(succeeded(agent.run("destroy", COPY_BASE)).outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(agent.observe(900)).isEmpty();
  }

  private io.phoenix.common.contract.StepOutcome run(String action, Guest guest, boolean dryRun) {
    String detail = action.equals("snapshot") ? "pre-configured" : null;
    return agent.run(action, guest, detail, dryRun, pve.nextBuild());
  }

  private static Guest withTemplate(Guest guest, boolean template) {
    ObjectNode json = Envelopes.json().valueToTree(guest);
    json.put("template", template);
    return GuestRequest.GUESTS.treeToValue(json, Guest.class);
  }
}

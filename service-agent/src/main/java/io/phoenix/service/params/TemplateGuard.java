package io.phoenix.service.params;

import io.phoenix.common.agent.StepFailures;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.common.inventory.GuestKind;
import io.phoenix.service.exec.ExecException;
import io.phoenix.service.exec.GuestExec;
import io.phoenix.service.scripts.StepAbort;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A template is the end state of its guest: what a service step would have done inside it was done
 * before it became one, and nothing runs inside a template. Every service handler asks this guard,
 * with the guest's config read from Proxmox, before it touches the guest.
 */
public final class TemplateGuard {

  private TemplateGuard() {}

  /**
   * The step's answer when the guest already is a template: {@code noop} when the inventory
   * declares it one; empty when it is not a template (or the agent has no Proxmox API to ask), so
   * the step runs as usual.
   *
   * @param action the step's action, for the change note
   * @throws StepAbort a permanent {@code PVE_CONFLICT} when the guest is a template the inventory
   *     does not declare; the channel's failure when its config cannot be read
   */
  public static Optional<StepSucceeded> endState(GuestExec exec, StepParams params, String action)
      throws StepAbort {
    Optional<Boolean> template;
    try {
      template = exec.template(params.ref());
    } catch (ExecException e) {
      throw StepAbort.of(e, Map.of("guest", Integer.toString(params.guest().id())));
    }
    if (template.isEmpty() || !template.get()) {
      return Optional.empty();
    }
    int id = params.guest().id();
    String name = (params.guest().kind() == GuestKind.LXC ? "CT " : "VM ") + id;
    if (!params.guest().template()) {
      throw new StepAbort(
          StepFailures.permanent(
              "PVE_CONFLICT",
              name
                  + " on node "
                  + params.ref().node()
                  + " is a template but the inventory does not declare guest "
                  + id
                  + " a template; destroy the existing template or set template: true for guest "
                  + id
                  + " in the inventory"));
    }
    return Optional.of(
        new StepSucceeded(
            Outcome.NOOP,
            List.of(
                name + " is already a template (its end state): " + action + " has nothing to do"),
            Map.of(),
            0));
  }
}

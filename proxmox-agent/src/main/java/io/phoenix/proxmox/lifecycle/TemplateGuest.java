package io.phoenix.proxmox.lifecycle;

import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.proxmox.ProxmoxProperties;
import io.phoenix.proxmox.client.PveParams;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * {@code template}: the guest becomes a template (stopped first). A template already is a noop; a
 * guest with snapshots is refused, as Proxmox refuses it.
 */
@Component
class TemplateGuest extends LifecycleStep {

  TemplateGuest(GuestApi api, ProxmoxProperties properties) {
    super(api, properties);
  }

  @Override
  public Set<String> actions() {
    return actions("template");
  }

  @Override
  Observation observe(GuestRequest request) {
    Observation seen = super.observe(request);
    ObservedGuest guest = seen.guest().orElse(null);
    if (guest == null || guest.template()) {
      return seen;
    }
    return seen.withSnapshots(api.snapshots(guest), Map.of());
  }

  @Override
  Decision decide(GuestRequest request, Observation seen) {
    if (seen.guest().isEmpty()) {
      return new Decision.Refuse(notFound(request));
    }
    ObservedGuest guest = seen.guest().get();
    // A template never gets here: LifecycleStep answers for it (noop or conflict).
    if (guest.lock() != null) {
      return new Decision.Wait(
          guest.kindName() + " " + guest.vmid() + " is locked (" + guest.lock() + ")");
    }
    Map<String, String> snapshots = seen.snapshots();
    if (!snapshots.isEmpty()) {
      return new Decision.Refuse(
          refuse(
              "PVE_FAILED",
              guest.kindName()
                  + " "
                  + guest.vmid()
                  + " has snapshots "
                  + snapshots.keySet()
                  + "; Proxmox does not make a template of a guest with snapshots (delete them,"
                  + " or do not plan snapshots for a template)"));
    }
    List<String> changes = new ArrayList<>();
    if (guest.running()) {
      changes.add("status: running -> stopped");
    }
    changes.add("template: 0 -> 1");
    return new Decision.Change(
        Outcome.UPDATED,
        changes,
        context -> {
          if (guest.running()) {
            StopGuest.shutdown(api, guest, context);
          }
          api.await(api.client().post(guest.path() + "/template", PveParams.none()), context);
          awaitTemplateFlag(request, context);
          return Map.of();
        });
  }

  /** LXC answers the template call synchronously with null: poll until the config says so. */
  private void awaitTemplateFlag(
      GuestRequest request, io.phoenix.common.agent.StepContext context) {
    Instant deadline = api.clock().instant().plus(properties.timeouts().task("vztemplate"));
    while (true) {
      ObservedGuest now = reobserve(request);
      if (now.template() && now.lock() == null) {
        return;
      }
      if (api.clock().instant().isAfter(deadline)) {
        throw new StepRefused(
            io.phoenix.common.agent.StepFailures.retryable(
                "PVE_TASK_TIMEOUT",
                now.kindName()
                    + " "
                    + now.vmid()
                    + " is not a template yet after the template call"));
      }
      GuestApi.pause(properties.timeouts().taskPoll());
    }
  }
}

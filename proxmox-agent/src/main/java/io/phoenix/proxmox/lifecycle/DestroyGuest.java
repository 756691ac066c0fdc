package io.phoenix.proxmox.lifecycle;

import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.proxmox.ProxmoxProperties;
import io.phoenix.proxmox.client.PveException;
import io.phoenix.proxmox.client.PveParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * {@code destroy}: the guest is gone (stopped first, purged from jobs and HA, unreferenced disks
 * destroyed). A guest that does not exist is a noop.
 */
@Component
class DestroyGuest extends LifecycleStep {

  DestroyGuest(GuestApi api, ProxmoxProperties properties) {
    super(api, properties);
  }

  /** A template is destroyed like any guest. */
  @Override
  TemplateRule templateRule() {
    return TemplateRule.ANY_GUEST;
  }

  @Override
  public Set<String> actions() {
    return actions("destroy");
  }

  @Override
  Decision decide(GuestRequest request, Observation seen) {
    if (seen.guest().isEmpty()) {
      return Decision.Noop.of(request.kindName() + " " + request.vmid() + " does not exist");
    }
    ObservedGuest guest = seen.guest().get();
    if (guest.kind() != request.guest().kind()) {
      return kindMismatch(request, guest);
    }
    if (guest.lock() != null) {
      return new Decision.Wait(
          guest.kindName() + " " + guest.vmid() + " is locked (" + guest.lock() + ")");
    }
    List<String> changes = new ArrayList<>();
    if (guest.running()) {
      changes.add("status: running -> stopped");
    }
    changes.add(guest.kindName() + " " + guest.vmid() + " on " + guest.node() + ": destroyed");
    return new Decision.Change(
        Outcome.UPDATED,
        changes,
        context -> {
          if (guest.running()) {
            // Its disks are destroyed next: nothing to shut down gracefully for.
            StopGuest.hardStop(api, guest, context);
          }
          try {
            api.await(
                api.client()
                    .delete(
                        guest.path(),
                        PveParams.of("purge", true).with("destroy-unreferenced-disks", true)),
                context);
          } catch (PveException.NotFound e) {
            context.progress(e.text(), null);
          }
          return Map.of();
        });
  }
}

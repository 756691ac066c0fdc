package io.phoenix.proxmox.lifecycle;

import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.proxmox.ProxmoxProperties;
import io.phoenix.proxmox.client.PveException;
import io.phoenix.proxmox.client.PveParams;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/** {@code stop}: the guest is stopped (a hard stop, like {@code pct stop}/{@code qm stop}). */
@Component
class StopGuest extends LifecycleStep {

  StopGuest(GuestApi api, ProxmoxProperties properties) {
    super(api, properties);
  }

  @Override
  public Set<String> actions() {
    return actions("stop");
  }

  @Override
  Decision decide(GuestRequest request, Optional<ObservedGuest> observed) {
    if (observed.isEmpty()) {
      return new Decision.Refuse(notFound(request));
    }
    ObservedGuest guest = observed.get();
    if (!guest.running()) {
      return Decision.Noop.of(guest.kindName() + " " + guest.vmid() + " is " + guest.status());
    }
    return new Decision.Change(
        Outcome.UPDATED,
        List.of("status: running -> stopped"),
        context -> {
          stop(api, guest, context);
          return Map.of();
        });
  }

  /** Stops a running guest and waits for the task; "not running" counts as done. */
  static void stop(GuestApi api, ObservedGuest guest, io.phoenix.common.agent.StepContext context) {
    try {
      api.await(api.client().post(guest.path() + "/status/stop", PveParams.none()), context);
    } catch (PveException.NotRunning e) {
      context.progress(e.text(), null);
    }
  }
}

package io.phoenix.proxmox.lifecycle;

import io.phoenix.common.agent.StepContext;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.proxmox.ProxmoxProperties;
import io.phoenix.proxmox.client.PveException;
import io.phoenix.proxmox.client.PveParams;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * {@code stop}: the guest is stopped, cleanly when it lets itself be: a {@code shutdown} (ACPI for
 * a VM, the init system for a container) with {@code timeouts.shutdown}, then a hard {@code stop}
 * when it did not go down in time.
 */
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
  Decision decide(GuestRequest request, Observation seen) {
    if (seen.guest().isEmpty()) {
      return new Decision.Refuse(notFound(request));
    }
    ObservedGuest guest = seen.guest().get();
    if (!guest.running()) {
      return Decision.Noop.of(guest.kindName() + " " + guest.vmid() + " is " + guest.status());
    }
    return new Decision.Change(
        Outcome.UPDATED,
        List.of("status: running -> stopped"),
        context -> {
          shutdown(api, guest, context);
          return Map.of();
        });
  }

  /**
   * Shuts a running guest down within the shutdown timeout, and stops it hard when it is still up
   * after that; "not running" counts as done.
   */
  static void shutdown(GuestApi api, ObservedGuest guest, StepContext context) {
    long seconds = Math.max(1, api.client().timeouts().shutdown().toSeconds());
    try {
      api.await(
          api.client()
              .post(
                  guest.path() + "/status/shutdown",
                  PveParams.of("timeout", seconds).with("forceStop", false)),
          context);
      return;
    } catch (PveException.NotRunning e) {
      context.progress(e.text(), null);
      return;
    } catch (PveException.Failed | PveException.LockTimeout | PveException.TaskTimedOut e) {
      // "VM quit/powerdown failed - got timeout", "container did not stop": it ignored the request.
      context.progress(
          guest.kindName()
              + " "
              + guest.vmid()
              + " did not shut down within "
              + seconds
              + " s ("
              + e.text()
              + "); stopping it",
          null);
    }
    hardStop(api, guest, context);
  }

  /**
   * Stops a running guest at once (like {@code pct stop}/{@code qm stop}); "not running" is done.
   */
  static void hardStop(GuestApi api, ObservedGuest guest, StepContext context) {
    try {
      api.await(api.client().post(guest.path() + "/status/stop", PveParams.none()), context);
    } catch (PveException.NotRunning e) {
      context.progress(e.text(), null);
    }
  }
}

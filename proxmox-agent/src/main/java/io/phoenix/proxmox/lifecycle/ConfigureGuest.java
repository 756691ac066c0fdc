package io.phoenix.proxmox.lifecycle;

import io.phoenix.common.agent.StepContext;
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
 * {@code configure}: sets the config keys that differ from the inventory (cores, memory, swap,
 * net*, nameserver, onboot/startup, LXC features and mount points, VM cloud-init) in one PUT, and
 * regenerates a VM's cloud-init drive when its cloud-init keys changed. What the API does not let
 * this agent set (raw lxc options; non-nesting features and bind mounts with an API token) is
 * reported in {@code changes} as {@code not applied: ...} with the way to set it by hand.
 * Idempotent: nothing differs means noop.
 */
@Component
class ConfigureGuest extends LifecycleStep {

  ConfigureGuest(GuestApi api, ProxmoxProperties properties) {
    super(api, properties);
  }

  @Override
  public Set<String> actions() {
    return actions("configure");
  }

  /** Proxmox accepts config changes and disk growth on a template: its drift is fixed too. */
  @Override
  TemplateRule templateRule() {
    return TemplateRule.CONVERGES;
  }

  @Override
  Decision decide(GuestRequest request, Observation seen) {
    if (seen.guest().isEmpty()) {
      return new Decision.Refuse(notFound(request));
    }
    ObservedGuest guest = seen.guest().get();
    if (guest.kind() != request.guest().kind()) {
      return kindMismatch(request, guest);
    }
    if (guest.lock() != null) {
      return new Decision.Wait(
          guest.kindName() + " " + guest.vmid() + " is locked (" + guest.lock() + ")");
    }
    Map<String, String> afterRestart = guest.configAfterRestart();
    WantedConfig wanted =
        WantedConfig.of(request.guest(), api.client().usesApiToken()).keepingMacs(afterRestart);
    // What differs from the config the guest will have: to set. What only differs from the config
    // in effect is set already and waits for a restart.
    List<ConfigDiff.Change> diff = ConfigDiff.diff(wanted.keys(), afterRestart);
    List<ConfigDiff.Change> waiting =
        ConfigDiff.diff(wanted.keys(), guest.config()).stream()
            .filter(c -> diff.stream().noneMatch(d -> d.key().equals(c.key())))
            .toList();
    List<String> notes = new ArrayList<>();
    String unprivileged = guest.config().get("unprivileged");
    Boolean wantUnprivileged = request.guest().unprivileged();
    if (request.guest().isLxc()
        && wantUnprivileged != null
        && !(wantUnprivileged ? "1" : "0").equals(unprivileged == null ? "0" : unprivileged)) {
      notes.add(
          "not applied: unprivileged="
              + (wantUnprivileged ? 1 : 0)
              + " (only set when a container is created; recreate it to change)");
    }
    wanted.notApplied().forEach(n -> notes.add("not applied: " + n));
    if (diff.isEmpty()) {
      if (waiting.isEmpty()) {
        return new Decision.Noop(notes, Map.of());
      }
      List<String> changes =
          new ArrayList<>(waiting.stream().map(c -> c + " (pending restart)").toList());
      changes.addAll(notes);
      return new Decision.Noop(
          changes, PendingRestart.outputs(waiting.stream().map(ConfigDiff.Change::key).toList()));
    }
    List<String> changes = new ArrayList<>(diff.stream().map(ConfigDiff.Change::toString).toList());
    changes.addAll(notes);
    return new Decision.Change(
        Outcome.UPDATED, changes, context -> apply(request, guest, diff, notes, context));
  }

  private Map<String, String> apply(
      GuestRequest request,
      ObservedGuest guest,
      List<ConfigDiff.Change> diff,
      List<String> notes,
      StepContext context) {
    PveParams params = PveParams.none();
    diff.forEach(c -> params.with(c.key(), c.wanted()));
    String digest = guest.config().get("digest");
    if (digest != null) {
      // guards against a concurrent edit between our read and this write
      params.with("digest", digest);
    }
    api.await(api.client().put(guest.path() + "/config", params), context);
    boolean cloudInit =
        diff.stream()
            .anyMatch(
                c ->
                    c.key().startsWith("ipconfig")
                        || c.key().equals("ciuser")
                        || c.key().equals("sshkeys")
                        || c.key().equals("nameserver"));
    if (guest.kind() == io.phoenix.common.inventory.GuestKind.VM && cloudInit) {
      try {
        api.client().put(guest.path() + "/cloudinit", PveParams.none());
        context.progress("cloud-init drive regenerated", null);
      } catch (PveException.InvalidRequest e) {
        // PVE 7 has no such endpoint; the drive is regenerated at the next start there.
        context.progress("cloud-init drive will be regenerated at start: " + e.text(), null);
      }
    }
    notes.forEach(n -> context.progress(n, null));
    // A running guest takes some changes only at its next start (Proxmox keeps them pending).
    ObservedGuest now = reobserve(request);
    List<String> pending =
        diff.stream().map(ConfigDiff.Change::key).filter(now.pendingKeys()::contains).toList();
    return PendingRestart.outputs(pending);
  }
}

package io.phoenix.proxmox.lifecycle;

import io.phoenix.common.agent.StepContext;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.common.inventory.Guest;
import io.phoenix.common.inventory.GuestKind;
import io.phoenix.proxmox.ProxmoxProperties;
import io.phoenix.proxmox.client.PveParams;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * {@code clone}: a full clone of {@code params.source} (or {@code source.clone}). Clones of a
 * stopped VM run side by side, as Proxmox clones it under a shared lock; clones of a container or a
 * running VM queue in this instance, wait while the source is locked, and retry Proxmox's lock
 * errors when another instance got there first. The step ends when the new guest's lock has
 * cleared, so configure never meets {@code lock: clone}. Idempotent on the new vmid.
 */
@Component
class CloneGuest extends LifecycleStep {

  private final KeyedLocks locks;

  CloneGuest(GuestApi api, ProxmoxProperties properties, KeyedLocks locks) {
    super(api, properties);
    this.locks = locks;
  }

  @Override
  public Set<String> actions() {
    return actions("clone");
  }

  @Override
  boolean createsTheGuest() {
    return true;
  }

  @Override
  Observation observe(GuestRequest request) {
    Observation seen = super.observe(request);
    Integer sourceId = source(request);
    if (seen.guest().isPresent() || sourceId == null) {
      return seen;
    }
    return seen.withSource(api.observe(sourceId));
  }

  @Override
  Decision decide(GuestRequest request, Observation seen) {
    Integer sourceId = source(request);
    if (sourceId == null) {
      return new Decision.Refuse(
          refuse(
              "INVALID_COMMAND",
              "clone of "
                  + request.vmid()
                  + " names no source: set params.source or the guest's source.clone"));
    }
    if (seen.guest().isPresent()) {
      return existing(request, seen.guest().get(), seen.contested());
    }
    if (seen.source().isEmpty()) {
      return new Decision.Refuse(
          refuse(
              "PVE_NOT_FOUND",
              "clone source "
                  + sourceId
                  + " of "
                  + request.vmid()
                  + " does not exist; create it (and make it a template) first"));
    }
    ObservedGuest from = seen.source().get();
    if (from.kind() != request.guest().kind()) {
      return new Decision.Refuse(
          refuse(
              "PVE_CONFLICT",
              "clone source "
                  + sourceId
                  + " is a "
                  + from.kindName()
                  + " but "
                  + request.vmid()
                  + " is to be a "
                  + request.kindName()));
    }
    if (from.lock() != null) {
      return new Decision.Wait(
          "clone source " + sourceId + " is locked (" + from.lock() + "), queueing behind it");
    }
    return new Decision.Change(
        Outcome.CREATED,
        List.of(
            "full clone of "
                + from.kindName()
                + " "
                + sourceId
                + " to "
                + request.vmid()
                + " on storage "
                + request.diskStorage()),
        context -> clone(request, from, context));
  }

  /**
   * Whether clones of {@code source} may run side by side, as Proxmox's own locks allow: a stopped
   * VM is cloned under a shared lock on its config (qemu-server {@code lock_config_shared}), while
   * a running VM is held exclusively and a container gets {@code lock: disk} for each clone.
   */
  static boolean sharesTheSource(ObservedGuest source) {
    return source.kind() == GuestKind.VM && !source.running();
  }

  private Map<String, String> clone(GuestRequest request, ObservedGuest from, StepContext context) {
    Guest guest = request.guest();
    PveParams params =
        PveParams.of("newid", guest.id())
            .with(guest.isLxc() ? "hostname" : "name", guest.name())
            .with("full", true)
            .with("storage", request.diskStorage());
    if (!from.node().equals(request.node().name())) {
      params.with("target", request.node().name());
    }
    if (sharesTheSource(from)) {
      // Decided on a fresh observation; a parallel clone to the same id answers "already exists".
      api.await(api.client().post(from.path() + "/clone", params), context);
    } else {
      locks.with(
          "guest:" + from.vmid(),
          () -> {
            // Another clone of this source may have run while this one queued.
            if (api.observe(guest.id()).isEmpty()) {
              api.await(api.client().post(from.path() + "/clone", params), context);
            }
            return null;
          });
    }
    api.awaitUnlocked(guest.id(), context);
    return Map.of();
  }

  static Integer source(GuestRequest request) {
    var params = request.command().params();
    if (params != null && params.path("source").canConvertToInt()) {
      return params.get("source").asInt();
    }
    var source = request.guest().source();
    return source == null ? null : source.cloneOf();
  }
}

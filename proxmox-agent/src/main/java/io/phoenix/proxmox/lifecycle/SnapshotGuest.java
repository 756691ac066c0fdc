package io.phoenix.proxmox.lifecycle;

import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.proxmox.ProxmoxProperties;
import io.phoenix.proxmox.client.PveException;
import io.phoenix.proxmox.client.PveParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * {@code snapshot/<name>}: a snapshot of that name taken by this build. The snapshot's description
 * records the build and step that took it ({@code phoenix <buildId> <stepId>}): a snapshot of the
 * same name from this build is the effect of an earlier delivery (noop); one from anything else is
 * replaced.
 */
@Component
class SnapshotGuest extends LifecycleStep {

  SnapshotGuest(GuestApi api, ProxmoxProperties properties) {
    super(api, properties);
  }

  @Override
  public Set<String> actions() {
    return actions("snapshot");
  }

  @Override
  Decision decide(GuestRequest request, Optional<ObservedGuest> observed) {
    String name = name(request);
    if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_-]{0,39}") || name.equals("current")) {
      return new Decision.Refuse(
          refuse(
              "INVALID_COMMAND",
              "snapshot name '"
                  + name
                  + "' is not valid: 1-40 letters, digits, '_' or '-', starting with a letter,"
                  + " and not 'current' (set the step detail or params.name)"));
    }
    if (observed.isEmpty()) {
      return new Decision.Refuse(notFound(request));
    }
    ObservedGuest guest = observed.get();
    // A template never gets here: LifecycleStep answers for it (noop or conflict).
    if (guest.lock() != null) {
      return new Decision.Wait(
          guest.kindName() + " " + guest.vmid() + " is locked (" + guest.lock() + ")");
    }
    Map<String, String> snapshots = api.snapshots(guest);
    String marker = marker(request);
    String existing = snapshots.get(name);
    if (existing != null && existing.strip().equals(marker)) {
      return Decision.Noop.of("snapshot " + name + " was taken by this step");
    }
    List<String> changes = new ArrayList<>();
    if (existing != null) {
      changes.add("snapshot " + name + ": replace the existing one");
    } else {
      changes.add("snapshot " + name + ": take");
    }
    return new Decision.Change(
        existing == null ? Outcome.CREATED : Outcome.UPDATED,
        changes,
        context -> {
          if (existing != null) {
            try {
              api.await(
                  api.client().delete(guest.path() + "/snapshot/" + name, PveParams.none()),
                  context);
            } catch (PveException.NotFound e) {
              context.progress("snapshot " + name + " was already gone", null);
            }
          }
          api.await(
              api.client()
                  .post(
                      guest.path() + "/snapshot",
                      PveParams.of("snapname", name).with("description", marker)),
              context);
          return Map.of();
        });
  }

  static String name(GuestRequest request) {
    String detail = request.command().detail();
    if (detail != null && !detail.isBlank()) {
      return detail;
    }
    var params = request.command().params();
    return params != null && params.path("name").isString() ? params.get("name").asString() : null;
  }

  private static String marker(GuestRequest request) {
    return "phoenix build "
        + request.buildId()
        + " step "
        + request.vmid()
        + "/snapshot/"
        + name(request);
  }
}

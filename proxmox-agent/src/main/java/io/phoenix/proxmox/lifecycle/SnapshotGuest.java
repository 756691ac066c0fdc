package io.phoenix.proxmox.lifecycle;

import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.proxmox.ProxmoxProperties;
import io.phoenix.proxmox.client.PveException;
import io.phoenix.proxmox.client.PveParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * {@code snapshot/<name>}: a snapshot of that name that records the guest's current config. A
 * snapshot of that name whose recorded config equals the guest's config is kept (noop), so a second
 * build of unchanged guests changes nothing; one whose config differs is replaced. The description
 * records the build and step that took it ({@code phoenix build <buildId> step ...}); one from this
 * build is the effect of an earlier delivery and is kept as well.
 */
@Component
class SnapshotGuest extends LifecycleStep {

  /**
   * Keys that differ between a guest's config and any snapshot's without the guest having changed:
   * the file digest, the snapshot section's own fields, and locks.
   */
  private static final Set<String> NOT_COMPARED =
      Set.of(
          "digest",
          "snaptime",
          "parent",
          "snapstate",
          "lock",
          "description",
          "vmstate",
          "runningmachine",
          "runningcpu");

  SnapshotGuest(GuestApi api, ProxmoxProperties properties) {
    super(api, properties);
  }

  @Override
  public Set<String> actions() {
    return actions("snapshot");
  }

  /** The guest's snapshots, and the config the one of this step's name recorded. */
  @Override
  Observation observe(GuestRequest request) {
    Observation seen = super.observe(request);
    ObservedGuest guest = seen.guest().orElse(null);
    String name = name(request);
    if (guest == null || guest.template() || !validName(name)) {
      return seen;
    }
    Map<String, String> snapshots = api.snapshots(guest);
    Map<String, String> recorded =
        snapshots.containsKey(name) ? api.snapshotConfig(guest, name) : Map.of();
    return seen.withSnapshots(snapshots, recorded);
  }

  /**
   * Proxmox's rule for snapshot names ({@code pve-configid}, at most 40 characters): a letter, then
   * at least one letter, digit, {@code _} or {@code -}; {@code current} is the live config's name.
   */
  static boolean validName(String name) {
    return name != null
        && name.matches("[A-Za-z][A-Za-z0-9_-]{1,39}")
        && !name.equalsIgnoreCase("current");
  }

  @Override
  Decision decide(GuestRequest request, Observation seen) {
    String name = name(request);
    if (!validName(name)) {
      return new Decision.Refuse(
          refuse(
              "INVALID_COMMAND",
              "snapshot name '"
                  + name
                  + "' is not valid: 2-40 letters, digits, '_' or '-', starting with a letter,"
                  + " and not 'current' (set the step detail or params.name)"));
    }
    if (seen.guest().isEmpty()) {
      return new Decision.Refuse(notFound(request));
    }
    ObservedGuest guest = seen.guest().get();
    // A template never gets here: LifecycleStep answers for it (noop or conflict).
    if (guest.lock() != null) {
      return new Decision.Wait(
          guest.kindName() + " " + guest.vmid() + " is locked (" + guest.lock() + ")");
    }
    String marker = marker(request);
    String existing = seen.snapshots().get(name);
    if (existing != null && existing.strip().equals(marker)) {
      return Decision.Noop.of("snapshot " + name + " was taken by this step");
    }
    List<String> changes = new ArrayList<>();
    if (existing != null) {
      List<String> differences = differences(guest.config(), seen.snapshotConfig());
      if (differences.isEmpty()) {
        return Decision.Noop.of("snapshot " + name + " already records the current config");
      }
      changes.add(
          "snapshot " + name + ": replace the existing one, its config differs in " + differences);
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

  /**
   * Keys whose value differs between the guest's config and the one a snapshot recorded, ignoring
   * the keys that belong to the snapshot section or the config file rather than to the guest.
   */
  static List<String> differences(Map<String, String> current, Map<String, String> recorded) {
    Set<String> keys = new TreeSet<>(current.keySet());
    keys.addAll(recorded.keySet());
    keys.removeAll(NOT_COMPARED);
    List<String> out = new ArrayList<>();
    for (String key : keys) {
      String now = current.get(key);
      String then = recorded.get(key);
      if (now == null || then == null || !now.strip().equals(then.strip())) {
        out.add(key);
      }
    }
    return out;
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

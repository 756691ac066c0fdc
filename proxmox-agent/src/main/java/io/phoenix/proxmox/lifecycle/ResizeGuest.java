package io.phoenix.proxmox.lifecycle;

import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.common.inventory.GuestKind;
import io.phoenix.proxmox.ProxmoxProperties;
import io.phoenix.proxmox.client.PveParams;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * {@code resize}: grows the root disk ({@code rootfs} of a container, {@code scsi0} of a VM) to
 * {@code guest.disk} GiB. Never shrinks (Proxmox cannot): a disk at or above the size is a noop.
 */
@Component
class ResizeGuest extends LifecycleStep {

  private static final long GIB = 1024L * 1024 * 1024;

  ResizeGuest(GuestApi api, ProxmoxProperties properties) {
    super(api, properties);
  }

  @Override
  public Set<String> actions() {
    return actions("resize");
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
    if (guest.lock() != null) {
      return new Decision.Wait(
          guest.kindName() + " " + guest.vmid() + " is locked (" + guest.lock() + ")");
    }
    Integer wantedGib = request.guest().disk();
    if (wantedGib == null) {
      return Decision.Noop.of("the inventory sets no disk size");
    }
    String disk = rootDisk(guest);
    String volume = guest.config().get(disk);
    if (volume == null) {
      return new Decision.Refuse(
          refuse(
              "PVE_NOT_FOUND",
              guest.kindName() + " " + guest.vmid() + " has no " + disk + " disk to resize"));
    }
    long actual = sizeBytes(volume);
    long wanted = wantedGib * GIB;
    if (actual >= wanted) {
      return Decision.Noop.of(
          disk
              + " is "
              + human(actual)
              + (actual > wanted
                  ? " (larger than the wanted " + wantedGib + "G; never shrunk)"
                  : ""));
    }
    return new Decision.Change(
        Outcome.UPDATED,
        List.of(disk + ": " + human(actual) + " -> " + wantedGib + "G"),
        context -> {
          api.await(
              api.client()
                  .put(
                      guest.path() + "/resize",
                      PveParams.of("disk", disk).with("size", wantedGib + "G")),
              context);
          return Map.of();
        });
  }

  static String rootDisk(ObservedGuest guest) {
    if (guest.kind() == GuestKind.LXC) {
      return "rootfs";
    }
    String boot = guest.config().getOrDefault("boot", "");
    int order = boot.indexOf("order=");
    if (order >= 0) {
      String first = boot.substring(order + 6).split("[;,]")[0].strip();
      if (!first.isEmpty() && guest.config().containsKey(first)) {
        return first;
      }
    }
    for (String candidate : List.of("scsi0", "virtio0", "sata0", "ide0")) {
      if (guest.config().containsKey(candidate)) {
        return candidate;
      }
    }
    return "scsi0";
  }

  /** The {@code size=} of a disk property string in bytes (0 when absent). */
  static long sizeBytes(String volume) {
    String size = ConfigDiff.properties(volume).get("size");
    if (size == null || size.isEmpty()) {
      return 0;
    }
    String s = size.toUpperCase(Locale.ROOT);
    char unit = s.charAt(s.length() - 1);
    double number =
        Double.parseDouble(Character.isDigit(unit) ? s : s.substring(0, s.length() - 1));
    long factor =
        switch (unit) {
          case 'K' -> 1024L;
          case 'M' -> 1024L * 1024;
          case 'G' -> GIB;
          case 'T' -> GIB * 1024;
          default -> 1L;
        };
    return (long) (number * factor);
  }

  private static String human(long bytes) {
    if (bytes % GIB == 0) {
      return bytes / GIB + "G";
    }
    return (bytes / (1024 * 1024)) + "M";
  }
}

package io.phoenix.proxmox.lifecycle;

import io.phoenix.common.inventory.Guest;
import java.util.LinkedHashMap;
import java.util.Map;

/** The parameters of the create calls, built from the guest's wanted config (pure). */
final class CreateParams {

  private static final int DEFAULT_DISK_GIB = 8;

  private CreateParams() {}

  static Map<String, String> lxc(GuestRequest request, boolean apiToken) {
    Guest guest = request.guest();
    Map<String, String> p = new LinkedHashMap<>();
    p.put("vmid", Integer.toString(guest.id()));
    p.put("ostemplate", guest.source().ostemplate());
    p.put(
        "rootfs",
        request.diskStorage() + ":" + (guest.disk() == null ? DEFAULT_DISK_GIB : guest.disk()));
    p.put("unprivileged", guest.unprivileged() == null || guest.unprivileged() ? "1" : "0");
    Map<String, String> config = WantedConfig.of(guest, apiToken).keys();
    config.forEach(
        (k, v) -> {
          // mount points are created by configure (a bind mount needs the guest to exist)
          if (!k.startsWith("mp")) {
            p.put(k, v);
          }
        });
    if (guest.cloudInit() != null && !guest.cloudInit().sshKeys().isEmpty()) {
      p.put("ssh-public-keys", String.join("\n", guest.cloudInit().sshKeys()));
    }
    return p;
  }

  static Map<String, String> vm(GuestRequest request, String imageStorage) {
    Guest guest = request.guest();
    String storage = request.diskStorage();
    Map<String, String> p = new LinkedHashMap<>();
    p.put("vmid", Integer.toString(guest.id()));
    p.put("ostype", "l26");
    p.put("scsihw", "virtio-scsi-pci");
    p.put(
        "scsi0", storage + ":0,import-from=" + imageStorage + ":import/" + guest.source().image());
    p.put("ide2", storage + ":cloudinit");
    p.put("boot", "order=scsi0");
    p.put("serial0", "socket");
    p.put("vga", "serial0");
    p.putAll(WantedConfig.of(guest, false).keys());
    return p;
  }
}

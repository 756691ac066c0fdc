package io.phoenix.common.inventory.phoenix;

import io.phoenix.common.inventory.CertificateSpec;
import io.phoenix.common.inventory.GuestKind;
import io.phoenix.common.inventory.MountPoint;
import io.phoenix.common.inventory.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps {@code certificate-manifest.json} onto the guests that hold each certificate. */
final class CertificateMapper {

  private static final Pattern GUEST_IN_PATH =
      Pattern.compile("/(?:lxc|vm)-persistent-data/([0-9]+)/");
  private static final Pattern GUEST_IN_COMMAND =
      Pattern.compile("(?:pct exec|qm guest exec) ([0-9]+)");
  private static final Pattern RELOAD =
      Pattern.compile(
          "(systemctl (?:reload|restart) [A-Za-z0-9@._-]+|docker restart [A-Za-z0-9._-]+)");

  private CertificateMapper() {}

  static void map(OriginalFile file, Map<Integer, GuestDraft> guests) {
    if (!file.root().isArray()) {
      file.error(
          "$", "certificate-manifest.json should be a list of certificates", "write a JSON array");
      return;
    }
    for (int i = 0; i < file.root().size(); i++) {
      String path = "$[" + i + "]";
      if (!file.root().get(i).isObject()) {
        file.error(path, "certificate entries should be objects", "write a JSON object");
        continue;
      }
      OriginalFile.Entry entry = file.entry(file.root().get(i), path, "certificate " + i);
      String commonName = entry.string("common_name");
      String certPath = entry.string("cert_path");
      String keyPath = entry.string("key_path");
      String command = entry.string("post_renewal_command");
      Integer guestId = entry.integer("guest_id");
      if (guestId == null) {
        guestId = firstGroup(GUEST_IN_PATH, certPath);
      }
      if (guestId == null) {
        guestId = firstGroup(GUEST_IN_COMMAND, command);
      }
      GuestDraft guest = guestId == null ? null : guests.get(guestId);
      if (guest == null) {
        file.warn(
            path,
            "certificate '"
                + commonName
                + "' is for "
                + (guestId == null
                    ? "no guest that can be told from guest_id, cert_path or post_renewal_command"
                    : "guest " + guestId + ", which is not in the configs")
                + "; not imported",
            "add it under the right guest's certificates");
        entry.consume("sans", "guest_type", "owner", "permissions", "include_ca", "cert_type");
        continue;
      }
      String who = "certificate '" + commonName + "' of guest " + guest.id;
      String type = entry.string("guest_type");
      if (type != null && !type.equalsIgnoreCase(guest.kind == GuestKind.VM ? "vm" : "lxc")) {
        file.warn(
            entry.at("guest_type"),
            who + ": guest_type " + type + " does not match the guest",
            "check guest_id");
      }
      List<String> sans = new ArrayList<>();
      if (commonName != null) {
        sans.add(commonName);
      }
      for (String san : entry.strings("sans")) {
        if (!sans.contains(san)) {
          sans.add(san);
        }
      }
      String name = uniqueName(guest, nameOf(commonName));
      String inGuestCert = inGuest(guest, certPath);
      String inGuestKey = inGuest(guest, keyPath);
      if ((certPath != null && inGuestCert == null) || (keyPath != null && inGuestKey == null)) {
        file.warn(
            entry.at("cert_path"),
            who
                + ": the host paths are not under a mount of the guest; the certificate goes to /etc/ssl/phoenix/"
                + name
                + ".crt|.key in the guest",
            "set certPath and keyPath to where the service reads them");
        inGuestCert = "/etc/ssl/phoenix/" + name + ".crt";
        inGuestKey = "/etc/ssl/phoenix/" + name + ".key";
      }
      String reload = null;
      if (command != null) {
        Matcher matcher = RELOAD.matcher(command);
        while (matcher.find()) {
          reload = matcher.group(1);
        }
        file.warn(
            entry.at("post_renewal_command"),
            who
                + ": post_renewal_command moved files the host pushed; Phoenix writes them in place"
                + (reload == null
                    ? " and found no reload in it"
                    : " and keeps only '" + reload + "'"),
            "check reload");
      }
      String feature = guest.features.contains(name) ? name : null;
      if (entry.string("permissions") != null) {
        file.warn(
            entry.at("permissions"),
            who + ": permissions are not imported; the key is written mode 600 and the chain 644",
            "nothing to do");
      }
      if (Boolean.TRUE.equals(entry.bool("include_ca"))) {
        file.warn(
            entry.at("include_ca"),
            who
                + ": include_ca is not imported; the installed chain holds the intermediate and trusted_ca installs the root",
            "nothing to do");
      }
      String certType = entry.string("cert_type");
      if (certType != null && !certType.equals("server")) {
        file.warn(
            entry.at("cert_type"),
            who
                + ": cert_type '"
                + certType
                + "' is not imported; the certificate is issued with the CA's default usages",
            "check that the client accepts it");
      }
      guest.certificates.add(
          new CertificateSpec(
              name,
              commonName,
              sans,
              inGuestCert,
              inGuestKey,
              entry.string("owner"),
              reload,
              null,
              feature));
      entry.warnUnmapped(Map.of());
      guest.links.putIfAbsent("certificates", path);
    }
  }

  /** {@code nginx.internal.thinkheads.ai} is called {@code nginx} within its guest. */
  static String nameOf(String commonName) {
    String label = commonName == null ? "certificate" : commonName.split("\\.")[0];
    String name = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
    return name.isEmpty() || !Character.isLetterOrDigit(name.charAt(0)) ? "cert-" + name : name;
  }

  private static String uniqueName(GuestDraft guest, String name) {
    String candidate = name;
    for (int n = 2; containsName(guest, candidate); n++) {
      candidate = name + "-" + n;
    }
    return candidate;
  }

  private static boolean containsName(GuestDraft guest, String name) {
    return guest.certificates.stream().anyMatch(c -> c.name().equals(name));
  }

  /** A host path seen from inside the guest, through its mount points or NFS volumes. */
  private static String inGuest(GuestDraft guest, String hostPath) {
    if (hostPath == null) {
      return null;
    }
    for (MountPoint mount : guest.mounts) {
      if (mount.hostPath() != null && hostPath.startsWith(mount.hostPath() + "/")) {
        return mount.containerPath() + hostPath.substring(mount.hostPath().length());
      }
    }
    for (Volume volume : guest.volumes) {
      // The old tool's NFS exports are the host's /mnt/pve/<pool>/... datasets.
      String exported = "/mnt/pve" + volume.path();
      if (volume.path() != null && hostPath.startsWith(exported + "/")) {
        return volume.mountPoint() + hostPath.substring(exported.length());
      }
    }
    return null;
  }

  private static Integer firstGroup(Pattern pattern, String text) {
    if (text == null) {
      return null;
    }
    Matcher matcher = pattern.matcher(text);
    return matcher.find() ? Integer.valueOf(matcher.group(1)) : null;
  }
}

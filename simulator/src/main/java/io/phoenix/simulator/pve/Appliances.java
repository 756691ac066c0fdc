package io.phoenix.simulator.pve;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The appliance index {@code GET /nodes/{node}/aplinfo} lists (pveam's {@code aplinfo.dat}): the
 * container templates that {@code POST /nodes/{node}/aplinfo} downloads by name. A fixed excerpt of
 * the Proxmox index; nothing is fetched.
 */
final class Appliances {

  private static final String BASE = "http://download.proxmox.com/images/system/";

  /**
   * One appliance.
   *
   * @param template the file name, which is also the name to download it by
   * @param os the distribution
   * @param version its version
   * @param headline one line of description
   */
  record Appliance(String template, String os, String version, String headline) {

    /** As {@code GET aplinfo} shows it. */
    Map<String, Object> describe() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("template", template);
      out.put("type", "lxc");
      out.put("os", os);
      out.put("section", "system");
      out.put("package", template.replaceAll("_.*$", ""));
      out.put("version", version);
      out.put("architecture", "amd64");
      out.put("headline", headline);
      out.put("description", headline + ".");
      out.put("location", BASE + template);
      out.put("source", BASE);
      out.put(
          "infopage", "https://pve.proxmox.com/wiki/Linux_Container#pct_supported_distributions");
      out.put("maintainer", "Proxmox Support Team <support@proxmox.com>");
      out.put("sha512sum", Integer.toHexString(template.hashCode()).repeat(16));
      return out;
    }
  }

  static final List<Appliance> ALL =
      List.of(
          new Appliance(
              "ubuntu-24.04-standard_24.04-2_amd64.tar.zst",
              "ubuntu-24.04",
              "24.04-2",
              "Ubuntu 24.04 Noble (standard)"),
          new Appliance(
              "ubuntu-22.04-standard_22.04-1_amd64.tar.zst",
              "ubuntu-22.04",
              "22.04-1",
              "Ubuntu 22.04 Jammy (standard)"),
          new Appliance(
              "debian-12-standard_12.7-1_amd64.tar.zst",
              "debian-12",
              "12.7-1",
              "Debian 12 Bookworm (standard)"),
          new Appliance(
              "alpine-3.20-default_20240908_amd64.tar.xz",
              "alpine-3.20",
              "3.20-default",
              "Alpine Linux 3.20 (default)"));

  private Appliances() {}

  static Optional<Appliance> named(String template) {
    return ALL.stream().filter(a -> a.template().equals(template)).findFirst();
  }
}

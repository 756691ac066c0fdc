package io.phoenix.orchestrator.planning;

import io.phoenix.common.contract.Agent;
import io.phoenix.common.inventory.GuestKind;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long each kind of step usually takes, for estimates and the critical path.
 *
 * <p>Keys are {@code <agent>.<action>[.<kind>][.<detail>]}, e.g. {@code proxmox.clone.vm} or {@code
 * service.feature.docker}; a step takes the most specific key that exists, in the order {@code
 * agent.action.kind.detail}, {@code agent.action.detail}, {@code agent.action.kind}, {@code
 * agent.action}, then {@code default}. The default figures and where they come from are in {@code
 * docs/planning.md}.
 */
public final class LatencyProfile {

  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h)");

  private final Map<String, Long> millis;
  private final Map<Key, Long> cache = new ConcurrentHashMap<>();

  /** What an estimate depends on; a record so lookups hash without building strings. */
  private record Key(Agent agent, String action, GuestKind kind, String detail) {}

  private LatencyProfile(Map<String, Long> millis) {
    this.millis = Map.copyOf(millis);
  }

  /**
   * Typical Proxmox VE 8 timings on local NVMe/ZFS storage for a small Ubuntu 24.04 guest; see
   * docs/planning.md for the origin of each figure.
   */
  public static LatencyProfile defaults() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("default", 10_000L);
    // Proxmox lifecycle
    m.put("proxmox.create.lxc", 30_000L); // pct create: unpack a ~140 MB zst ostemplate
    m.put("proxmox.create.vm", 90_000L); // qm create + import-from of a ~600 MB cloud image
    m.put("proxmox.clone.lxc", 20_000L); // full clone of a 16 GiB rootfs on ZFS
    m.put("proxmox.clone.vm", 45_000L); // full clone of a cloud-image disk
    m.put("proxmox.configure", 2_000L); // one PUT .../config
    m.put("proxmox.resize", 3_000L); // grow a ZFS/LVM volume and the filesystem
    m.put("proxmox.start.lxc", 5_000L);
    m.put("proxmox.start.vm", 60_000L); // boot + cloud-init + first guest-agent answer
    m.put("proxmox.stop", 10_000L);
    m.put("proxmox.snapshot", 3_000L);
    m.put("proxmox.template.lxc", 5_000L);
    m.put("proxmox.template.vm", 10_000L);
    m.put("proxmox.destroy", 10_000L);
    // Features inside guests (apt over a typical home-lab uplink)
    m.put("service.feature", 60_000L);
    m.put("service.feature.base_setup", 90_000L); // apt update + upgrade + basics
    m.put("service.feature.trusted_ca", 5_000L);
    m.put("service.feature.step_cli", 20_000L);
    m.put("service.feature.step_ca", 60_000L);
    m.put("service.feature.nginx", 45_000L);
    m.put("service.feature.traefik", 30_000L);
    m.put("service.feature.docker", 120_000L);
    m.put("service.feature.portainer", 60_000L); // image pull + first start
    m.put("service.feature.portainer_agent", 40_000L);
    m.put("service.csr", 2_000L);
    m.put("service.cert", 2_000L);
    m.put("service.portainer", 5_000L);
    m.put("service.stack", 60_000L); // image pull + start
    m.put("service.health", 10_000L);
    // PKI
    m.put("pki.provisioner", 1_000L);
    m.put("pki.pin-root", 2_000L);
    m.put("pki.sign", 1_000L);
    return new LatencyProfile(m);
  }

  /** The defaults with {@code overrides} (key to a duration like {@code 90s} or milliseconds). */
  public LatencyProfile with(Map<String, String> overrides) {
    Map<String, Long> merged = new LinkedHashMap<>(millis);
    for (Map.Entry<String, String> entry : overrides.entrySet()) {
      merged.put(entry.getKey(), parse(entry.getKey(), entry.getValue()));
    }
    return new LatencyProfile(merged);
  }

  /** The figures, key to milliseconds. */
  public Map<String, Long> asMap() {
    return millis;
  }

  /** The estimate for one step, in milliseconds. */
  public long estimate(Agent agent, String action, GuestKind kind, String detail) {
    Key cacheKey = new Key(agent, action, kind, detail);
    Long cached = cache.get(cacheKey);
    if (cached != null) {
      return cached;
    }
    String base = agent.id() + "." + action;
    String kindName = kind == null ? null : kind.name().toLowerCase(Locale.ROOT);
    Long found = null;
    if (kindName != null && detail != null) {
      found = millis.get(base + "." + kindName + "." + detail);
    }
    if (found == null && detail != null) {
      found = millis.get(base + "." + detail);
    }
    if (found == null && kindName != null) {
      found = millis.get(base + "." + kindName);
    }
    if (found == null) {
      found = millis.get(base);
    }
    if (found == null) {
      found = millis.getOrDefault("default", 10_000L);
    }
    cache.put(cacheKey, found);
    return found;
  }

  /** {@code 1500}, {@code 90s}, {@code 1m30s}, {@code 250ms} in milliseconds. */
  static long parse(String key, String value) {
    String text = value == null ? "" : value.trim();
    if (text.matches("[0-9]+")) {
      return Long.parseLong(text);
    }
    Matcher matcher = PART.matcher(text);
    long total = 0;
    int end = 0;
    while (matcher.find() && matcher.start() == end) {
      long amount = Long.parseLong(matcher.group(1));
      total +=
          switch (matcher.group(2)) {
            case "ms" -> amount;
            case "s" -> amount * 1_000;
            case "m" -> amount * 60_000;
            default -> amount * 3_600_000;
          };
      end = matcher.end();
    }
    if (end == 0 || end != text.length()) {
      throw new IllegalArgumentException(
          "latency '"
              + key
              + "': '"
              + value
              + "' is not a duration; write it like 90s, 1m30s or 500ms");
    }
    return total;
  }
}

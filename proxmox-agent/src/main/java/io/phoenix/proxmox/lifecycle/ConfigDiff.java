package io.phoenix.proxmox.lifecycle;

import io.phoenix.proxmox.client.PveParams;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Compares wanted config keys with what Proxmox reports (pure). Property strings ({@code net0},
 * {@code startup}) match when every wanted property is there with that value, because Proxmox adds
 * its own ({@code hwaddr}, {@code type=veth}); {@code features} must match exactly; {@code sshkeys}
 * compares the decoded keys.
 */
final class ConfigDiff {

  private static final Set<String> PROPERTY_STRINGS = Set.of("startup", "ipconfig");

  private ConfigDiff() {}

  /**
   * One key that differs.
   *
   * @param key the config key
   * @param actual the value now, or null
   * @param wanted the value wanted
   */
  record Change(String key, String actual, String wanted) {
    @Override
    public String toString() {
      String shownActual = "sshkeys".equals(key) ? keyCount(actual) : actual;
      String shownWanted = "sshkeys".equals(key) ? keyCount(wanted) : wanted;
      return key + ": " + (shownActual == null ? "(unset)" : shownActual) + " -> " + shownWanted;
    }

    private static String keyCount(String encoded) {
      return encoded == null ? null : PveParams.decodeSshKeys(encoded).size() + " key(s)";
    }
  }

  static List<Change> diff(Map<String, String> wanted, Map<String, String> actual) {
    List<Change> changes = new ArrayList<>();
    wanted.forEach(
        (key, value) -> {
          String now = actual.get(key);
          if (!matches(key, value, now)) {
            changes.add(new Change(key, now, value));
          }
        });
    return changes;
  }

  static boolean matches(String key, String wanted, String actual) {
    if (actual == null) {
      return false;
    }
    if (key.equals("sshkeys")) {
      return new HashSet<>(PveParams.decodeSshKeys(wanted))
          .equals(new HashSet<>(PveParams.decodeSshKeys(actual)));
    }
    if (key.equals("features")) {
      return properties(wanted).equals(properties(actual));
    }
    if (key.startsWith("net") || key.startsWith("mp") || isPropertyString(key)) {
      Map<String, String> have = properties(actual);
      for (Map.Entry<String, String> w : properties(wanted).entrySet()) {
        String h = have.get(w.getKey());
        boolean bare = w.getValue().isEmpty();
        if (h == null || (!bare && !h.equalsIgnoreCase(w.getValue()))) {
          return false;
        }
      }
      return true;
    }
    return wanted.strip().equals(actual.strip());
  }

  private static boolean isPropertyString(String key) {
    return PROPERTY_STRINGS.stream().anyMatch(key::startsWith);
  }

  /** {@code a=1,b=2} as a map; a bare item ({@code virtio}) maps to an empty value. */
  static Map<String, String> properties(String value) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : value.split(",")) {
      String p = part.strip();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      if (eq < 0) {
        out.put(p.toLowerCase(Locale.ROOT), "");
      } else {
        out.put(p.substring(0, eq).strip().toLowerCase(Locale.ROOT), p.substring(eq + 1).strip());
      }
    }
    return out;
  }
}

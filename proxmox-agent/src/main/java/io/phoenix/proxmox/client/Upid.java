package io.phoenix.proxmox.client;

/**
 * A task id, {@code UPID:<node>:<pid>:<pstart>:<starttime>:<type>:<id>:<user>:}.
 *
 * @param value the whole UPID
 * @param node the node that runs the task
 * @param type e.g. {@code vzclone}
 * @param id the vmid the call was made on (for a clone, the source), may be empty
 */
public record Upid(String value, String node, String type, String id) {

  /** Parses {@code value}; fails with a message naming the text when it is not a UPID. */
  public static Upid parse(String value) {
    String[] parts = value == null ? new String[0] : value.split(":", -1);
    if (parts.length < 8 || !"UPID".equals(parts[0]) || parts[1].isEmpty()) {
      throw new IllegalArgumentException("not a Proxmox task id (UPID): '" + value + "'");
    }
    return new Upid(value, parts[1], parts[5], parts[6]);
  }

  /** Whether {@code value} looks like a UPID. */
  public static boolean isUpid(String value) {
    return value != null && value.startsWith("UPID:");
  }
}

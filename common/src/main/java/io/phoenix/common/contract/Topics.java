package io.phoenix.common.contract;

/**
 * The topic names of one Phoenix installation, all derived from a prefix (default {@code phoenix}).
 *
 * @param prefix the common prefix, e.g. {@code phoenix}
 * @param commandPartitions partitions of each command topic: the largest agent group that can share
 *     the work
 * @param eventPartitions partitions of the events and requests topics
 */
public record Topics(String prefix, int commandPartitions, int eventPartitions) {

  public static final String DEFAULT_PREFIX = "phoenix";
  public static final int DEFAULT_COMMAND_PARTITIONS = 12;
  public static final int DEFAULT_EVENT_PARTITIONS = 6;

  public Topics {
    if (prefix == null || !prefix.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "topic prefix '" + prefix + "' must be letters, digits, '.', '_' or '-'");
    }
    if (commandPartitions < 1 || eventPartitions < 1) {
      throw new IllegalArgumentException("partition counts must be at least 1");
    }
  }

  /** The defaults of DESIGN.md. */
  public static Topics defaults() {
    return new Topics(DEFAULT_PREFIX, DEFAULT_COMMAND_PARTITIONS, DEFAULT_EVENT_PARTITIONS);
  }

  public String buildRequests() {
    return prefix + ".build.requests";
  }

  public String events() {
    return prefix + ".events";
  }

  /** The command topic of {@code agent}, e.g. {@code phoenix.commands.proxmox}. */
  public String commands(Agent agent) {
    return prefix + ".commands." + agent.id();
  }

  /** The dead-letter topic of {@code topic}. */
  public static String deadLetter(String topic) {
    return topic + "-dlt";
  }
}

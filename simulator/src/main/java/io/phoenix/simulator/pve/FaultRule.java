package io.phoenix.simulator.pve;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A fault to inject into matching API calls. A call matches when its operation matches {@code
 * operation} (exact, or a prefix ending in {@code *}, e.g. {@code qemu.*} or {@code *}) and, when
 * {@code vmid} is set, the call names that guest (path vmid, or the {@code vmid}/{@code newid}
 * parameter). Then, while {@code count} lasts (null = for ever) and with {@code probability} (null
 * = always), one effect applies, checked in this order:
 *
 * <ul>
 *   <li>{@code timeoutAfterMs}: the client gets {@code 596 Connection timed out} after that delay;
 *       the operation runs anyway only when {@code proceed} is true (as behind a real proxy hop);
 *   <li>{@code status} and {@code message}: an HTTP error instead of the operation;
 *   <li>{@code taskError}: the operation starts but its task fails with this text;
 *   <li>{@code taskWarnings}: the operation runs and its task ends {@code WARNINGS: n};
 *   <li>{@code resetConnection}: the operation runs (unless {@code proceed} is false) and its
 *       answer is cut off halfway by a TCP reset, so the client sees {@code Connection reset};
 *   <li>{@code plantLock}: before the operation runs, the guest ({@code vmid}, else the call's
 *       vmid) gets this {@code lock} and keeps it, like the lock a crashed backup or migration
 *       leaves behind, until {@code DELETE /_sim/guests/{vmid}/lock} removes it ({@code pct
 *       unlock}); the operation then meets it as Proxmox would;
 *   <li>{@code latencyMs}: extra latency only (can be combined with the others).
 * </ul>
 *
 * @param id assigned by the simulator
 * @param operation operation name, e.g. {@code lxc.clone}, {@code qemu.start}, {@code agent.ping}
 * @param vmid guest the rule is limited to, or null
 * @param probability chance per matching call, 0..1, or null for always
 * @param count how many matching calls it hits, or null for every one
 * @param status HTTP status to answer with, or null
 * @param message error text for {@code status}
 * @param taskError text the operation's task fails with, or null
 * @param latencyMs extra latency in milliseconds, or null
 * @param timeoutAfterMs answer 596 after this many milliseconds, or null
 * @param proceed with {@code timeoutAfterMs}: whether the operation still runs
 * @param taskWarnings how many warnings the operation's task logs, or null
 * @param resetConnection whether the answer is cut off by a connection reset
 * @param plantLock the lock to leave on the guest ({@code backup}, {@code migrate}...), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FaultRule(
    String id,
    String operation,
    Integer vmid,
    Double probability,
    Integer count,
    Integer status,
    String message,
    String taskError,
    Long latencyMs,
    Long timeoutAfterMs,
    Boolean proceed,
    Integer taskWarnings,
    Boolean resetConnection,
    String plantLock) {

  /** A rule with the effects that existed before connection resets and stale locks. */
  public FaultRule(
      String id,
      String operation,
      Integer vmid,
      Double probability,
      Integer count,
      Integer status,
      String message,
      String taskError,
      Long latencyMs,
      Long timeoutAfterMs,
      Boolean proceed,
      Integer taskWarnings) {
    this(
        id,
        operation,
        vmid,
        probability,
        count,
        status,
        message,
        taskError,
        latencyMs,
        timeoutAfterMs,
        proceed,
        taskWarnings,
        null,
        null);
  }

  /** A rule without task warnings (the form before {@code taskWarnings} existed). */
  public FaultRule(
      String id,
      String operation,
      Integer vmid,
      Double probability,
      Integer count,
      Integer status,
      String message,
      String taskError,
      Long latencyMs,
      Long timeoutAfterMs,
      Boolean proceed) {
    this(
        id,
        operation,
        vmid,
        probability,
        count,
        status,
        message,
        taskError,
        latencyMs,
        timeoutAfterMs,
        proceed,
        (Integer) null);
  }

  /**
   * A rule that makes the task of the next {@code count} matching calls log {@code warnings}
   * warnings, so it ends {@code WARNINGS: n} (which Proxmox clients must treat as success).
   */
  public static FaultRule taskWarnings(String operation, Integer vmid, int count, int warnings) {
    return new FaultRule(
        null, operation, vmid, null, count, null, null, null, null, null, null, warnings);
  }

  /**
   * A rule that cuts the answer to the next {@code count} matching calls off by a connection reset;
   * with {@code proceed} the operation runs first (its effect exists, the client cannot know).
   */
  public static FaultRule connectionReset(
      String operation, Integer vmid, int count, boolean proceed) {
    return new FaultRule(
        null, operation, vmid, null, count, null, null, null, null, null, proceed, null, true,
        null);
  }

  /**
   * A rule that leaves {@code lock} on the guest when the next {@code count} matching calls arrive,
   * as a crashed task would; it stays until removed through the control API.
   */
  public static FaultRule staleLock(String operation, Integer vmid, int count, String lock) {
    return new FaultRule(
        null, operation, vmid, null, count, null, null, null, null, null, null, null, null, lock);
  }

  /** A rule that answers {@code status message} to the next {@code count} matching calls. */
  public static FaultRule httpError(
      String operation, Integer vmid, int count, int status, String message) {
    return new FaultRule(
        null, operation, vmid, null, count, status, message, null, null, null, null);
  }

  /** A rule that makes the task of the next {@code count} matching calls fail with {@code text}. */
  public static FaultRule taskFailure(String operation, Integer vmid, int count, String text) {
    return new FaultRule(null, operation, vmid, null, count, null, null, text, null, null, null);
  }

  /** The rule with an id. */
  FaultRule withId(String newId) {
    return new FaultRule(
        newId,
        operation,
        vmid,
        probability,
        count,
        status,
        message,
        taskError,
        latencyMs,
        timeoutAfterMs,
        proceed,
        taskWarnings,
        resetConnection,
        plantLock);
  }

  /** The rule with {@code count} lowered by one. */
  FaultRule used() {
    return new FaultRule(
        id,
        operation,
        vmid,
        probability,
        count == null ? null : count - 1,
        status,
        message,
        taskError,
        latencyMs,
        timeoutAfterMs,
        proceed,
        taskWarnings,
        resetConnection,
        plantLock);
  }

  boolean matches(String op, java.util.Set<Integer> vmids) {
    boolean opMatches =
        operation == null
            || operation.equals(op)
            || (operation.endsWith("*")
                && op.startsWith(operation.substring(0, operation.length() - 1)));
    return opMatches && (vmid == null || vmids.contains(vmid)) && (count == null || count > 0);
  }
}

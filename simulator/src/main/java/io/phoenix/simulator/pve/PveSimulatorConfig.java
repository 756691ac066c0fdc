package io.phoenix.simulator.pve;

import io.phoenix.simulator.world.WorldConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Settings of a {@link PveSimulator}.
 *
 * @param bindAddress address to listen on
 * @param port port to listen on, 0 for any free port
 * @param world the nodes and storages
 * @param taskDurations how long each task type runs at speed factor 1 (e.g. {@code vzclone}); types
 *     not listed take {@link #DEFAULT_TASK_DURATION}; {@code agent-start} is how long a VM runs
 *     before its guest agent answers, {@code agent-exec} how long a guest command runs
 * @param speedFactor multiplies every task duration (0.01 makes a 30 s clone take 300 ms)
 * @param authFailureDelay how long a 401 waits before it is sent (Proxmox: about 3 s)
 * @param lockTimeout how long a config change waits for a held config file lock before it fails
 *     "got timeout" (Proxmox: 10 s)
 * @param keepAliveIdle how long an idle keep-alive connection stays open (Proxmox: 5 s)
 * @param tokenId the API token id, {@code user@realm!tokenid}
 * @param tokenSecret the token secret, or null for a random one
 * @param password the password of {@code root@pam} for ticket auth, or null for a random one
 * @param faults fault rules active from the start
 */
public record PveSimulatorConfig(
    String bindAddress,
    int port,
    WorldConfig world,
    Map<String, Duration> taskDurations,
    double speedFactor,
    Duration authFailureDelay,
    Duration lockTimeout,
    Duration keepAliveIdle,
    String tokenId,
    String tokenSecret,
    String password,
    List<FaultRule> faults) {

  /** The duration of a task type the profile does not list. */
  public static final Duration DEFAULT_TASK_DURATION = Duration.ofSeconds(2);

  public PveSimulatorConfig {
    if (speedFactor <= 0) {
      throw new IllegalArgumentException("speedFactor must be > 0, got " + speedFactor);
    }
    if (!tokenId.matches("[^@!\\s]+@[^@!\\s]+![A-Za-z][A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException(
          "tokenId must look like user@realm!tokenid, got '" + tokenId + "'");
    }
    taskDurations = Map.copyOf(taskDurations);
    faults = List.copyOf(faults);
  }

  /** Real-world timings on 127.0.0.1, port 8006 is not assumed: a free port is picked. */
  public static PveSimulatorConfig defaults() {
    return new PveSimulatorConfig(
        "127.0.0.1",
        0,
        WorldConfig.defaults(),
        realisticDurations(),
        1.0,
        Duration.ofSeconds(3),
        Duration.ofSeconds(10),
        Duration.ofSeconds(5),
        "root@pam!phoenix",
        null,
        null,
        List.of());
  }

  /** Task durations measured on a small real host (seconds at speed factor 1). */
  public static Map<String, Duration> realisticDurations() {
    Map<String, Duration> d = new TreeMap<>();
    d.put("vzcreate", Duration.ofSeconds(25));
    d.put("vzclone", Duration.ofSeconds(30));
    d.put("vzstart", Duration.ofSeconds(3));
    d.put("vzstop", Duration.ofSeconds(2));
    d.put("vzshutdown", Duration.ofSeconds(5));
    d.put("vzdestroy", Duration.ofSeconds(3));
    d.put("vzsnapshot", Duration.ofSeconds(2));
    d.put("vzdelsnapshot", Duration.ofSeconds(2));
    d.put("vzrollback", Duration.ofSeconds(3));
    d.put("qmcreate", Duration.ofSeconds(20));
    d.put("qmclone", Duration.ofSeconds(45));
    d.put("qmstart", Duration.ofSeconds(3));
    d.put("qmstop", Duration.ofSeconds(2));
    d.put("qmshutdown", Duration.ofSeconds(8));
    d.put("qmdestroy", Duration.ofSeconds(3));
    d.put("qmsnapshot", Duration.ofSeconds(3));
    d.put("qmdelsnapshot", Duration.ofSeconds(2));
    d.put("qmrollback", Duration.ofSeconds(3));
    d.put("qmtemplate", Duration.ofSeconds(3));
    d.put("qmconfig", Duration.ofMillis(500));
    d.put("resize", Duration.ofSeconds(2));
    d.put("download", Duration.ofSeconds(40));
    d.put("agent-start", Duration.ofSeconds(25));
    d.put("agent-exec", Duration.ofMillis(500));
    return d;
  }

  /** The same settings on another port. */
  public PveSimulatorConfig withPort(int newPort) {
    return new PveSimulatorConfig(
        bindAddress,
        newPort,
        world,
        taskDurations,
        speedFactor,
        authFailureDelay,
        lockTimeout,
        keepAliveIdle,
        tokenId,
        tokenSecret,
        password,
        faults);
  }

  /** The same settings with another speed factor. */
  public PveSimulatorConfig withSpeedFactor(double factor) {
    return new PveSimulatorConfig(
        bindAddress,
        port,
        world,
        taskDurations,
        factor,
        authFailureDelay,
        lockTimeout,
        keepAliveIdle,
        tokenId,
        tokenSecret,
        password,
        faults);
  }

  /** The same settings with other task durations (merged over the current ones). */
  public PveSimulatorConfig withTaskDurations(Map<String, Duration> overrides) {
    Map<String, Duration> merged = new TreeMap<>(taskDurations);
    merged.putAll(overrides);
    return new PveSimulatorConfig(
        bindAddress,
        port,
        world,
        merged,
        speedFactor,
        authFailureDelay,
        lockTimeout,
        keepAliveIdle,
        tokenId,
        tokenSecret,
        password,
        faults);
  }

  /** The same settings with other delays for 401s and config file lock waits. */
  public PveSimulatorConfig withDelays(Duration authFailure, Duration lockWait) {
    return new PveSimulatorConfig(
        bindAddress,
        port,
        world,
        taskDurations,
        speedFactor,
        authFailure,
        lockWait,
        keepAliveIdle,
        tokenId,
        tokenSecret,
        password,
        faults);
  }

  /** The same settings with another world. */
  public PveSimulatorConfig withWorld(WorldConfig newWorld) {
    return new PveSimulatorConfig(
        bindAddress,
        port,
        newWorld,
        taskDurations,
        speedFactor,
        authFailureDelay,
        lockTimeout,
        keepAliveIdle,
        tokenId,
        tokenSecret,
        password,
        faults);
  }

  /** The same settings with fault rules active from the start. */
  public PveSimulatorConfig withFaults(List<FaultRule> rules) {
    return new PveSimulatorConfig(
        bindAddress,
        port,
        world,
        taskDurations,
        speedFactor,
        authFailureDelay,
        lockTimeout,
        keepAliveIdle,
        tokenId,
        tokenSecret,
        password,
        rules);
  }
}

package io.phoenix.simulator.lab;

import io.phoenix.simulator.world.ExecResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Debian's {@code lxc-*} tools on the lab's own LXC path: every call names it ({@code -P}), so the
 * lab never lists or touches a container of this machine that is not its own. Container names carry
 * {@link #PREFIX}.
 */
final class Lxc {

  /** What every lab container's name starts with. */
  static final String PREFIX = "phoenix-lab-";

  /** A clean environment for commands in a container: what a login shell of root would have. */
  private static final List<String> ENVIRONMENT =
      List.of(
          "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
          "HOME=/root",
          "LANG=C.UTF-8",
          "TERM=dumb");

  private static final Duration QUICK = Duration.ofSeconds(30);

  private final Path lxcPath;

  Lxc(Path lxcPath) {
    this.lxcPath = lxcPath;
  }

  /** The LXC path (one directory per container). */
  Path path() {
    return lxcPath;
  }

  /** The name of guest {@code vmid}'s container. */
  static String name(int vmid) {
    return PREFIX + vmid;
  }

  /** The container's directory: its {@code config}, {@code rootfs} and snapshots. */
  Path dir(int vmid) {
    return lxcPath.resolve(name(vmid));
  }

  /** Starts it in the background and waits until it runs; throws with LXC's own log lines. */
  void start(int vmid) {
    Path log = dir(vmid).resolve("lxc.log");
    ExecResult started =
        HostCommand.run(
            List.of(
                "lxc-start",
                "-n",
                name(vmid),
                "-P",
                lxcPath.toString(),
                "-d",
                "-o",
                log.toString(),
                "-l",
                "ERROR"),
            null,
            QUICK);
    if (started.exitCode() != 0 || !waitFor(vmid, "RUNNING", QUICK)) {
      throw new LabException(
          "lxc-start of "
              + name(vmid)
              + " failed: "
              + HostCommand.lastLines(readLog(log) + started.stderrText(), 5));
    }
  }

  /**
   * Stops it: {@code hard} kills it at once; otherwise its init is asked to shut down and killed
   * after {@code timeout}.
   */
  void stop(int vmid, boolean hard, Duration timeout) {
    List<String> argv =
        new ArrayList<>(List.of("lxc-stop", "-n", name(vmid), "-P", lxcPath.toString()));
    if (hard) {
      argv.add("-k");
    } else {
      argv.add("-t");
      argv.add(Long.toString(Math.max(1, timeout.toSeconds())));
    }
    ExecResult stopped = HostCommand.run(argv, null, timeout.plus(QUICK));
    if (stopped.exitCode() != 0 && running(vmid)) {
      throw new LabException(
          "lxc-stop of " + name(vmid) + " failed: " + stopped.stderrText().strip());
    }
  }

  /** Whether the container runs, as LXC sees it. */
  boolean running(int vmid) {
    if (!Files.exists(dir(vmid).resolve("config"))) {
      return false;
    }
    ExecResult info =
        HostCommand.run(
            List.of("lxc-info", "-n", name(vmid), "-P", lxcPath.toString(), "-s", "-H"),
            null,
            QUICK);
    return info.exitCode() == 0 && info.stdoutText().strip().equals("RUNNING");
  }

  /** Freezes ({@code true}) or thaws its processes, so a copy of its rootfs is consistent. */
  void freeze(int vmid, boolean frozen) {
    HostCommand.check(
        List.of(frozen ? "lxc-freeze" : "lxc-unfreeze", "-n", name(vmid), "-P", lxcPath.toString()),
        null,
        QUICK);
  }

  /** Runs {@code argv} in the running container (its namespaces, its root) with {@code stdin}. */
  ExecResult attach(int vmid, List<String> argv, byte[] stdin, Duration limit) {
    List<String> command =
        new ArrayList<>(
            List.of("lxc-attach", "-n", name(vmid), "-P", lxcPath.toString(), "--clear-env"));
    for (String variable : ENVIRONMENT) {
      command.add("--set-var");
      command.add(variable);
    }
    command.add("--");
    command.addAll(argv);
    return HostCommand.run(command, stdin, limit);
  }

  /** Every lab container under the LXC path, by guest id. */
  List<Integer> containers() {
    if (!Files.isDirectory(lxcPath)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(lxcPath)) {
      return dirs.map(d -> d.getFileName().toString())
          .filter(n -> n.startsWith(PREFIX) && n.substring(PREFIX.length()).matches("\\d+"))
          .map(n -> Integer.parseInt(n.substring(PREFIX.length())))
          .sorted()
          .toList();
    } catch (java.io.IOException e) {
      throw new LabException("cannot list the lab's containers in " + lxcPath + ": " + e, e);
    }
  }

  private boolean waitFor(int vmid, String state, Duration limit) {
    return HostCommand.run(
                List.of(
                    "lxc-wait",
                    "-n",
                    name(vmid),
                    "-P",
                    lxcPath.toString(),
                    "-s",
                    state,
                    "-t",
                    Long.toString(limit.toSeconds())),
                null,
                limit.plus(QUICK))
            .exitCode()
        == 0;
  }

  private static String readLog(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (java.io.IOException e) {
      return "";
    }
  }
}

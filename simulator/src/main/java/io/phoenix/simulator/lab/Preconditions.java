package io.phoenix.simulator.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the lab needs from this machine before it touches anything: Linux, root, Debian's {@code
 * lxc} tools, {@code debootstrap}, {@code nft} and {@code ip}. {@link #problem()} names everything
 * missing in one line, with the command that installs it.
 */
public final class Preconditions {

  /** The programs the lab runs, each with the Debian package that has it. */
  private static final List<String[]> PROGRAMS =
      List.of(
          new String[] {"lxc-start", "lxc"},
          new String[] {"lxc-attach", "lxc"},
          new String[] {"lxc-stop", "lxc"},
          new String[] {"lxc-info", "lxc"},
          new String[] {"lxc-wait", "lxc"},
          new String[] {"lxc-freeze", "lxc"},
          new String[] {"debootstrap", "debootstrap"},
          new String[] {"nft", "nftables"},
          new String[] {"ip", "iproute2"});

  private static final List<String> SYSTEM_DIRS =
      List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

  private Preconditions() {}

  /** Empty when the lab can run here; otherwise one line naming what is missing. */
  public static Optional<String> problem() {
    if (!Files.isDirectory(Path.of("/proc/self"))) {
      return Optional.of("the lab needs Linux (LXC containers): this machine is not Linux");
    }
    List<String> missing = new ArrayList<>();
    Set<String> packages = new LinkedHashSet<>();
    for (String[] program : PROGRAMS) {
      if (find(program[0]).isEmpty()) {
        missing.add(program[0]);
        packages.add(program[1]);
      }
    }
    return describe(isRoot(), missing, List.copyOf(packages));
  }

  /**
   * The one line for a machine that lacks root ({@code !root}) or {@code missing} programs (from
   * {@code packages}); empty when it lacks nothing.
   */
  static Optional<String> describe(boolean root, List<String> missing, List<String> packages) {
    if (root && missing.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder line = new StringBuilder("the lab needs ");
    if (!root) {
      line.append("root (run it as root or with sudo)");
    }
    if (!missing.isEmpty()) {
      line.append(root ? "" : " and ")
          .append(String.join(", ", missing))
          .append(" (apt-get install ")
          .append(String.join(" ", packages))
          .append(')');
    }
    return Optional.of(line.toString());
  }

  /** Where {@code program} is, on PATH or in the usual system directories. */
  static Optional<Path> find(String program) {
    Set<String> dirs = new LinkedHashSet<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(":")));
    }
    dirs.addAll(SYSTEM_DIRS);
    for (String dir : dirs) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Whether this process runs as root (effective uid 0, from {@code /proc/self/status}). */
  static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          String[] ids = line.substring(4).trim().split("\\s+");
          return ids.length > 1 && ids[1].equals("0");
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }
}

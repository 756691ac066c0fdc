package io.phoenix.simulator.effects;

import io.phoenix.simulator.world.ExecResult;
import io.phoenix.simulator.world.Guest;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;

/**
 * The coreutils commands the service agent's channels use to move files: {@code install -D -m MODE
 * /dev/stdin PATH}, {@code cat [--] PATH}, {@code mkdir}, {@code chmod}, {@code chown}, {@code rm}
 * and the chunk concatenation of the guest agent channel.
 */
final class FileCommands {

  /** The guest agent channel's chunk concatenation (see GuestAgentExec.CONCAT_SCRIPT). */
  static final String CONCAT = "out=$1; shift; cat -- \"$@\" > \"$out\" && rm -f -- \"$@\"";

  private FileCommands() {}

  static Optional<ExecResult> run(Guest guest, List<String> argv, byte[] stdin) {
    String program = argv.get(0);
    return switch (program) {
      case "install" -> install(guest, argv, stdin);
      case "cat" -> Optional.of(cat(guest, argv));
      case "mkdir", "chmod", "chown", "true" -> Optional.of(ExecResult.ok());
      case "rm" -> {
        argv.stream().skip(1).filter(a -> a.startsWith("/")).forEach(p -> guest.files().delete(p));
        yield Optional.of(ExecResult.ok());
      }
      case "sh" -> concat(guest, argv);
      default -> Optional.empty();
    };
  }

  private static Optional<ExecResult> install(Guest guest, List<String> argv, byte[] stdin) {
    if (!argv.contains("/dev/stdin")) {
      return Optional.empty();
    }
    String target = argv.get(argv.size() - 1);
    guest.files().write(target, stdin);
    return Optional.of(ExecResult.ok());
  }

  private static ExecResult cat(Guest guest, List<String> argv) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String path : argv.subList(1, argv.size())) {
      if (path.equals("--")) {
        continue;
      }
      Optional<byte[]> content = guest.files().read(path);
      if (content.isEmpty()) {
        return ExecResult.failed(1, "cat: " + path + ": No such file or directory\n");
      }
      out.writeBytes(content.get());
    }
    return new ExecResult(0, out.toByteArray(), new byte[0]);
  }

  private static Optional<ExecResult> concat(Guest guest, List<String> argv) {
    if (argv.size() < 5 || !argv.get(1).equals("-c") || !argv.get(2).equals(CONCAT)) {
      return Optional.empty();
    }
    String target = argv.get(4);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String part : argv.subList(5, argv.size())) {
      Optional<byte[]> content = guest.files().read(part);
      if (content.isEmpty()) {
        return Optional.of(ExecResult.failed(1, "cat: " + part + ": No such file or directory\n"));
      }
      out.writeBytes(content.get());
    }
    guest.files().write(target, out.toByteArray());
    argv.subList(5, argv.size()).forEach(p -> guest.files().delete(p));
    return Optional.of(ExecResult.ok());
  }
}

package io.phoenix.simulator.ssh;

import io.phoenix.simulator.world.ExecResult;
import io.phoenix.simulator.world.Guest;
import io.phoenix.simulator.world.GuestKind;
import io.phoenix.simulator.world.World;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * One command sent to the simulated node over SSH: {@code pct exec <vmid> -- argv...} runs argv in
 * the container through the world (recorded in its exec log, effects applied), {@code pct push
 * <vmid> /dev/stdin <path>} writes standard input into the container. Errors are pct's own texts.
 */
final class PctCommand implements Command {

  private final World world;
  private final String node;
  private final String line;
  private final ExecutorService executor;
  private InputStream in;
  private OutputStream out;
  private OutputStream err;
  private ExitCallback exit;

  PctCommand(World world, String node, String line, ExecutorService executor) {
    this.world = world;
    this.node = node;
    this.line = line;
    this.executor = executor;
  }

  @Override
  public void setInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public void setOutputStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public void setErrorStream(OutputStream err) {
    this.err = err;
  }

  @Override
  public void setExitCallback(ExitCallback callback) {
    this.exit = callback;
  }

  @Override
  public void start(ChannelSession channel, Environment env) {
    executor.submit(this::runAndExit);
  }

  @Override
  public void destroy(ChannelSession channel) {
    // the executor's thread finishes on its own; nothing to free
  }

  private void runAndExit() {
    ExecResult result;
    try {
      result = run();
    } catch (RuntimeException | IOException e) {
      result = ExecResult.failed(255, e.getMessage() + "\n");
    }
    try {
      out.write(result.stdout());
      out.flush();
      err.write(result.stderr());
      err.flush();
    } catch (IOException e) {
      // the client went away: nothing to report to
    }
    exit.onExit(result.exitCode());
  }

  private ExecResult run() throws IOException {
    List<String> words;
    try {
      words = CommandLine.split(line);
    } catch (IllegalArgumentException e) {
      return ExecResult.failed(2, "sh: 1: Syntax error: " + e.getMessage() + "\n");
    }
    if (words.size() < 3 || !words.get(0).equals("pct")) {
      return ExecResult.failed(
          127, "phoenix-sim: this node only serves 'pct exec' and 'pct push', got: " + line + "\n");
    }
    int vmid;
    try {
      vmid = Integer.parseInt(words.get(2));
    } catch (NumberFormatException e) {
      return ExecResult.failed(
          255,
          "400 Parameter verification failed.\nvmid: type check ('integer') failed - got '"
              + words.get(2)
              + "'\n");
    }
    Optional<Guest> guest = world.guest(vmid).filter(g -> g.kind() == GuestKind.LXC);
    if (guest.isEmpty()) {
      return ExecResult.failed(
          255, "Configuration file 'nodes/" + node + "/lxc/" + vmid + ".conf' does not exist\n");
    }
    return switch (words.get(1)) {
      case "exec" -> exec(guest.get(), words);
      case "push" -> push(guest.get(), words);
      default -> ExecResult.failed(255, "ERROR: unknown command 'pct " + words.get(1) + "'\n");
    };
  }

  private ExecResult exec(Guest guest, List<String> words) throws IOException {
    int dashes = words.indexOf("--");
    List<String> argv =
        dashes < 0 ? words.subList(3, words.size()) : words.subList(dashes + 1, words.size());
    if (argv.isEmpty()) {
      return ExecResult.failed(255, "missing command\n");
    }
    if (!guest.isRunning()) {
      return ExecResult.failed(255, "container '" + guest.vmid() + "' not running!\n");
    }
    byte[] stdin = in.readAllBytes();
    return world.run(guest.vmid(), argv, stdin);
  }

  private ExecResult push(Guest guest, List<String> words) throws IOException {
    if (words.size() < 5) {
      return ExecResult.failed(
          255, "400 not enough arguments\npct push <vmid> <file> <destination> [OPTIONS]\n");
    }
    if (!guest.isRunning()) {
      return ExecResult.failed(255, "container '" + guest.vmid() + "' not running!\n");
    }
    String source = words.get(3);
    if (!source.equals("/dev/stdin") && !source.equals("-")) {
      return ExecResult.failed(
          255,
          "phoenix-sim: pct push reads only /dev/stdin (the node has no files), got "
              + source
              + "\n");
    }
    String destination = words.get(4);
    if (!destination.startsWith("/")) {
      return ExecResult.failed(255, "destination must be an absolute path\n");
    }
    world.writeFile(guest.vmid(), destination, in.readAllBytes());
    return new ExecResult(0, new byte[0], "".getBytes(StandardCharsets.UTF_8));
  }
}

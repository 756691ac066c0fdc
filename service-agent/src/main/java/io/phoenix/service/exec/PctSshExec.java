package io.phoenix.service.exec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;

/**
 * Containers: Proxmox has no exec API for them, so the agent SSHes to the node and runs {@code pct
 * exec <vmid> -- argv...}; files go in through standard input ({@code install -D /dev/stdin}).
 */
final class PctSshExec implements GuestExec {

  static final int OUTPUT_LIMIT = 4 * 1024 * 1024;

  /** Time past the deadline for {@code timeout}'s KILL and the channel to close. */
  private static final Duration GRACE = Duration.ofSeconds(10);

  private static final Duration FILE_DEADLINE = Duration.ofSeconds(60);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);

  private final NodeSessions sessions;

  PctSshExec(NodeSessions sessions) {
    this.sessions = sessions;
  }

  @Override
  public ExecResult run(GuestRef guest, ExecRequest request, ExecProgress progress)
      throws ExecException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("pct", "exec", Integer.toString(guest.vmid())));
    command.add("--");
    command.addAll(request.argvWithTimeout());
    ExecResult result = runOnNode(guest, ShellWords.join(command), request, progress);
    String err = result.stderrText();
    if (result.exitCode() == 255 && err.contains("not running")) {
      throw ExecException.unreachable(guest, err.trim(), null);
    }
    if (result.exitCode() == 255 && err.contains("does not exist")) {
      throw new ExecException("GUEST_MISSING", guest + ": " + err.trim(), false);
    }
    if (result.exitCode() == 124) {
      throw ExecException.deadline(guest, request);
    }
    return result;
  }

  private ExecResult runOnNode(
      GuestRef guest, String commandLine, ExecRequest request, ExecProgress progress)
      throws ExecException, InterruptedException {
    ClientSession session;
    try {
      session = sessions.session(guest.node());
    } catch (IOException e) {
      throw ExecException.unreachable(
          guest, "cannot open SSH to node " + guest.node() + ": " + e.getMessage(), e);
    }
    BoundedOutput out = new BoundedOutput(OUTPUT_LIMIT);
    BoundedOutput err = new BoundedOutput(OUTPUT_LIMIT);
    long started = System.nanoTime();
    try (ChannelExec channel = session.createExecChannel(commandLine)) {
      channel.setIn(new ByteArrayInputStream(request.stdin()));
      channel.setOut(out);
      channel.setErr(err);
      channel.open().verify(Duration.ofSeconds(30));
      long deadline = started + request.deadline().plus(GRACE).toNanos();
      Set<ClientChannelEvent> events = Set.of();
      while (!events.contains(ClientChannelEvent.CLOSED)) {
        if (Thread.interrupted()) {
          channel.close(true);
          throw new InterruptedException("stopped while waiting for " + guest);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          channel.close(true);
          throw ExecException.deadline(guest, request);
        }
        long wait = Math.min(left / 1_000_000 + 1, PROGRESS_EVERY.toMillis());
        events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), wait);
        if (!events.contains(ClientChannelEvent.CLOSED)) {
          progress.stillRunning(Duration.ofNanos(System.nanoTime() - started));
        }
      }
      Integer status = channel.getExitStatus();
      if (status == null) {
        throw ExecException.unreachable(
            guest, "the SSH channel closed without an exit status", null);
      }
      return new ExecResult(
          status, out.toByteArray(), err.toByteArray(), out.truncated() || err.truncated());
    } catch (IOException e) {
      sessions.discard(guest.node());
      throw ExecException.unreachable(guest, "SSH to node " + guest.node() + " failed: " + e, e);
    }
  }

  @Override
  public void writeFile(GuestRef guest, String path, byte[] content)
      throws ExecException, InterruptedException {
    ExecRequest install =
        new ExecRequest(
            List.of("install", "-D", "-m", "0600", "/dev/stdin", path), content, FILE_DEADLINE);
    ExecResult result = run(guest, install, ExecProgress.none());
    if (!result.succeeded()) {
      throw new ExecException(
          "FILE_WRITE_FAILED",
          guest + ": cannot write " + path + ": " + result.stderrTail(3),
          false);
    }
  }

  @Override
  public Optional<byte[]> readFile(GuestRef guest, String path)
      throws ExecException, InterruptedException {
    ExecResult result =
        run(guest, ExecRequest.of(FILE_DEADLINE, "cat", "--", path), ExecProgress.none());
    if (result.succeeded()) {
      if (result.truncated()) {
        throw new ExecException(
            "FILE_TOO_LARGE",
            guest + ": " + path + " is larger than " + OUTPUT_LIMIT + " bytes",
            false);
      }
      return Optional.of(result.stdout());
    }
    if (result.stderrText().contains("No such file")) {
      return Optional.empty();
    }
    throw new ExecException(
        "FILE_READ_FAILED",
        guest
            + ": cannot read "
            + path
            + ": "
            + new String(result.stderr(), StandardCharsets.UTF_8).trim(),
        false);
  }
}

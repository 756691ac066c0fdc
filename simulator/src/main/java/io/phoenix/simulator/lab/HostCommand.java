package io.phoenix.simulator.lab;

import io.phoenix.simulator.world.ExecResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one program on this machine (never through a shell): the lab's only way to touch LXC, the
 * network and the disk outside the JVM. Output is kept up to {@link #OUTPUT_LIMIT} per stream.
 */
final class HostCommand {

  /** Bytes kept of each of stdout and stderr; the rest is read and dropped. */
  static final int OUTPUT_LIMIT = 8 * 1024 * 1024;

  private HostCommand() {}

  /**
   * Runs {@code argv} with {@code stdin}; a program still running after {@code limit} is killed.
   */
  static ExecResult run(List<String> argv, byte[] stdin, Duration limit) {
    List<String> command = new ArrayList<>(argv);
    Preconditions.find(argv.get(0)).ifPresent(p -> command.set(0, p.toString()));
    Process process;
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new LabException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
    }
    Drain out = new Drain(process.getInputStream());
    Drain err = new Drain(process.getErrorStream());
    out.start();
    err.start();
    try (OutputStream in = process.getOutputStream()) {
      if (stdin != null && stdin.length > 0) {
        in.write(stdin);
      }
    } catch (IOException e) {
      // the program exited without reading all of its input: its exit code tells the story
    }
    try {
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        throw new LabException(
            String.join(" ", argv) + " did not finish within " + limit.toSeconds() + " s");
      }
      out.join();
      err.join();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new LabException("interrupted while running " + argv.get(0), e);
    }
    return new ExecResult(process.exitValue(), out.bytes(), err.bytes());
  }

  /** Runs {@code argv} and returns its stdout; a non-zero exit throws, naming its stderr. */
  static String check(Duration limit, String... argv) {
    return check(List.of(argv), null, limit).stdoutText();
  }

  /** Runs {@code argv}; a non-zero exit throws a {@link LabException} naming its stderr. */
  static ExecResult check(List<String> argv, byte[] stdin, Duration limit) {
    ExecResult result = run(argv, stdin, limit);
    if (result.exitCode() != 0) {
      String why = result.stderrText().strip();
      if (why.isEmpty()) {
        why = result.stdoutText().strip();
      }
      throw new LabException(
          String.join(" ", argv)
              + " failed (exit "
              + result.exitCode()
              + ")"
              + (why.isEmpty() ? "" : ": " + lastLines(why, 5)));
    }
    return result;
  }

  static String lastLines(String text, int count) {
    List<String> lines = text.lines().toList();
    return String.join(" | ", lines.subList(Math.max(0, lines.size() - count), lines.size()));
  }

  /** Reads one output stream to its end on its own thread, keeping the first bytes. */
  private static final class Drain extends Thread {
    private final InputStream in;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    Drain(InputStream in) {
      super("lab-host-command-output");
      setDaemon(true);
      this.in = in;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[16 * 1024];
      try (in) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          synchronized (kept) {
            int room = OUTPUT_LIMIT - kept.size();
            if (room > 0) {
              kept.write(buffer, 0, Math.min(n, room));
            }
          }
        }
      } catch (IOException e) {
        // the process closed its end: what was read is what there is
      }
    }

    byte[] bytes() {
      synchronized (kept) {
        return kept.toByteArray();
      }
    }
  }
}

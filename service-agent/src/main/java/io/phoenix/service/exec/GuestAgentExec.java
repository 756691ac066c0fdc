package io.phoenix.service.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * VMs: runs commands through the QEMU guest agent API. The output is read only once exec-status
 * says {@code exited} (reading earlier returns nothing), polling backs off to 2 s, every wait is
 * bounded by the command's deadline, and files move in chunks below the API's 60 KiB limit.
 */
final class GuestAgentExec implements GuestExec {

  /** Raw bytes per file-write call: base64 of it stays under the 61440-character limit. */
  static final int CHUNK = 45 * 1024;

  static final int STDIN_LIMIT = 64 * 1024;

  /** Concatenates chunk files into the target (argv: script, "sh", target, parts...). */
  static final String CONCAT_SCRIPT = "out=$1; shift; cat -- \"$@\" > \"$out\" && rm -f -- \"$@\"";

  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final Duration FILE_DEADLINE = Duration.ofSeconds(60);
  private static final Duration MAX_POLL = Duration.ofSeconds(2);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);

  private final PveApi api;
  private final Duration firstPoll;

  GuestAgentExec(PveApi api, Duration firstPoll) {
    this.api = api;
    this.firstPoll = firstPoll;
  }

  private static String agentPath(GuestRef guest, String call) {
    return "/nodes/" + guest.node() + "/qemu/" + guest.vmid() + "/agent/" + call;
  }

  @Override
  public ExecResult run(GuestRef guest, ExecRequest request, ExecProgress progress)
      throws ExecException, InterruptedException {
    if (request.stdin().length > STDIN_LIMIT) {
      throw new ExecException(
          "STDIN_TOO_LARGE",
          guest + ": the guest agent takes at most 64 KiB of stdin; write a file instead",
          false);
    }
    List<Map.Entry<String, String>> form = new ArrayList<>();
    request.argvWithTimeout().forEach(arg -> form.add(Map.entry("command", arg)));
    if (request.stdin().length > 0) {
      form.add(Map.entry("input-data", new String(request.stdin(), StandardCharsets.UTF_8)));
    }
    long started = System.nanoTime();
    long pid;
    try {
      pid = api.post(agentPath(guest, "exec"), form).path("pid").asLong(-1);
    } catch (IOException | PveApiException e) {
      throw failure(guest, "exec", e);
    }
    if (pid < 0) {
      throw new ExecException("AGENT_PROTOCOL", guest + ": exec returned no pid", true);
    }
    long deadline = started + request.deadline().plus(GRACE).toNanos();
    Duration poll = firstPoll;
    long lastProgress = started;
    while (true) {
      JsonNode status;
      try {
        status = api.get(agentPath(guest, "exec-status"), Map.of("pid", Long.toString(pid)));
      } catch (IOException | PveApiException e) {
        throw failure(guest, "exec-status", e);
      }
      if (status.path("exited").asInt(0) == 1 || status.path("exited").asBoolean(false)) {
        return finished(guest, request, status);
      }
      long now = System.nanoTime();
      if (now >= deadline) {
        // The guest's own `timeout` kills it; the agent has no kill call, so stop waiting.
        throw ExecException.deadline(guest, request);
      }
      if (now - lastProgress >= PROGRESS_EVERY.toNanos()) {
        progress.stillRunning(Duration.ofNanos(now - started));
        lastProgress = now;
      }
      Thread.sleep(Math.min(poll.toMillis(), Math.max(1, (deadline - now) / 1_000_000)));
      poll = poll.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : poll.multipliedBy(2);
    }
  }

  private static ExecResult finished(GuestRef guest, ExecRequest request, JsonNode status)
      throws ExecException {
    int exit =
        status.has("exitcode")
            ? status.path("exitcode").asInt()
            : 128 + status.path("signal").asInt(0);
    if (exit == 124) {
      throw ExecException.deadline(guest, request);
    }
    boolean truncated =
        status.path("out-truncated").asInt(0) == 1 || status.path("err-truncated").asInt(0) == 1;
    return new ExecResult(
        exit,
        status.path("out-data").asString("").getBytes(StandardCharsets.UTF_8),
        status.path("err-data").asString("").getBytes(StandardCharsets.UTF_8),
        truncated);
  }

  private static ExecException failure(GuestRef guest, String call, Exception e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    if (e instanceof IOException) {
      return ExecException.unreachable(guest, call + ": " + message, e);
    }
    if (message.contains("not running") || message.contains("got timeout")) {
      return ExecException.unreachable(guest, message, e);
    }
    boolean retryable = ((PveApiException) e).status() >= 500;
    return new ExecException("PVE_API", guest + ": " + call + ": " + message, retryable, e);
  }

  @Override
  public void writeFile(GuestRef guest, String path, byte[] content)
      throws ExecException, InterruptedException {
    String dir = path.substring(0, Math.max(1, path.lastIndexOf('/')));
    check(
        guest,
        path,
        run(guest, ExecRequest.of(FILE_DEADLINE, "mkdir", "-p", dir), ExecProgress.none()));
    if (content.length <= CHUNK) {
      writeChunk(guest, path, content, 0, content.length);
    } else {
      List<String> argv = new ArrayList<>(List.of("sh", "-c", CONCAT_SCRIPT, "sh", path));
      for (int offset = 0, i = 0; offset < content.length; offset += CHUNK, i++) {
        String part = path + ".phoenix-part-" + i;
        writeChunk(guest, part, content, offset, Math.min(CHUNK, content.length - offset));
        argv.add(part);
      }
      check(
          guest, path, run(guest, new ExecRequest(argv, null, FILE_DEADLINE), ExecProgress.none()));
    }
    check(
        guest,
        path,
        run(guest, ExecRequest.of(FILE_DEADLINE, "chmod", "600", path), ExecProgress.none()));
  }

  private void writeChunk(GuestRef guest, String file, byte[] content, int offset, int length)
      throws ExecException {
    String base64 =
        Base64.getEncoder()
            .encodeToString(java.util.Arrays.copyOfRange(content, offset, offset + length));
    try {
      api.post(
          agentPath(guest, "file-write"),
          List.of(Map.entry("file", file), Map.entry("content", base64), Map.entry("encode", "0")));
    } catch (IOException | PveApiException e) {
      throw failure(guest, "file-write " + file, e);
    }
  }

  private static void check(GuestRef guest, String path, ExecResult result) throws ExecException {
    if (!result.succeeded()) {
      throw new ExecException(
          "FILE_WRITE_FAILED",
          guest + ": cannot write " + path + ": " + result.stderrTail(3),
          false);
    }
  }

  @Override
  public Optional<byte[]> readFile(GuestRef guest, String path) throws ExecException {
    StringBuilder content = new StringBuilder();
    while (true) {
      JsonNode data;
      try {
        data =
            api.get(
                agentPath(guest, "file-read"),
                content.length() == 0
                    ? Map.of("file", path)
                    : Map.of("file", path, "offset", Integer.toString(utf8Length(content))));
      } catch (PveApiException e) {
        if (e.getMessage() != null && e.getMessage().contains("No such file")) {
          return Optional.empty();
        }
        throw failure(guest, "file-read " + path, e);
      } catch (IOException e) {
        throw failure(guest, "file-read " + path, e);
      }
      String chunk = data.path("content").asString("");
      content.append(chunk);
      boolean truncated =
          data.path("truncated").asInt(0) == 1 || data.path("truncated").asBoolean(false);
      if (!truncated || chunk.isEmpty()) {
        return Optional.of(content.toString().getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static int utf8Length(CharSequence text) {
    return text.toString().getBytes(StandardCharsets.UTF_8).length;
  }
}

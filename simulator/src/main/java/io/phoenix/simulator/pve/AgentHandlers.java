package io.phoenix.simulator.pve;

import io.phoenix.simulator.world.ExecResult;
import io.phoenix.simulator.world.Guest;
import io.phoenix.simulator.world.GuestKind;
import io.phoenix.simulator.world.World;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code /nodes/{node}/qemu/{vmid}/agent/...}: the QEMU guest agent. It answers only when the VM
 * runs, has {@code agent} enabled and has been up for the {@code agent-start} duration; commands
 * run against the world (exec log, command effects, the guest's files).
 */
final class AgentHandlers {

  private static final String BASE = "/nodes/{node}/qemu/{vmid}/agent";

  /** A command started through agent/exec; its result is visible once {@code doneAt} passed. */
  private record Process(ExecResult result, Instant doneAt) {}

  private final GuestAccess access;
  private final World world;
  private final Settings settings;
  private final Map<Integer, Map<Integer, Process>> processes = new ConcurrentHashMap<>();
  private final AtomicInteger pids = new AtomicInteger(1000);

  AgentHandlers(GuestAccess access, Settings settings) {
    this.access = access;
    this.world = access.world();
    this.settings = settings;
  }

  void register(Router router) {
    router.read(
        "POST",
        BASE + "/ping",
        "agent.ping",
        c -> {
          agent(c);
          return Map.of("result", Map.of());
        });
    router.mutate("POST", BASE + "/exec", "agent.exec", this::exec);
    router.get(BASE + "/exec-status", "agent.exec-status", this::execStatus);
    router.mutate("POST", BASE + "/file-write", "agent.file-write", this::fileWrite);
    router.get(BASE + "/file-read", "agent.file-read", this::fileRead);
    router.get(BASE + "/network-get-interfaces", "agent.network-get-interfaces", this::interfaces);
  }

  void reset() {
    processes.clear();
  }

  /** The VM, when its agent answers; else the error a real host gives. */
  private Guest agent(Call call) {
    Guest guest = access.find(GuestKind.QEMU, call.node(), call.vmid());
    if (!guest.isRunning()) {
      throw PveException.fail("VM " + guest.vmid() + " is not running");
    }
    boolean enabled = guest.config("agent").map(a -> a.matches("^(enabled=)?1.*")).orElse(false);
    if (!enabled) {
      throw PveException.fail("No QEMU guest agent configured");
    }
    Instant up = guest.startedAt().orElseThrow().plus(settings.taskDuration("agent-start"));
    if (Instant.now().isBefore(up)) {
      throw PveException.fail("QEMU guest agent is not running");
    }
    return guest;
  }

  private Object exec(Call call) {
    Guest guest = agent(call);
    List<String> command = call.params().list("command");
    if (command.isEmpty()) {
      throw PveException.invalid("command", "property is missing and it is not optional");
    }
    byte[] stdin = call.params().string("input-data", "").getBytes(StandardCharsets.UTF_8);
    ExecResult result = world.run(guest.vmid(), command, stdin);
    int pid = pids.incrementAndGet();
    Instant doneAt = Instant.now().plus(settings.taskDuration("agent-exec"));
    processes
        .computeIfAbsent(guest.vmid(), v -> new ConcurrentHashMap<>())
        .put(pid, new Process(result, doneAt));
    return Map.of("pid", pid);
  }

  private Object execStatus(Call call) {
    Guest guest = agent(call);
    int pid = call.params().integer("pid");
    Map<Integer, Process> running = processes.getOrDefault(guest.vmid(), Map.of());
    Process process = running.get(pid);
    if (process == null) {
      throw PveException.fail("Agent error: Invalid parameter 'pid'");
    }
    if (Instant.now().isBefore(process.doneAt())) {
      return Map.of("exited", 0);
    }
    running.remove(pid); // the agent reaps an exited process: its status can be read once
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("exited", 1);
    out.put("exitcode", process.result().exitCode());
    if (process.result().stdout().length > 0) {
      out.put("out-data", process.result().stdoutText());
    }
    if (process.result().stderr().length > 0) {
      out.put("err-data", process.result().stderrText());
    }
    return out;
  }

  private Object fileWrite(Call call) {
    Guest guest = agent(call);
    String content = call.params().string("content");
    byte[] bytes;
    if (call.params().bool("encode", true)) {
      bytes = content.getBytes(StandardCharsets.UTF_8);
    } else {
      try {
        bytes = Base64.getDecoder().decode(content);
      } catch (IllegalArgumentException e) {
        throw PveException.fail("Agent error: Invalid base64 data");
      }
    }
    guest.files().write(path(call), bytes);
    return null;
  }

  private Object fileRead(Call call) {
    Guest guest = agent(call);
    String file = path(call);
    byte[] content =
        guest
            .files()
            .read(file)
            .orElseThrow(
                () ->
                    PveException.fail(
                        "Agent error: Failed to open file '"
                            + file
                            + "': No such file or directory"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("content", new String(content, StandardCharsets.UTF_8));
    out.put("bytes-read", content.length);
    return out;
  }

  private static String path(Call call) {
    String file = call.params().string("file");
    if (!file.startsWith("/")) {
      throw PveException.fail(
          "Agent error: Failed to open file '" + file + "': No such file or directory");
    }
    return file;
  }

  private Object interfaces(Call call) {
    Guest guest = agent(call);
    String ip =
        guest
            .config("ipconfig0")
            .map(c -> PropertyStrings.parse(c, null).get("ip"))
            .filter(v -> v != null && v.contains("/"))
            .map(v -> v.substring(0, v.indexOf('/')))
            .orElse("10.0." + (guest.vmid() / 250 % 250) + "." + (guest.vmid() % 250 + 2));
    Map<String, Object> lo =
        Map.of(
            "name",
            "lo",
            "hardware-address",
            "00:00:00:00:00:00",
            "ip-addresses",
            List.of(Map.of("ip-address-type", "ipv4", "ip-address", "127.0.0.1", "prefix", 8)));
    Map<String, Object> eth =
        Map.of(
            "name",
            "eth0",
            "hardware-address",
            "bc:24:11:00:"
                + String.format("%02x:%02x", guest.vmid() / 256 % 256, guest.vmid() % 256),
            "ip-addresses",
            List.of(Map.of("ip-address-type", "ipv4", "ip-address", ip, "prefix", 24)));
    return Map.of("result", List.of(lo, eth));
  }
}

package io.phoenix.simulator.pve;

import io.phoenix.simulator.http.SimRequest;
import io.phoenix.simulator.http.SimResponse;
import io.phoenix.simulator.world.Guest;
import io.phoenix.simulator.world.World;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

/**
 * {@code /_sim/...}: inspection and control of the simulator for tests and demos (faults, guests,
 * exec logs, operation counts, settings, reset). Not part of Proxmox; needs no auth.
 */
final class ControlApi {

  private static final ObjectReader FAULT_READER =
      Json.MAPPER
          .readerFor(FaultRule.class)
          .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final World world;
  private final FaultInjector faults;
  private final OperationCounter operations;
  private final Settings settings;
  private final Runnable reset;

  ControlApi(
      World world,
      FaultInjector faults,
      OperationCounter operations,
      Settings settings,
      Runnable reset) {
    this.world = world;
    this.faults = faults;
    this.operations = operations;
    this.settings = settings;
    this.reset = reset;
  }

  SimResponse handle(SimRequest request) {
    String[] parts = request.path().substring("/_sim/".length()).split("/");
    String method = request.method();
    try {
      switch (parts[0]) {
        case "faults":
          return faults(method, parts, request);
        case "guests":
          return guests(method, parts, request);
        case "operations":
          return method.equals("GET") ? ok(operations.snapshot()) : notFound(request);
        case "settings":
          return settings(method, request);
        case "reset":
          if (method.equals("POST")) {
            reset.run();
            return ok(null);
          }
          return notFound(request);
        default:
          return notFound(request);
      }
    } catch (IllegalArgumentException | JacksonException e) {
      return SimResponse.json(
          400, "Bad Request", Json.write(Map.of("error", firstLine(e.getMessage()))));
    }
  }

  private SimResponse faults(String method, String[] parts, SimRequest request) {
    if (parts.length == 1 && method.equals("GET")) {
      return ok(faults.list());
    }
    if (parts.length == 1 && method.equals("POST")) {
      return ok(faults.add(FAULT_READER.readValue(request.bodyText())));
    }
    if (parts.length == 1 && method.equals("DELETE")) {
      faults.clear();
      return ok(null);
    }
    if (parts.length == 2 && method.equals("DELETE")) {
      return faults.remove(parts[1]) ? ok(null) : notFound(request);
    }
    return notFound(request);
  }

  private SimResponse guests(String method, String[] parts, SimRequest request) {
    if (method.equals("DELETE") && parts.length == 3 && parts[2].equals("lock")) {
      return unlock(guestId(parts[1]));
    }
    if (!method.equals("GET")) {
      return notFound(request);
    }
    if (parts.length == 1) {
      return ok(world.guests().stream().map(world::view).toList());
    }
    int vmid = guestId(parts[1]);
    Guest guest = world.guest(vmid).orElse(null);
    if (guest == null) {
      return SimResponse.json(404, "Not Found", Json.write(Map.of("error", "no guest " + vmid)));
    }
    if (parts.length == 2) {
      return ok(world.view(guest));
    }
    if (parts.length == 3 && parts[2].equals("exec-log")) {
      return ok(guest.execLog());
    }
    if (parts.length == 3 && parts[2].equals("files")) {
      List<String> path = request.query().get("path");
      if (path == null || path.isEmpty()) {
        return ok(guest.files().paths());
      }
      return guest
          .files()
          .read(path.get(0))
          .map(bytes -> ok(new String(bytes, StandardCharsets.UTF_8)))
          .orElseGet(
              () ->
                  SimResponse.json(
                      404, "Not Found", Json.write(Map.of("error", "no file " + path.get(0)))));
    }
    return notFound(request);
  }

  private static int guestId(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("guest id must be a number, got '" + text + "'");
    }
  }

  /** {@code pct unlock} / {@code qm unlock}: clears a (stale) lock; answers the lock it removed. */
  private SimResponse unlock(int vmid) {
    Guest guest = world.guest(vmid).orElse(null);
    if (guest == null) {
      return SimResponse.json(404, "Not Found", Json.write(Map.of("error", "no guest " + vmid)));
    }
    String removed = guest.lock().orElse(null);
    guest.setLock(null);
    return ok(removed);
  }

  private SimResponse settings(String method, SimRequest request) {
    if (method.equals("PUT") || method.equals("POST")) {
      JsonNode body = Json.read(request.bodyText());
      for (Map.Entry<String, JsonNode> field : body.properties()) {
        JsonNode value = field.getValue();
        switch (field.getKey()) {
          case "speedFactor" -> settings.setSpeedFactor(value.asDouble());
          case "lockTimeoutMs" -> settings.setLockTimeout(Duration.ofMillis(value.asLong()));
          case "authFailureDelayMs" ->
              settings.setAuthFailureDelay(Duration.ofMillis(value.asLong()));
          case "taskDurationsMs" ->
              value
                  .properties()
                  .forEach(
                      d ->
                          settings.setDuration(
                              d.getKey(), Duration.ofMillis(d.getValue().asLong())));
          default ->
              throw new IllegalArgumentException(
                  "unknown setting '"
                      + field.getKey()
                      + "'; known: speedFactor, lockTimeoutMs, authFailureDelayMs, taskDurationsMs");
        }
      }
    } else if (!method.equals("GET")) {
      return notFound(request);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("speedFactor", settings.speedFactor());
    out.put("lockTimeoutMs", settings.lockTimeout().toMillis());
    out.put("authFailureDelayMs", settings.authFailureDelay().toMillis());
    Map<String, Long> durations = new LinkedHashMap<>();
    settings.durations().forEach((k, v) -> durations.put(k, v.toMillis()));
    out.put("taskDurationsMs", durations);
    return ok(out);
  }

  private static SimResponse ok(Object data) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("data", data);
    return SimResponse.json(200, "OK", Json.write(body));
  }

  private static SimResponse notFound(SimRequest request) {
    return SimResponse.json(
        404,
        "Not Found",
        Json.write(
            Map.of("error", "no control endpoint " + request.method() + " " + request.path())));
  }

  private static String firstLine(String message) {
    return message == null ? "bad request" : message.lines().findFirst().orElse("bad request");
  }
}

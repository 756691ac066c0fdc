package io.phoenix.simulator.pve;

import io.phoenix.simulator.http.SimRequest;
import io.phoenix.simulator.http.SimResponse;
import io.phoenix.simulator.world.World;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api2/json}: authentication, routing (501 for unknown paths), schema validation (400),
 * fault injection, the handler, operation counting, and Proxmox's response shapes.
 */
final class PveApi {

  private static final Logger LOG = LoggerFactory.getLogger(PveApi.class);
  static final String PREFIX = "/api2/json";

  private final Authenticator auth;
  private final Router router;
  private final ParameterValidator validator;
  private final FaultInjector faults;
  private final OperationCounter operations;
  private final Settings settings;
  private final TaskEngine tasks;
  private final World world;

  PveApi(
      Authenticator auth,
      Router router,
      ParameterValidator validator,
      FaultInjector faults,
      OperationCounter operations,
      Settings settings,
      TaskEngine tasks,
      World world) {
    this.auth = auth;
    this.router = router;
    this.validator = validator;
    this.faults = faults;
    this.operations = operations;
    this.settings = settings;
    this.tasks = tasks;
    this.world = world;
  }

  SimResponse handle(SimRequest request) {
    String path = request.path().substring(PREFIX.length());
    if (path.isEmpty()) {
      path = "/";
    }
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    try {
      if (path.equals("/access/ticket") && request.method().equals("POST")) {
        return login(request);
      }
      Authenticator.Result who = auth.authenticate(request);
      if (who.caller() == null) {
        return SimResponse.empty(401, who.failure()).delayedBy(settings.authFailureDelay());
      }
      String method = request.method();
      String shown = path;
      Router.Match match =
          router
              .match(method, path)
              .orElseThrow(
                  () ->
                      new PveException(
                          501, "Method '" + method + " " + shown + "' not implemented", null));
      Map<String, List<String>> input = RequestParameters.read(request);
      match.variables().forEach((k, v) -> input.put(k, List.of(v)));
      Params params = validator.validate(method, match.route().template(), input);
      return call(match.route(), params, who.caller());
    } catch (PveException e) {
      return error(e);
    }
  }

  private SimResponse login(SimRequest request) {
    Params params = validator.validate("POST", "/access/ticket", RequestParameters.read(request));
    Optional<Map<String, Object>> ticket = auth.login(params);
    if (ticket.isEmpty()) {
      return SimResponse.empty(401, "authentication failure")
          .delayedBy(settings.authFailureDelay());
    }
    return ok(ticket.get());
  }

  private SimResponse call(Route route, Params params, Authenticator.Caller caller) {
    Set<Integer> vmids = new HashSet<>();
    params.optionalInteger("vmid").ifPresent(vmids::add);
    params.optionalInteger("newid").ifPresent(vmids::add);
    Optional<FaultRule> fault = faults.hit(route.operation(), vmids);
    Duration latency =
        fault.map(FaultRule::latencyMs).map(Duration::ofMillis).orElse(Duration.ZERO);
    fault.ifPresent(f -> plantLock(f, params));
    if (fault.isPresent() && Boolean.TRUE.equals(fault.get().resetConnection())) {
      SimResponse answer =
          Boolean.FALSE.equals(fault.get().proceed())
              ? ok(null)
              : invoke(route, params, caller, null, 0);
      return answer.cutOffByReset().delayedBy(latency);
    }
    if (fault.isPresent() && fault.get().timeoutAfterMs() != null) {
      if (Boolean.TRUE.equals(fault.get().proceed())) {
        invoke(route, params, caller, null, 0);
      }
      return SimResponse.json(
              596,
              "Connection timed out",
              "{\"data\":null,\"message\":\"Connection timed out\\n\"}")
          .delayedBy(Duration.ofMillis(fault.get().timeoutAfterMs()).plus(latency));
    }
    if (fault.isPresent() && fault.get().status() != null) {
      String message = fault.get().message() == null ? "simulated failure" : fault.get().message();
      return error(new PveException(fault.get().status(), message, null)).delayedBy(latency);
    }
    String taskError = fault.map(FaultRule::taskError).orElse(null);
    int warnings = fault.map(FaultRule::taskWarnings).orElse(0);
    return invoke(route, params, caller, taskError, warnings).delayedBy(latency);
  }

  /** A stale lock: set as a crashed task would leave it, before the call meets it. */
  private void plantLock(FaultRule fault, Params params) {
    if (fault.plantLock() == null) {
      return;
    }
    Integer vmid =
        fault.vmid() != null ? fault.vmid() : params.optionalInteger("vmid").orElse(null);
    if (vmid != null) {
      world.guest(vmid).ifPresent(guest -> guest.setLock(fault.plantLock()));
    }
  }

  private SimResponse invoke(
      Route route, Params params, Authenticator.Caller caller, String taskError, int warnings) {
    try {
      Object data = route.handler().handle(new Call(params, caller, taskError));
      if (warnings > 0 && data instanceof String upid) {
        tasks
            .find(upid)
            .ifPresent(
                task -> {
                  for (int i = 1; i <= warnings; i++) {
                    task.log("WARN: simulated warning " + i);
                  }
                });
      }
      if (route.mutating()) {
        operations.count(target(params), route.operation());
      }
      return ok(data);
    } catch (PveException e) {
      return error(e);
    } catch (RuntimeException e) {
      LOG.warn("simulator handler for {} failed", route.operation(), e);
      return error(PveException.fail("internal simulator error: " + e));
    }
  }

  /** What an operation is counted against: the new guest, the guest, or the downloaded volume. */
  private static String target(Params params) {
    if (params.has("newid")) {
      return params.string("newid");
    }
    if (params.has("vmid")) {
      return params.string("vmid");
    }
    if (params.has("template") && params.has("storage")) {
      return params.string("storage") + ":vztmpl/" + params.string("template");
    }
    if (params.has("filename")) {
      return params.string("storage")
          + ":"
          + params.string("content")
          + "/"
          + params.string("filename");
    }
    return "-";
  }

  static SimResponse ok(Object data) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (data instanceof TaskHandlers.Counted counted) {
      body.put("data", counted.data());
      body.put("total", counted.total());
    } else {
      body.put("data", data);
    }
    return SimResponse.json(200, "OK", Json.write(body));
  }

  static SimResponse error(PveException e) {
    String message = e.getMessage().endsWith("\n") ? e.getMessage() : e.getMessage() + "\n";
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("data", null);
    body.put("message", message);
    if (!e.errors().isEmpty()) {
      body.put("errors", e.errors());
    }
    return SimResponse.json(e.status(), message, Json.write(body));
  }
}

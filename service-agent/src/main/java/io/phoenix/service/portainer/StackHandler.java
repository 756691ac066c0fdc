package io.phoenix.service.portainer;

import io.phoenix.common.agent.StepContext;
import io.phoenix.common.agent.StepHandler;
import io.phoenix.common.contract.StepCommand;
import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepOutcome;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.service.params.Settings;
import io.phoenix.service.params.StepParams;
import io.phoenix.service.scripts.StepAbort;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Action {@code stack} ({@code <g>/stack/<name>}): the stack is deployed through Portainer on the
 * guest's environment with this compose content and env; an existing stack with the same content
 * and env is {@code noop}, a different one is updated.
 */
@Component
public class StackHandler implements StepHandler {

  private final PortainerAccess access;
  private final JsonMapper json;

  StackHandler(PortainerAccess access, JsonMapper json) {
    this.access = access;
    this.json = json;
  }

  @Override
  public Set<String> actions() {
    return Set.of("stack");
  }

  @Override
  public StepOutcome handle(StepCommand command, StepContext context) throws Exception {
    long started = System.nanoTime();
    try {
      StepParams params = StepParams.of(command, json);
      Settings stack = params.params().child("stack");
      String name = stack.text("name", command.detail());
      if (name == null
          || !name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "").equals(name)) {
        throw StepAbort.invalid(
            "params.stack.name must be lower-case letters, digits, '_' or '-' (Portainer's stack names), got '"
                + name
                + "'");
      }
      String compose = stack.required("compose");
      Map<String, String> env = stack.map("env");
      PortainerClient client = access.client(params);
      String jwt = access.login(client, params);
      String environment = params.guest().name();
      PortainerClient.Environment target =
          client.environments(jwt).stream()
              .filter(e -> e.name().equals(environment))
              .findFirst()
              .orElseThrow(
                  () ->
                      new StepAbort(
                          new StepFailed(
                              "ENVIRONMENT_MISSING",
                              "Portainer has no environment '"
                                  + environment
                                  + "': the portainer/endpoint step of guest "
                                  + command.guest()
                                  + " registers it",
                              true,
                              Map.of("guest", Integer.toString(command.guest())))));
      Optional<PortainerClient.Stack> existing =
          client.stacks(jwt).stream().filter(s -> s.name().equals(name)).findFirst();
      if (existing.isPresent()) {
        PortainerClient.Stack current = existing.get();
        if (current.endpointId() != target.id()) {
          return new StepFailed(
              "STACK_ELSEWHERE",
              "stack '"
                  + name
                  + "' already runs on another environment (id "
                  + current.endpointId()
                  + ")",
              false,
              Map.of("guest", Integer.toString(command.guest())));
        }
        boolean same =
            current.env().equals(env) && client.stackFile(jwt, current.id()).equals(compose);
        if (same) {
          return new StepSucceeded(
              Outcome.NOOP,
              List.of(),
              Map.of("stackId", Integer.toString(current.id())),
              PortainerHandler.millis(started));
        }
        if (command.dryRun()) {
          return new StepSucceeded(
              Outcome.WOULD_UPDATE,
              List.of("stack " + name),
              Map.of(),
              PortainerHandler.millis(started));
        }
        client.updateStack(jwt, current.id(), target.id(), compose, env);
        return new StepSucceeded(
            Outcome.UPDATED,
            List.of("stack " + name + ": compose or env changed"),
            Map.of("stackId", Integer.toString(current.id())),
            PortainerHandler.millis(started));
      }
      if (command.dryRun()) {
        return new StepSucceeded(
            Outcome.WOULD_CREATE,
            List.of("stack " + name),
            Map.of(),
            PortainerHandler.millis(started));
      }
      client.createStack(jwt, target.id(), name, compose, env);
      return new StepSucceeded(
          Outcome.CREATED,
          List.of("stack " + name + " on " + environment),
          Map.of(),
          PortainerHandler.millis(started));
    } catch (StepAbort abort) {
      return abort.outcome();
    } catch (PortainerException e) {
      return PortainerAccess.failure(e, "stack " + command.detail()).outcome();
    }
  }
}

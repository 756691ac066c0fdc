package io.phoenix.service.portainer;

import io.phoenix.common.agent.StepContext;
import io.phoenix.common.agent.StepFailures;
import io.phoenix.common.agent.StepHandler;
import io.phoenix.common.contract.StepCommand;
import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepOutcome;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.service.params.StepParams;
import io.phoenix.service.scripts.StepAbort;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Action {@code portainer}: {@code <server>/portainer/admin} initialises the admin user with a
 * password generated into the agent's secret store (idempotent: an admin that logs in with the
 * stored password is {@code noop}); {@code <g>/portainer/endpoint} registers the guest's Portainer
 * agent as an environment named after the guest (updated when its URL changed).
 */
@Component
public class PortainerHandler implements StepHandler {

  private static final Logger log = LoggerFactory.getLogger(PortainerHandler.class);

  private final PortainerAccess access;
  private final JsonMapper json;

  PortainerHandler(PortainerAccess access, JsonMapper json) {
    this.access = access;
    this.json = json;
  }

  @Override
  public Set<String> actions() {
    return Set.of("portainer");
  }

  @Override
  public StepOutcome handle(StepCommand command, StepContext context) throws Exception {
    long started = System.nanoTime();
    try {
      StepParams params = StepParams.of(command, json);
      String detail = command.detail() == null ? "" : command.detail();
      return switch (detail) {
        case "admin" -> admin(command, params, started);
        case "endpoint" -> endpoint(command, params, started);
        default ->
            StepFailures.permanent(
                StepFailures.UNSUPPORTED,
                "portainer step '" + detail + "' is unknown: admin or endpoint");
      };
    } catch (StepAbort abort) {
      return abort.outcome();
    }
  }

  private StepOutcome admin(StepCommand command, StepParams params, long started) throws StepAbort {
    PortainerClient client = access.client(params);
    String user = PortainerAccess.adminUser(params);
    String secret = PortainerAccess.passwordName(params);
    try {
      if (client.adminExists()) {
        Optional<String> stored = access.secrets().get(secret);
        if (stored.isEmpty()) {
          return adminOfSomeoneElse(client, secret);
        }
        try {
          client.login(user, stored.get());
        } catch (PortainerException e) {
          if (e.status() == 422) {
            return adminOfSomeoneElse(client, secret);
          }
          throw PortainerAccess.failure(e, "login");
        }
        return new StepSucceeded(Outcome.NOOP, List.of(), Map.of(), millis(started));
      }
      if (command.dryRun()) {
        return new StepSucceeded(
            Outcome.WOULD_CREATE, List.of("portainer admin " + user), Map.of(), millis(started));
      }
      // Stored before use: a crash after the init must not lose the only copy.
      String password = access.secrets().getOrGenerate(secret);
      try {
        client.initAdmin(user, password);
      } catch (PortainerException e) {
        if (e.status() != 409) {
          throw PortainerAccess.failure(e, "admin init");
        }
        client.login(user, password); // someone (a redelivery) initialised it with our password
        return new StepSucceeded(Outcome.NOOP, List.of(), Map.of(), millis(started));
      }
      log.info(
          "Portainer admin '{}' initialised at {}; password in the secret store",
          user,
          client.base());
      return new StepSucceeded(
          Outcome.CREATED,
          List.of("portainer admin " + user + ": initialised"),
          Map.of(),
          millis(started));
    } catch (PortainerException e) {
      throw PortainerAccess.failure(e, "portainer admin");
    } catch (IOException e) {
      throw new StepAbort(
          new StepFailed("SECRET_STORE", "secret store: " + e.getMessage(), true, Map.of()));
    }
  }

  private StepOutcome adminOfSomeoneElse(PortainerClient client, String secret) throws StepAbort {
    return new StepFailed(
        "ADMIN_PASSWORD_UNKNOWN",
        "Portainer at "
            + client.base()
            + " already has an admin whose password is not the one in the"
            + " agent's secret store ("
            + secret
            + "): put the admin password there, or reset"
            + " Portainer's admin",
        false,
        Map.of("secret", secret));
  }

  private StepOutcome endpoint(StepCommand command, StepParams params, long started)
      throws StepAbort {
    String name = params.guest().name();
    String agentUrl = PortainerAccess.section(params).text("agentUrl", null);
    if (agentUrl == null) {
      String address = params.guest().primaryAddress();
      if (address == null) {
        throw StepAbort.invalid(
            "guest "
                + params.guest().id()
                + " has no static address: set params.portainer.agentUrl");
      }
      agentUrl =
          "tcp://" + address + ":" + PortainerAccess.section(params).text("agentPort", "9001");
    }
    PortainerClient client = access.client(params);
    String jwt = access.login(client, params);
    try {
      Optional<PortainerClient.Environment> existing =
          client.environments(jwt).stream().filter(e -> e.name().equals(name)).findFirst();
      if (existing.isPresent() && existing.get().url().equals(agentUrl)) {
        return new StepSucceeded(
            Outcome.NOOP,
            List.of(),
            Map.of("environmentId", Integer.toString(existing.get().id())),
            millis(started));
      }
      if (command.dryRun()) {
        return new StepSucceeded(
            existing.isPresent() ? Outcome.WOULD_UPDATE : Outcome.WOULD_CREATE,
            List.of("environment " + name + ": " + agentUrl),
            Map.of(),
            millis(started));
      }
      if (existing.isPresent()) {
        client.updateEnvironmentUrl(jwt, existing.get().id(), agentUrl);
        return new StepSucceeded(
            Outcome.UPDATED,
            List.of("environment " + name + ": " + existing.get().url() + " -> " + agentUrl),
            Map.of("environmentId", Integer.toString(existing.get().id())),
            millis(started));
      }
      PortainerClient.Environment created = client.createAgentEnvironment(jwt, name, agentUrl);
      return new StepSucceeded(
          Outcome.CREATED,
          List.of("environment " + name + ": " + agentUrl),
          Map.of("environmentId", Integer.toString(created.id())),
          millis(started));
    } catch (PortainerException e) {
      throw PortainerAccess.failure(e, "environment " + name);
    }
  }

  static long millis(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}

package io.phoenix.proxmox.lifecycle;

import io.phoenix.common.agent.StepContext;
import io.phoenix.common.agent.StepFailures;
import io.phoenix.common.agent.StepHandler;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.StepCommand;
import io.phoenix.common.contract.StepOutcome;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.proxmox.ProxmoxProperties;
import io.phoenix.proxmox.client.PveException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * {@code observe}: changes nothing. Reports the guest's actual config and status as outputs ({@code
 * exists}, {@code node}, {@code kind}, {@code status}, {@code lock}, {@code template}, {@code
 * config} as JSON) and the difference to {@code params.guest} as changes: {@code would-create} when
 * it does not exist, {@code would-update} with the differing fields, else {@code noop}.
 */
@Component
class ObserveGuest implements StepHandler {

  private final GuestApi api;
  private final ProxmoxProperties properties;

  ObserveGuest(GuestApi api, ProxmoxProperties properties) {
    this.api = api;
    this.properties = properties;
  }

  @Override
  public Set<String> actions() {
    return Set.of("observe");
  }

  @Override
  public StepOutcome handle(StepCommand command, StepContext context) {
    long started = System.nanoTime();
    GuestRequest request;
    try {
      request = GuestRequest.of(command, context.buildId(), properties.defaultStorage());
    } catch (GuestRequest.InvalidCommand e) {
      return StepFailures.permanent(StepFailures.INVALID_COMMAND, e.getMessage());
    }
    try {
      Optional<ObservedGuest> observed = api.observe(request.vmid());
      long ms = (System.nanoTime() - started) / 1_000_000;
      if (observed.isEmpty()) {
        return new StepSucceeded(
            Outcome.WOULD_CREATE,
            List.of(request.kindName() + " " + request.vmid() + " does not exist"),
            Map.of("exists", "false"),
            ms);
      }
      ObservedGuest guest = observed.get();
      List<String> changes = new ArrayList<>();
      if (guest.kind() != request.guest().kind()) {
        changes.add("kind: " + guest.kindName() + " -> " + request.kindName() + " (conflict)");
      }
      WantedConfig wanted =
          WantedConfig.of(request.guest(), api.client().usesApiToken())
              .keepingMacs(guest.configAfterRestart());
      ConfigDiff.diff(wanted.keys(), guest.configAfterRestart())
          .forEach(c -> changes.add(c.toString()));
      if (request.guest().disk() != null
          && guest.config().containsKey(ResizeGuest.rootDisk(guest))) {
        long actual = ResizeGuest.sizeBytes(guest.config().get(ResizeGuest.rootDisk(guest)));
        if (actual < request.guest().disk() * 1024L * 1024 * 1024) {
          changes.add(ResizeGuest.rootDisk(guest) + ": grow to " + request.guest().disk() + "G");
        }
      }
      if (request.guest().template() != guest.template()) {
        changes.add(
            "template: "
                + (guest.template() ? 1 : 0)
                + " -> "
                + (request.guest().template() ? 1 : 0));
      }
      wanted.notApplied().forEach(n -> changes.add("not applied: " + n));
      Map<String, String> outputs = new LinkedHashMap<>();
      outputs.put("exists", "true");
      outputs.put("node", guest.node());
      outputs.put("kind", guest.kind().name().toLowerCase(java.util.Locale.ROOT));
      outputs.put("status", guest.status());
      outputs.put("template", Boolean.toString(guest.template()));
      if (guest.lock() != null) {
        outputs.put("lock", guest.lock());
      }
      outputs.put("config", Envelopes.json().writeValueAsString(new TreeMap<>(guest.config())));
      outputs.putAll(PendingRestart.outputs(guest.pendingKeys()));
      changes.addAll(PendingRestart.note(outputs));
      boolean differs =
          changes.stream()
              .anyMatch(c -> !c.startsWith("not applied: ") && !c.startsWith("pending restart: "));
      return new StepSucceeded(
          differs ? Outcome.WOULD_UPDATE : Outcome.NOOP,
          changes,
          outputs,
          (System.nanoTime() - started) / 1_000_000);
    } catch (PveException e) {
      return LifecycleStep.failed(e, null);
    }
  }
}

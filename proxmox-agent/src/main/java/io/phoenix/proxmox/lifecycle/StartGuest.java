package io.phoenix.proxmox.lifecycle;

import io.phoenix.common.agent.StepContext;
import io.phoenix.common.agent.StepFailures;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.common.inventory.GuestKind;
import io.phoenix.proxmox.ProxmoxProperties;
import io.phoenix.proxmox.client.PveException;
import io.phoenix.proxmox.client.PveParams;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * {@code start}: the guest runs. A VM with the guest agent enabled is only started when its agent
 * answers a ping, within {@code timeouts.guest-agent}; its first IPv4 address is the output {@code
 * ip}. "Already running" (a 500 for LXC, a failed task for QEMU) counts as success. A running guest
 * with config changes pending (Proxmox applies them at the next start) is restarted when the
 * inventory says {@code applyPending: reboot}; otherwise they are reported in the output {@code
 * pendingRestart}.
 */
@Component
class StartGuest extends LifecycleStep {

  StartGuest(GuestApi api, ProxmoxProperties properties) {
    super(api, properties);
  }

  @Override
  public Set<String> actions() {
    return actions("start");
  }

  /** A running VM that has a guest agent: one ping (no wait) tells whether it answers yet. */
  @Override
  Observation observe(GuestRequest request) {
    Observation seen = super.observe(request);
    ObservedGuest guest = seen.guest().orElse(null);
    if (guest == null || !guest.running() || !waitsForAgent(guest, request)) {
      return seen;
    }
    try {
      api.client().post(guest.path() + "/agent/ping", PveParams.none());
      return seen.withAgentOutputs(Optional.of(address(guest)));
    } catch (PveException.NotRunning | PveException.LockTimeout | PveException.Transient e) {
      return seen; // not up yet ("QEMU guest agent is not running", "got timeout", a slow proxy)
    }
  }

  @Override
  Decision decide(GuestRequest request, Observation seen) {
    if (seen.guest().isEmpty()) {
      return new Decision.Refuse(notFound(request));
    }
    ObservedGuest guest = seen.guest().get();
    // A template never gets here: LifecycleStep answers for it (noop or conflict).
    if (guest.lock() != null) {
      return new Decision.Wait(
          guest.kindName() + " " + guest.vmid() + " is locked (" + guest.lock() + ")");
    }
    boolean agent = waitsForAgent(guest, request);
    String name = guest.kindName() + " " + guest.vmid();
    if (!guest.running()) {
      return new Decision.Change(
          Outcome.UPDATED,
          List.of("status: " + guest.status() + " -> running"),
          context -> start(guest, agent, context));
    }
    SortedSet<String> pending = guest.pendingKeys();
    if (!pending.isEmpty() && request.guest().restartsForPendingChanges()) {
      return new Decision.Change(
          Outcome.UPDATED,
          List.of("restart to apply pending " + String.join(", ", pending)),
          context -> {
            StopGuest.shutdown(api, guest, context);
            return start(guest, agent, context);
          });
    }
    // Running: done, though changes may wait for a restart the inventory does not allow.
    Map<String, String> waiting = PendingRestart.outputs(pending);
    if (!agent) {
      return new Decision.Noop(List.of(name + " is running"), waiting);
    }
    if (seen.agentOutputs().isPresent()) {
      return new Decision.Noop(
          List.of(name + " is running, guest agent answers"),
          merged(seen.agentOutputs().get(), waiting));
    }
    // Running already (a re-delivery): the effect includes an answering agent.
    return new Decision.Settle(
        List.of(name + " is running, waiting for its guest agent"),
        context -> merged(awaitAgent(guest, context), waiting));
  }

  private Map<String, String> start(ObservedGuest guest, boolean agent, StepContext context) {
    try {
      api.await(api.client().post(guest.path() + "/status/start", PveParams.none()), context);
    } catch (PveException.AlreadyRunning e) {
      context.progress(e.text(), null);
    }
    return agent ? awaitAgent(guest, context) : Map.of();
  }

  private static Map<String, String> merged(Map<String, String> a, Map<String, String> b) {
    Map<String, String> out = new java.util.LinkedHashMap<>(a);
    out.putAll(b);
    return out;
  }

  private static boolean waitsForAgent(ObservedGuest guest, GuestRequest request) {
    if (guest.kind() != GuestKind.VM || !request.guest().hasGuestAgent()) {
      return false;
    }
    String agent = guest.config().getOrDefault("agent", "0");
    return agent.startsWith("1") || agent.contains("enabled=1");
  }

  /** Pings the agent about every poll interval until it answers or the limit passes. */
  private Map<String, String> awaitAgent(ObservedGuest guest, StepContext context) {
    Duration limit = properties.timeouts().guestAgent();
    Instant deadline = api.clock().instant().plus(limit);
    context.progress("waiting for the QEMU guest agent of VM " + guest.vmid(), null);
    String last = "no answer";
    while (true) {
      try {
        api.client().post(guest.path() + "/agent/ping", PveParams.none());
        return address(guest);
      } catch (PveException.NotRunning | PveException.LockTimeout | PveException.Transient e) {
        // not up yet ("QEMU guest agent is not running", "got timeout", a slow proxy)
        last = e.text();
      }
      if (api.clock().instant().isAfter(deadline)) {
        throw new StepRefused(
            StepFailures.permanent(
                "GUEST_AGENT_TIMEOUT",
                "VM "
                    + guest.vmid()
                    + " runs but its QEMU guest agent did not answer within "
                    + limit
                    + " (last: "
                    + last
                    + "). Check that the image installs and starts qemu-guest-agent, or set"
                    + " guestAgent: false for this VM in the inventory; the limit is"
                    + " phoenix.proxmox.timeouts.guest-agent",
                Map.of("vmid", Integer.toString(guest.vmid()))));
      }
      GuestApi.pause(properties.timeouts().taskPoll());
    }
  }

  /** The first global IPv4 address the agent reports, as output {@code ip}. */
  private Map<String, String> address(ObservedGuest guest) {
    try {
      JsonNode data = api.client().get(guest.path() + "/agent/network-get-interfaces");
      JsonNode interfaces = data.has("result") ? data.get("result") : data;
      for (JsonNode nic : interfaces) {
        if ("lo".equals(nic.path("name").asString(""))) {
          continue;
        }
        for (JsonNode ip : nic.path("ip-addresses")) {
          String address = ip.path("ip-address").asString("");
          if ("ipv4".equals(ip.path("ip-address-type").asString(""))
              && !address.startsWith("127.")
              && !address.startsWith("169.254.")) {
            return Map.of("ip", address);
          }
        }
      }
    } catch (PveException e) {
      // The address is a convenience for later steps; the start itself succeeded.
    }
    return Map.of();
  }
}

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
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * {@code start}: the guest runs. A VM with the guest agent enabled is only started when its agent
 * answers a ping, within {@code timeouts.guest-agent}; its first IPv4 address is the output {@code
 * ip}. "Already running" (a 500 for LXC, a failed task for QEMU) counts as success.
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

  @Override
  Decision decide(GuestRequest request, Optional<ObservedGuest> observed) {
    if (observed.isEmpty()) {
      return new Decision.Refuse(notFound(request));
    }
    ObservedGuest guest = observed.get();
    // A template never gets here: LifecycleStep answers for it (noop or conflict).
    if (guest.lock() != null) {
      return new Decision.Wait(
          guest.kindName() + " " + guest.vmid() + " is locked (" + guest.lock() + ")");
    }
    boolean agent = waitsForAgent(guest, request);
    if (guest.running()) {
      if (!agent || request.command().dryRun()) {
        return Decision.Noop.of(guest.kindName() + " " + guest.vmid() + " is running");
      }
      // Running already (a re-delivery): the effect includes an answering agent.
      Map<String, String> outputs = awaitAgent(guest, null);
      return new Decision.Noop(
          List.of(guest.kindName() + " " + guest.vmid() + " is running, guest agent answers"),
          outputs);
    }
    return new Decision.Change(
        Outcome.UPDATED,
        List.of("status: " + guest.status() + " -> running"),
        context -> {
          try {
            api.await(api.client().post(guest.path() + "/status/start", PveParams.none()), context);
          } catch (PveException.AlreadyRunning e) {
            context.progress(e.text(), null);
          }
          return agent ? awaitAgent(guest, context) : Map.of();
        });
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
    Instant deadline = Instant.now().plus(limit);
    if (context != null) {
      context.progress("waiting for the QEMU guest agent of VM " + guest.vmid(), null);
    }
    String last = "no answer";
    while (true) {
      try {
        api.client().post(guest.path() + "/agent/ping", PveParams.none());
        return address(guest);
      } catch (PveException.NotRunning | PveException.LockTimeout | PveException.Transient e) {
        // not up yet ("QEMU guest agent is not running", "got timeout", a slow proxy)
        last = e.text();
      }
      if (Instant.now().isAfter(deadline)) {
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

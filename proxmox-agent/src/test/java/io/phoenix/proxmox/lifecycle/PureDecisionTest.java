package io.phoenix.proxmox.lifecycle;

import static io.phoenix.proxmox.lifecycle.GuestLifecycleTest.cloneOf900;
import static io.phoenix.proxmox.lifecycle.VirtualMachineLifecycleTest.PORTAINER;
import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.inventory.Guest;
import io.phoenix.common.inventory.GuestKind;
import io.phoenix.proxmox.ProxmoxProperties;
import io.phoenix.proxmox.TestSettings;
import io.phoenix.proxmox.client.PveClient;
import io.phoenix.proxmox.client.PveCredentials;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Deciding is a pure function of the command and what was observed: the handlers here talk to a
 * Proxmox that does not exist, so any call or wait inside a decision would fail the test.
 */
class PureDecisionTest {

  private final ProxmoxProperties properties =
      TestSettings.token(
          URI.create("https://127.0.0.1:1"), "root@pam!phoenix", null, SimulatedProxmox.fast());
  private final PveClient nowhere =
      PveClient.connect(
          properties, new PveCredentials.ApiToken("root@pam!phoenix", "x"), Clock.systemUTC());
  private final GuestApi api = new GuestApi(nowhere);

  @AfterEach
  void close() {
    nowhere.close();
  }

  @Test
  void startOfARunningVmWhoseAgentIsNotUpYetLeavesTheWaitToTheAction() {
    ObservedGuest running =
        new ObservedGuest(
            1001, "pve", GuestKind.VM, "running", Map.of("agent", "1", "name", "portainer"));

    Decision decision =
        new StartGuest(api, properties).decide(request("start", PORTAINER), seen(running));

    assertThat(decision).isInstanceOf(Decision.Settle.class);
  }

  @Test
  void templateAndSnapshotDecideOnTheSnapshotsObservedBefore() {
    ObservedGuest ct =
        new ObservedGuest(103, "pve", GuestKind.LXC, "stopped", Map.of("memory", "1024"));
    Guest ca = cloneOf900(103, "step-ca", "10.0.0.10");

    Decision template =
        new TemplateGuest(api, properties)
            .decide(
                request("template", ca),
                seen(ct).withSnapshots(Map.of("pre-configured", ""), Map.of()));
    Decision snapshot =
        new SnapshotGuest(api, properties)
            .decide(
                request("snapshot", ca, "pre-configured"),
                seen(ct)
                    .withSnapshots(Map.of("pre-configured", "by hand"), Map.of("memory", "1024")));

    assertThat(template).isInstanceOf(Decision.Refuse.class);
    assertThat(snapshot).isInstanceOf(Decision.Noop.class);
  }

  @Test
  void cloneDecidesOnTheSourceObservedBefore() {
    ObservedGuest source =
        new ObservedGuest(900, "pve", GuestKind.LXC, "stopped", Map.of("template", "1"));

    Decision decision =
        new CloneGuest(api, properties, new KeyedLocks())
            .decide(
                request("clone", cloneOf900(103, "step-ca", "10.0.0.10")),
                Observation.of(Optional.empty()).withSource(Optional.of(source)));

    assertThat(decision).isInstanceOf(Decision.Change.class);
  }

  private static Observation seen(ObservedGuest guest) {
    return Observation.of(Optional.of(guest));
  }

  private static GuestRequest request(String action, Guest guest) {
    return request(action, guest, null);
  }

  private static GuestRequest request(String action, Guest guest, String detail) {
    return GuestRequest.of(
        SimulatedProxmox.command(action, guest, detail, false), "b1", "local-lvm");
  }
}

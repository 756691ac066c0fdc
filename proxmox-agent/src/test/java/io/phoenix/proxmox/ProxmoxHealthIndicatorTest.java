package io.phoenix.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.proxmox.client.PveClient;
import io.phoenix.proxmox.client.PveCredentials;
import io.phoenix.simulator.pve.FaultRule;
import io.phoenix.simulator.pve.PveSimulator;
import io.phoenix.simulator.pve.PveSimulatorConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The readiness check asks the simulated Proxmox once, and a hanging API makes it DOWN. */
class ProxmoxHealthIndicatorTest {

  private PveSimulator simulator;
  private PveClient client;

  @BeforeEach
  void start() {
    simulator = PveSimulator.start(PveSimulatorConfig.defaults());
    String token = simulator.apiToken();
    int eq = token.indexOf('=');
    ProxmoxProperties.Timeouts t = ProxmoxProperties.Timeouts.defaults();
    ProxmoxProperties properties =
        TestSettings.token(
            simulator.baseUri(),
            token.substring(0, eq),
            simulator.certificateSha256(),
            new ProxmoxProperties.Timeouts(
                Duration.ofSeconds(2),
                Duration.ofSeconds(20),
                t.write(),
                t.keepAlive(),
                t.taskPoll(),
                t.task(),
                Map.of(),
                t.lock(),
                t.guestAgent(),
                t.shutdown(),
                4,
                Duration.ofMillis(100),
                t.ticketRenewal()));
    client =
        PveClient.connect(
            properties,
            new PveCredentials.ApiToken(token.substring(0, eq), token.substring(eq + 1)),
            Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    client.close();
    simulator.close();
  }

  @Test
  void upWithTheVersionWhenTheApiAnswers() {
    Health health = new ProxmoxHealthIndicator(client).health();

    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails().get("version").toString()).startsWith("9.");
  }

  @Test
  void aHangingApiIsDownAfterOneBoundedGetNotAfterTheRetries() {
    // Each GET /version would hang for a minute; five of them are armed.
    simulator.addFault(
        new FaultRule(null, "version", null, null, 5, null, null, null, 60_000L, null, null));

    Health health = new ProxmoxHealthIndicator(client).health();

    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    assertThat(simulator.faults()).singleElement().returns(4, FaultRule::count);
  }
}

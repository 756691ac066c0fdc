package io.phoenix.service.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.inventory.GuestKind;
import io.phoenix.service.support.SeedCommands;
import io.phoenix.simulator.ca.StepCaEmulator;
import io.phoenix.simulator.effects.SimulatedGuestServices;
import io.phoenix.simulator.pve.PveSimulator;
import io.phoenix.simulator.pve.PveSimulatorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The one-call wiring of a simulated world gives a service agent working settings. */
class SimulatedGuestServicesTest {

  @TempDir Path dir;

  @Test
  void theServiceAgentPropertiesReachTheSimulatedNodeOverSsh() throws Exception {
    try (PveSimulator pve = PveSimulator.start(PveSimulatorConfig.defaults());
        StepCaEmulator ca = StepCaEmulator.start(StepCaEmulator.Settings.loopback());
        SimulatedGuestServices services =
            SimulatedGuestServices.start(pve.world(), ca, dir, "127.0.0.1")) {
      pve.world()
          .createGuest(
              101, io.phoenix.simulator.world.GuestKind.LXC, "pve", Map.of("hostname", "ct"))
          .markRunning(Instant.now());
      Binder binder =
          new Binder(new MapConfigurationPropertySource(services.serviceAgentProperties()));
      SshProperties ssh = binder.bind("phoenix.service-agent.ssh", SshProperties.class).get();
      GuestChannels channels =
          GuestChannels.configured(
              new PveProperties(null, null, null, null, null, null, false, null),
              ssh,
              SeedCommands.JSON);
      try {
        ExecResult result =
            channels.run(
                new GuestRef(101, "pve", GuestKind.LXC),
                ExecRequest.of(Duration.ofSeconds(10), "hostname"),
                ExecProgress.none());
        assertThat(result.exitCode()).isZero();
      } finally {
        channels.destroy();
      }
      assertThat(services.serviceAgentProperties())
          .containsKeys(
              "phoenix.service-agent.portainer.url", "phoenix.service-agent.portainer.fingerprint");
    }
  }
}

package io.phoenix.simulator.pve;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** Test settings: every task takes 50 ms unless a test says otherwise; short waits. */
final class SimulatorFixture {

  private SimulatorFixture() {}

  static PveSimulatorConfig fast() {
    Map<String, Duration> durations = new TreeMap<>();
    PveSimulatorConfig.realisticDurations()
        .keySet()
        .forEach(k -> durations.put(k, Duration.ofMillis(50)));
    durations.put("agent-start", Duration.ofMillis(300));
    return PveSimulatorConfig.defaults()
        .withTaskDurations(durations)
        .withDelays(Duration.ofMillis(200), Duration.ofMillis(300));
  }

  static final String TEMPLATE = "local:vztmpl/ubuntu-24.04-standard_24.04-2_amd64.tar.zst";
}

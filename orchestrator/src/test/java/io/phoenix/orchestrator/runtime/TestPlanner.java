package io.phoenix.orchestrator.runtime;

import io.phoenix.common.contract.Agent;
import io.phoenix.common.contract.BuildRequest;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.orchestrator.planning.Plan;
import io.phoenix.orchestrator.planning.PlannedStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.node.ObjectNode;

/**
 * A planner double for runtime tests: every guest below 1000 gets the chain {@code create ->
 * configure -> start} (start takes the IP that create outputs); any other guest is unknown.
 * Registered as an extra source of the test application, not by component scanning.
 */
public class TestPlanner {

  @Bean
  @Primary
  BuildPlanner testBuildPlanner() {
    return TestPlanner::plan;
  }

  static Plan plan(BuildRequest request) {
    List<PlannedStep> steps = new ArrayList<>();
    for (int guest : request.guests()) {
      if (guest >= 1000) {
        throw new IllegalArgumentException(
            "guest " + guest + " is not in the inventory; add it or fix the id");
      }
      ObjectNode params = Envelopes.json().createObjectNode();
      params.put("node", "pve");
      String g = String.valueOf(guest);
      steps.add(
          new PlannedStep(
              g + "/create",
              guest,
              "create",
              null,
              Agent.PROXMOX,
              List.of(),
              null,
              1000,
              params,
              Map.of()));
      steps.add(
          new PlannedStep(
              g + "/configure",
              guest,
              "configure",
              null,
              Agent.PROXMOX,
              List.of(g + "/create"),
              null,
              500,
              params,
              Map.of()));
      steps.add(
          new PlannedStep(
              g + "/start",
              guest,
              "start",
              null,
              Agent.SERVICE,
              List.of(g + "/configure"),
              null,
              500,
              params,
              Map.of("ip", g + "/create#ip")));
    }
    return new Plan(request.action(), request.guests(), List.of(), steps, List.of(), 2000);
  }
}

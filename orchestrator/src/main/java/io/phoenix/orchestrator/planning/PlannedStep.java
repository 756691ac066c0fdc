package io.phoenix.orchestrator.planning;

import io.phoenix.common.contract.Agent;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One step of a plan: a node of the build's DAG (see {@code docs/steps.md}).
 *
 * @param id {@code <guest>/<action>[/<detail>]}, deterministic
 * @param guest the guest it acts on
 * @param action the command action, e.g. {@code clone}
 * @param detail the detail part of the id (feature, certificate, stack or snapshot name), or null
 * @param agent the agent kind that runs it
 * @param dependsOn ids of the steps that must succeed first
 * @param lock the Proxmox lock it contends for (e.g. {@code guest:900}), or null; two steps with
 *     the same lock never run at the same time
 * @param estimateMs estimated duration from the latency profile
 * @param params what the command carries from the inventory
 * @param inputs {@code name -> "<stepId>#<outputName>"}: outputs of earlier steps the command needs
 */
public record PlannedStep(
    String id,
    int guest,
    String action,
    String detail,
    Agent agent,
    List<String> dependsOn,
    String lock,
    long estimateMs,
    JsonNode params,
    Map<String, String> inputs) {

  public PlannedStep {
    dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
  }
}

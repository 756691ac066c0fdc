package io.phoenix.orchestrator.saga;

import io.phoenix.common.contract.Envelopes;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The plan-versus-reality report of a dry run: which steps would create something, which would
 * change what, and which found the world already as planned. It travels in the extra data field
 * {@code report} of {@code phoenix.build.succeeded}.
 */
public final class DryRunReport {

  /** The extra data field of {@code phoenix.build.succeeded} that carries the report. */
  public static final String FIELD = "report";

  private DryRunReport() {}

  /** {@code {"would-create":[ids], "would-update":{id:[changes]}, "noop":[ids]}}. */
  public static ObjectNode of(BuildState state) {
    ObjectNode report = Envelopes.json().createObjectNode();
    ArrayNode create = report.putArray("would-create");
    ObjectNode update = report.putObject("would-update");
    ArrayNode noop = report.putArray("noop");
    for (StepState step : state.steps.values()) {
      String outcome = step.outcome == null ? "" : step.outcome;
      switch (outcome) {
        case "would-create", "created" -> create.add(step.id());
        case "would-update", "updated" -> {
          ArrayNode changes = update.putArray(step.id());
          step.changes.forEach(changes::add);
        }
        default -> noop.add(step.id());
      }
    }
    return report;
  }
}

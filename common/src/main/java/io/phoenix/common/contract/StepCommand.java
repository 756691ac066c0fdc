package io.phoenix.common.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The {@code data} of a command ({@code phoenix.command.<agent>.<action>}); the envelope carries
 * {@code buildid}, {@code stepid} and {@code attempt}.
 *
 * <p>A command is self-contained: {@code params} holds what the planner took from the inventory for
 * this step (the guest's wanted config, the feature's settings, the certificate's names), and
 * {@code inputs} the outputs of earlier steps that this step needs (a public JWK, a CSR, a
 * certificate chain). Agents are idempotent on {@code stepid}: they observe the real state first
 * and converge, so a re-delivered command is answered {@code noop}.
 *
 * @param guest the guest the step acts on (the record key of the command)
 * @param action the step's action, e.g. {@code clone}, {@code feature}, {@code sign}
 * @param detail the step id's detail part (a feature, certificate or stack name), or null
 * @param dryRun when true the agent only observes and answers what it would do
 * @param params step parameters from the plan
 * @param inputs outputs of earlier steps, by input name
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StepCommand(
    int guest,
    String action,
    String detail,
    boolean dryRun,
    JsonNode params,
    Map<String, String> inputs) {

  public StepCommand {
    inputs = Maps.ordered(inputs);
  }
}

package io.phoenix.common.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The step's effect exists now.
 *
 * @param outcome {@link Outcome}: what the agent had to do
 * @param changes the fields changed (or, in a dry run, that would change), e.g. {@code memory: 2048
 *     -> 4096}
 * @param outputs public data for later steps (a CSR, a certificate chain, a fingerprint, a public
 *     JWK, an IP) — never a secret
 * @param durationMs how long the agent worked on it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StepSucceeded(
    Outcome outcome, List<String> changes, Map<String, String> outputs, long durationMs)
    implements StepOutcome {

  /** What an agent did (or in a dry run, would do) to converge. */
  public enum Outcome {
    @JsonProperty("created")
    CREATED,
    @JsonProperty("updated")
    UPDATED,
    @JsonProperty("noop")
    NOOP,
    @JsonProperty("would-create")
    WOULD_CREATE,
    @JsonProperty("would-update")
    WOULD_UPDATE
  }

  public StepSucceeded {
    changes = changes == null ? List.of() : List.copyOf(changes);
    outputs = Maps.ordered(outputs);
  }

  @Override
  public String type() {
    return EventTypes.STEP_SUCCEEDED;
  }
}

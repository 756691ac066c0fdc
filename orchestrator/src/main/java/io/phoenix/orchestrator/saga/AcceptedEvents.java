package io.phoenix.orchestrator.saga;

import io.phoenix.common.contract.BuildAccepted;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.MalformedRecordException;
import io.phoenix.orchestrator.planning.Plan;
import java.time.Instant;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code phoenix.build.accepted} with the whole plan inside.
 *
 * <p>The contract's {@link BuildAccepted} lists the plan's step ids; the saga also needs every
 * step's dependencies, lock, parameters and inputs. They travel in the extra data field {@code
 * plan} (readers of the contract ignore unknown fields), so the event log alone is enough to
 * rebuild a build: a restart or a replay never re-plans against an inventory that may have changed.
 */
public final class AcceptedEvents {

  /** The extra data field that carries the plan. */
  public static final String PLAN_FIELD = "plan";

  private AcceptedEvents() {}

  /** The accepted event of build {@code buildId}; its id is derived from the build id. */
  public static CloudEvent create(
      String source, String buildId, BuildAccepted accepted, Plan plan, Instant now) {
    CloudEvent event = Envelopes.event(source, accepted, buildId, null, null, now);
    ObjectNode data = (ObjectNode) event.data();
    data.set(PLAN_FIELD, Envelopes.json().valueToTree(plan));
    String id = Ids.of(buildId, "accepted");
    return new CloudEvent(
        event.specversion(),
        id,
        event.source(),
        event.type(),
        event.time(),
        event.datacontenttype(),
        buildId,
        null,
        null,
        Ids.traceparent(buildId, id),
        data);
  }

  /** The plan inside an accepted event. */
  public static Plan plan(CloudEvent accepted) {
    JsonNode node = accepted.data() == null ? null : accepted.data().get(PLAN_FIELD);
    if (node == null || !node.isObject()) {
      throw new MalformedRecordException(
          "phoenix.build.accepted of build "
              + accepted.buildid()
              + " carries no plan; it was not written by a Phoenix orchestrator");
    }
    try {
      return Envelopes.json().treeToValue(node, Plan.class);
    } catch (JacksonException e) {
      throw new MalformedRecordException(
          "the plan in phoenix.build.accepted is not valid: " + e.getOriginalMessage(), e);
    }
  }
}

package io.phoenix.orchestrator.runtime;

import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.Topics;
import io.phoenix.orchestrator.saga.BuildState;
import io.phoenix.orchestrator.saga.Decision;
import io.phoenix.orchestrator.saga.Saga;
import io.phoenix.orchestrator.saga.SagaInput;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code phoenix.build.requests}. Requests that start a build go to the admission partition
 * (0); cancel and retry go to the partition of their build, which the same instance owns in the
 * events topic (both topics have as many partitions and the range assignor gives partition n of
 * both to one member). A request found on another partition is forwarded there, in the same
 * transaction. Bad input is answered with {@code phoenix.build.rejected} naming the problem.
 */
final class RequestIntake {

  static final int ADMISSION_PARTITION = 0;

  private static final Logger log = LoggerFactory.getLogger(RequestIntake.class);

  private final Saga saga;
  private final Topics topics;
  private final Admission admission;

  RequestIntake(Saga saga, Topics topics, Admission admission) {
    this.saga = saga;
    this.topics = topics;
    this.admission = admission;
  }

  Admission admission() {
    return admission;
  }

  void handle(ConsumerRecord<String, byte[]> record, Batch batch, int eventPartitions) {
    RequestMessage request;
    try {
      request = parse(record.value());
    } catch (IllegalArgumentException e) {
      log.warn(
          "rejected request at {}-{}@{}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
      batch.rejected(null, null, e.getMessage());
      batch.deadLetter(record, e.getMessage());
      return;
    }
    String problem = problem(request);
    if (problem != null) {
      log.warn("rejected request {}: {}", request.requestId(), problem);
      batch.rejected(request.requestId(), null, problem);
      return;
    }
    if (request.startsBuild()) {
      if (record.partition() != ADMISSION_PARTITION) {
        batch.forward(topics.buildRequests(), ADMISSION_PARTITION, record.key(), record.value());
        return;
      }
      String buildId =
          request.requestId() != null
              ? BuildIds.forRequest(request.requestId())
              : BuildIds.forRecord(record.topic(), record.partition(), record.offset());
      Admission.Result result = admission.admit(request, buildId, batch, batch.now);
      if (result instanceof Admission.Accepted accepted) {
        batch.event(accepted.event(), accepted.buildId());
        batch.admitted.put(accepted.buildId(), accepted.admitted());
      } else if (result instanceof Admission.Rejected rejected) {
        log.info("rejected request {}: {}", request.requestId(), rejected.reason());
        // A rejection carries the build id the request would have had, so that whoever holds that
        // id (the REST caller) can read why; a repeat carries the first build's id.
        batch.rejected(
            request.requestId(),
            rejected.buildId() != null ? rejected.buildId() : buildId,
            rejected.reason());
      }
      return;
    }
    int partition = BuildIds.partition(request.buildId(), eventPartitions);
    if (record.partition() != partition) {
      batch.forward(topics.buildRequests(), partition, request.buildId(), record.value());
      return;
    }
    BuildState state = batch.state(partition, request.buildId());
    if (state == null) {
      batch.rejected(request.requestId(), null, "there is no build " + request.buildId());
      return;
    }
    SagaInput input =
        RequestMessage.CANCEL.equals(request.action())
            ? new SagaInput.Cancel(
                request.reason() == null ? "cancelled on request" : request.reason())
            : new SagaInput.Retry();
    Decision decision = saga.decide(state, input, batch.now);
    if (decision.records().isEmpty()) {
      batch.rejected(
          request.requestId(),
          request.buildId(),
          request.action()
              + " does not apply to build "
              + request.buildId()
              + ", which is "
              + state.status().name().toLowerCase()
              + (RequestMessage.RETRY.equals(request.action())
                  ? "; only a failed build can be retried"
                  : "; only an accepted or running build can be cancelled"));
      return;
    }
    batch.decided(partition, decision);
  }

  /** The request in {@code value}, or an exception whose message says what is wrong. */
  static RequestMessage parse(byte[] value) {
    if (value == null || value.length == 0) {
      throw new IllegalArgumentException(
          "request has no value; send a JSON object such as"
              + " {\"action\":\"create\",\"guests\":[101]}");
    }
    if (value.length > Envelopes.MAX_RECORD_BYTES) {
      throw new IllegalArgumentException(
          "request is " + value.length + " bytes; the limit is " + Envelopes.MAX_RECORD_BYTES);
    }
    JsonNode node;
    try {
      node = Envelopes.json().readTree(value);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("request is not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("request is not a JSON object");
    }
    try {
      return Envelopes.json().treeToValue(node, RequestMessage.class);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "request has a field of the wrong type: " + e.getOriginalMessage());
    }
  }

  /** What is wrong with a readable request, or null. */
  static String problem(RequestMessage request) {
    String action = request.action();
    if (action == null) {
      return "request lacks 'action'; use create, destroy, cancel or retry";
    }
    if (request.startsBuild()) {
      List<Integer> guests = request.guests();
      if (guests == null || guests.isEmpty()) {
        return "request lacks 'guests'; list the guest ids to " + action + ", e.g. [101, 102]";
      }
      for (Integer guest : guests) {
        if (guest == null || guest < 1) {
          return "guest id " + guest + " is not a positive number";
        }
      }
      return null;
    }
    if (RequestMessage.CANCEL.equals(action) || RequestMessage.RETRY.equals(action)) {
      return request.buildId() == null || request.buildId().isBlank()
          ? action + " needs 'buildId', the build to " + action
          : null;
    }
    return "action '" + action + "' is not one of create, destroy, cancel, retry";
  }
}

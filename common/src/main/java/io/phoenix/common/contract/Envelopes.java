package io.phoenix.common.contract;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the CloudEvents envelope; the one codec every service uses.
 *
 * <p>Reading never throws anything but {@link MalformedRecordException}, whose message names what
 * is wrong, so a consumer can send the record to its dead-letter topic with that reason.
 */
public final class Envelopes {

  /** Records larger than this are refused unread. */
  public static final int MAX_RECORD_BYTES = 1024 * 1024;

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          // A field a sender left out reads as its default, as in every other JSON client.
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private Envelopes() {}

  /** The JSON mapper of the contract (Jackson 3, ISO-8601 dates, unknown fields ignored). */
  public static JsonMapper json() {
    return JSON;
  }

  /** A new event of {@code data} from {@code source} at {@code now}. */
  public static CloudEvent event(
      String source, EventData data, String buildId, String stepId, Integer attempt, Instant now) {
    return new CloudEvent(
        CloudEvent.SPEC_VERSION,
        UUID.randomUUID().toString(),
        source,
        data.type(),
        now,
        CloudEvent.CONTENT_TYPE,
        buildId,
        stepId,
        attempt,
        null,
        JSON.valueToTree(data));
  }

  /** A new command of {@code agent} for one attempt of one step. */
  public static CloudEvent command(
      String source,
      Agent agent,
      StepCommand command,
      String buildId,
      String stepId,
      int attempt,
      Instant now) {
    return new CloudEvent(
        CloudEvent.SPEC_VERSION,
        UUID.randomUUID().toString(),
        source,
        EventTypes.command(agent, command.action()),
        now,
        CloudEvent.CONTENT_TYPE,
        buildId,
        stepId,
        attempt,
        null,
        JSON.valueToTree(command));
  }

  /** The record value of {@code event}. */
  public static byte[] write(CloudEvent event) {
    return JSON.writeValueAsBytes(event);
  }

  /** The envelope in {@code value}. */
  public static CloudEvent read(byte[] value) {
    if (value == null || value.length == 0) {
      throw new MalformedRecordException("record has no value; expected a CloudEvents JSON object");
    }
    if (value.length > MAX_RECORD_BYTES) {
      throw new MalformedRecordException(
          "record is " + value.length + " bytes; the limit is " + MAX_RECORD_BYTES);
    }
    JsonNode node;
    try {
      node = JSON.readTree(value);
    } catch (JacksonException e) {
      throw new MalformedRecordException("record is not JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new MalformedRecordException("record is not a JSON object");
    }
    for (String field : new String[] {"specversion", "id", "source", "type"}) {
      if (!node.hasNonNull(field) || !node.get(field).isString()) {
        throw new MalformedRecordException("CloudEvent lacks the string attribute '" + field + "'");
      }
    }
    if (!CloudEvent.SPEC_VERSION.equals(node.get("specversion").asString())) {
      throw new MalformedRecordException(
          "specversion is '" + node.get("specversion").asString() + "'; only 1.0 is understood");
    }
    try {
      return JSON.treeToValue(node, CloudEvent.class);
    } catch (JacksonException e) {
      throw new MalformedRecordException(
          "CloudEvent has a wrong type: " + e.getOriginalMessage(), e);
    }
  }

  /** The typed data of an event; fails for command and unknown types. */
  public static EventData data(CloudEvent event) {
    Class<? extends EventData> type = EventData.classOf(event.type());
    if (type == null) {
      throw new MalformedRecordException("unknown event type '" + event.type() + "'");
    }
    return dataAs(event, type);
  }

  /** The data of {@code event} read as {@code type}. */
  public static <T> T dataAs(CloudEvent event, Class<T> type) {
    if (event.data() == null || event.data().isNull()) {
      throw new MalformedRecordException(event.type() + " has no data");
    }
    try {
      return JSON.treeToValue(event.data(), type);
    } catch (JacksonException e) {
      throw new MalformedRecordException(
          event.type()
              + " data is not a valid "
              + type.getSimpleName()
              + ": "
              + e.getOriginalMessage(),
          e);
    }
  }
}

package io.phoenix.common.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One record on a Phoenix topic: a CloudEvents 1.0 event in structured JSON mode.
 *
 * <p>{@code buildid}, {@code stepid}, {@code attempt} and {@code traceparent} are CloudEvents
 * extension attributes; they are absent where they do not apply.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent(
    String specversion,
    String id,
    String source,
    String type,
    Instant time,
    String datacontenttype,
    String buildid,
    String stepid,
    Integer attempt,
    String traceparent,
    JsonNode data) {

  public static final String SPEC_VERSION = "1.0";
  public static final String CONTENT_TYPE = "application/json";

  /** The Kafka {@code content-type} header value of a structured-mode CloudEvent. */
  public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json";

  public CloudEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(type, "type");
  }

  /** A copy with {@code traceparent} set. */
  public CloudEvent withTraceparent(String value) {
    return new CloudEvent(
        specversion,
        id,
        source,
        type,
        time,
        datacontenttype,
        buildid,
        stepid,
        attempt,
        value,
        data);
  }
}

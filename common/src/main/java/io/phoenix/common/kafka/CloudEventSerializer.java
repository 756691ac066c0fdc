package io.phoenix.common.kafka;

import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/** Writes a {@link CloudEvent} in structured mode, with the {@code content-type} header. */
public class CloudEventSerializer implements Serializer<CloudEvent> {

  public static final String CONTENT_TYPE_HEADER = "content-type";

  @Override
  public byte[] serialize(String topic, CloudEvent event) {
    return event == null ? null : Envelopes.write(event);
  }

  @Override
  public byte[] serialize(String topic, Headers headers, CloudEvent event) {
    if (event != null) {
      headers.remove(CONTENT_TYPE_HEADER);
      headers.add(
          CONTENT_TYPE_HEADER, CloudEvent.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
      if (event.traceparent() != null) {
        headers.remove("traceparent");
        headers.add("traceparent", event.traceparent().getBytes(StandardCharsets.UTF_8));
      }
    }
    return serialize(topic, event);
  }
}

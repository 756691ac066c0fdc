package io.phoenix.common.kafka;

import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.MalformedRecordException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a structured-mode {@link CloudEvent}; throws {@link MalformedRecordException} naming the
 * problem (wrap it in Spring's {@code ErrorHandlingDeserializer} so the record reaches the DLT).
 */
public class CloudEventDeserializer implements Deserializer<CloudEvent> {

  @Override
  public CloudEvent deserialize(String topic, byte[] data) {
    return data == null ? null : Envelopes.read(data);
  }
}

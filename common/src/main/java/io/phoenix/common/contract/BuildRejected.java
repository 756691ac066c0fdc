package io.phoenix.common.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A build request could not be accepted.
 *
 * @param requestId the client's id when the request had one
 * @param reason what is wrong and what to do, e.g. {@code guest 4242 is not in the inventory}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BuildRejected(String requestId, String reason) implements EventData {

  @Override
  public String type() {
    return EventTypes.BUILD_REJECTED;
  }
}

package io.phoenix.common.inventory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * Cloud-init settings of a VM.
 *
 * @param user the default user, e.g. {@code phoenix_user}
 * @param sshKeys public keys authorised for that user
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CloudInit(String user, List<String> sshKeys) {

  public CloudInit {
    sshKeys = sshKeys == null ? List.of() : List.copyOf(sshKeys);
  }
}

package io.phoenix.common.contract;

import java.util.Arrays;
import java.util.Optional;

/** The three agent kinds; each consumes its own command topic. */
public enum Agent {
  PROXMOX("proxmox"),
  SERVICE("service"),
  PKI("pki");

  private final String id;

  Agent(String id) {
    this.id = id;
  }

  /** The lower-case name used in topic names, command types and step listings. */
  public String id() {
    return id;
  }

  /** The agent named {@code id}, if there is one. */
  public static Optional<Agent> byId(String id) {
    return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst();
  }
}

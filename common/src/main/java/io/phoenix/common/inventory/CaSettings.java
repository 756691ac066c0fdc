package io.phoenix.common.inventory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The internal certificate authority.
 *
 * @param guest the guest that runs step-ca (its {@code step_ca} feature initialises it)
 * @param name the CA's name, e.g. {@code Phoenix Internal CA}
 * @param dnsNames names the CA's own TLS certificate carries, e.g. {@code
 *     ca.internal.thinkheads.ai}
 * @param port the port step-ca listens on, default 9000
 * @param provisioner the JWK provisioner the pki-agent signs with, e.g. {@code phoenix-pki-agent}
 * @param defaultLifetime certificate lifetime when a certificate names none, e.g. {@code 24h}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CaSettings(
    int guest,
    String name,
    java.util.List<String> dnsNames,
    Integer port,
    String provisioner,
    String defaultLifetime) {

  public static final int DEFAULT_PORT = 9000;

  /**
   * The longest certificate lifetime the CA grants (step-ca's {@code maxTLSCertDuration}): the one
   * maximum that the {@code step_ca} feature writes into ca.json in production and in the lab, and
   * that the real step-ca test configures.
   */
  public static final String MAX_LIFETIME = "2160h";

  /** A certificate's lifetime when neither it nor {@code ca.defaultLifetime} names one. */
  public static final String DEFAULT_LIFETIME = "24h";

  public CaSettings {
    dnsNames = dnsNames == null ? java.util.List.of() : java.util.List.copyOf(dnsNames);
  }

  public int portOrDefault() {
    return port == null ? DEFAULT_PORT : port;
  }
}

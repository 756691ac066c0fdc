package io.phoenix.pki.signing;

import io.phoenix.common.time.GoDuration;
import io.phoenix.pki.CommandParams;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The certificate the inventory asks for ({@code params.certificate}).
 *
 * @param name the certificate's name in the inventory (the step id's detail)
 * @param commonName the subject common name, also the token's {@code sub}
 * @param sans the subject alternative names (DNS names and IPs); the common name when empty
 * @param lifetime step-ca's {@code notAfter}, a Go duration such as {@code 24h}: the certificate's
 *     {@code lifetime}, else {@code params.defaultLifetime} (the CA's default from the inventory),
 *     else 24 h
 */
public record CertificateSpec(String name, String commonName, List<String> sans, String lifetime) {

  /** The lifetime when the inventory names none (the original tool's 24 h). */
  public static final String DEFAULT_LIFETIME = "24h";

  public CertificateSpec {
    sans = List.copyOf(sans.isEmpty() ? List.of(commonName) : sans);
  }

  /** Reads {@code params.certificate}; IllegalArgumentException names the missing field. */
  static CertificateSpec fromParams(JsonNode params, String detail) {
    JsonNode certificate = params == null ? null : params.get("certificate");
    if (certificate == null || !certificate.isObject()) {
      throw new IllegalArgumentException("params.certificate is missing");
    }
    String name = CommandParams.text(certificate, "name", detail == null ? "" : detail);
    String commonName = CommandParams.text(certificate, "commonName", "");
    if (commonName.isBlank()) {
      throw new IllegalArgumentException("params.certificate.commonName is missing");
    }
    List<String> sans = new ArrayList<>();
    certificate.path("sans").forEach(san -> sans.add(san.asString("")));
    if (sans.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("params.certificate.sans has an empty name");
    }
    String lifetime =
        CommandParams.text(
            certificate,
            "lifetime",
            CommandParams.text(params, "defaultLifetime", DEFAULT_LIFETIME));
    GoDuration.parse(lifetime);
    return new CertificateSpec(name, commonName, sans, lifetime);
  }

  /** The requested SANs, normalised (DNS lower-case, IPs canonical). */
  Set<String> normalizedSans() {
    Set<String> names = new LinkedHashSet<>();
    sans.forEach(san -> names.add(normalize(san)));
    return names;
  }

  /** Every name this certificate may carry: the common name and the SANs. */
  Set<String> allowedNames() {
    Set<String> names = new LinkedHashSet<>(normalizedSans());
    names.add(normalize(commonName));
    return names;
  }

  Duration lifetimeDuration() {
    return GoDuration.parse(lifetime);
  }

  static String normalize(String name) {
    String trimmed = name.strip();
    if (trimmed.contains(":") || trimmed.matches("[0-9.]+")) {
      try {
        return InetAddress.getByName(trimmed).getHostAddress();
      } catch (UnknownHostException e) {
        return trimmed.toLowerCase(Locale.ROOT);
      }
    }
    return trimmed.toLowerCase(Locale.ROOT);
  }
}

package io.phoenix.common.inventory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A TLS certificate a guest holds, issued by the internal CA. The key is generated inside the
 * guest; only the CSR and the signed chain travel.
 *
 * @param name the certificate's name within the guest, used in step ids ({@code 101/cert/nginx})
 * @param commonName the subject CN
 * @param sans subject alternative names (DNS names or IP addresses)
 * @param certPath where the chain is installed in the guest
 * @param keyPath where the key is generated in the guest (mode 600)
 * @param owner the user:group that owns the key and certificate, e.g. {@code www-data:www-data}
 * @param reload the command that makes the service pick up a new certificate
 * @param lifetime certificate lifetime, e.g. {@code 24h}; null for the CA's default
 * @param feature the feature that serves with this certificate (it waits for the certificate)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CertificateSpec(
    String name,
    String commonName,
    List<String> sans,
    String certPath,
    String keyPath,
    String owner,
    String reload,
    String lifetime,
    String feature) {

  public CertificateSpec {
    sans = sans == null ? List.of() : List.copyOf(sans);
  }
}

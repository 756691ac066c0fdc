package io.phoenix.proxmox.client;

import io.phoenix.proxmox.ProxmoxProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HexFormat;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sets up how the client verifies the server: a CA file, a pinned fingerprint, or not at all. */
final class PveTls {

  private static final Logger log = LoggerFactory.getLogger(PveTls.class);

  private PveTls() {}

  static void apply(OkHttpClient.Builder builder, ProxmoxProperties properties) {
    try {
      X509TrustManager trust;
      HostnameVerifier hostnames = null; // OkHttp's own check of the host name
      if (properties.insecure()) {
        log.warn(
            "TLS verification of {} is OFF (phoenix.proxmox.insecure=true): anyone on the path"
                + " can read the API credentials; set phoenix.proxmox.ca-file or"
                + " phoenix.proxmox.fingerprint instead",
            properties.url());
        trust = new TrustAll();
        hostnames = (host, session) -> true;
      } else if (properties.fingerprint() != null) {
        trust = new Pinned(properties.fingerprint());
        // The pin names one exact certificate, whatever host name it was issued for (Proxmox's
        // self-signed certificates name the node, not the address clients use).
        hostnames = (host, session) -> true;
      } else if (properties.caFile() != null) {
        trust = fromCaFile(properties);
      } else {
        trust = systemDefault();
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trust}, null);
      builder.sslSocketFactory(context.getSocketFactory(), trust);
      if (hostnames != null) {
        builder.hostnameVerifier(hostnames);
      }
    } catch (GeneralSecurityException e) {
      throw new ProxmoxSettingsException("cannot set up TLS for Proxmox: " + e.getMessage(), e);
    }
  }

  private static X509TrustManager fromCaFile(ProxmoxProperties properties)
      throws GeneralSecurityException {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(properties.caFile())) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException | CertificateException e) {
      throw new ProxmoxSettingsException(
          "phoenix.proxmox.ca-file "
              + properties.caFile()
              + " is not a readable PEM certificate file: "
              + e.getMessage(),
          e);
    }
    if (certificates.isEmpty()) {
      throw new ProxmoxSettingsException(
          "phoenix.proxmox.ca-file " + properties.caFile() + " holds no certificate");
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new ProxmoxSettingsException("cannot create a trust store: " + e.getMessage(), e);
    }
    int i = 0;
    for (Certificate certificate : certificates) {
      store.setCertificateEntry("ca-" + i++, certificate);
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return (X509TrustManager) factory.getTrustManagers()[0];
  }

  private static X509TrustManager systemDefault() throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    return (X509TrustManager) factory.getTrustManagers()[0];
  }

  /** Lower-case hex SHA-256 of a certificate's DER. */
  static String fingerprint(X509Certificate certificate) throws CertificateException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new CertificateException(e);
    }
  }

  /** Trusts exactly the server certificate whose SHA-256 fingerprint is pinned. */
  private static final class Pinned implements X509TrustManager {
    private final String pin;

    Pinned(String pin) {
      this.pin = pin;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      if (chain == null || chain.length == 0) {
        throw new CertificateException("the server sent no certificate");
      }
      String actual = fingerprint(chain[0]);
      if (!actual.equals(pin)) {
        throw new CertificateException(
            "the server certificate's SHA-256 fingerprint "
                + actual
                + " is not the pinned "
                + pin
                + " (phoenix.proxmox.fingerprint)");
      }
      chain[0].checkValidity();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("client certificates are not trusted here");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  /** Accepts any server: only with the explicit, logged insecure setting. */
  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      // verification is off on purpose (phoenix.proxmox.insecure=true)
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("client certificates are not trusted here");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}

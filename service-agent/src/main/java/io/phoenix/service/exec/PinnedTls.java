package io.phoenix.service.exec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * TLS trust for the agent's HTTP clients (Proxmox, Portainer): a pinned certificate fingerprint, a
 * CA file, or — an explicit, logged choice — none. Public because the Portainer client uses it too.
 */
public final class PinnedTls {

  private PinnedTls() {}

  /**
   * Configures {@code builder} to trust the server whose leaf certificate has SHA-256 {@code
   * fingerprint} (hex, colons allowed) or that chains to a CA in {@code caFile}; with both null, to
   * trust anything (the caller has decided and logged that).
   */
  public static OkHttpClient.Builder apply(
      OkHttpClient.Builder builder, String fingerprint, Path caFile, boolean insecure)
      throws GeneralSecurityException, IOException {
    X509TrustManager trust;
    if (fingerprint != null && !fingerprint.isBlank()) {
      trust = new Pinned(normalise(fingerprint));
      builder.hostnameVerifier((host, session) -> true); // the pin names the exact certificate
    } else if (caFile != null) {
      trust = fromCaFile(caFile);
    } else if (insecure) {
      trust = new Pinned(null);
      builder.hostnameVerifier((host, session) -> true);
    } else {
      return builder;
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {trust}, null);
    return builder.sslSocketFactory(context.getSocketFactory(), trust);
  }

  /** Lower-case hex SHA-256 of the certificate's DER encoding. */
  public static String fingerprint(X509Certificate certificate) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String normalise(String fingerprint) {
    return fingerprint.replace(":", "").trim().toLowerCase(Locale.ROOT);
  }

  private static X509TrustManager fromCaFile(Path caFile)
      throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(caFile)) {
      int i = 0;
      for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, ca);
      }
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager for " + caFile);
  }

  /** Trusts exactly one leaf certificate (or, with a null pin, any). */
  private record Pinned(String sha256) implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("client certificates are not checked here");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      if (sha256 == null) {
        return;
      }
      if (chain == null || chain.length == 0) {
        throw new CertificateException("the server sent no certificate");
      }
      String actual = fingerprint(chain[0]);
      if (!sha256.equals(actual)) {
        throw new CertificateException(
            "the server's certificate " + actual + " is not the pinned one " + sha256);
      }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}

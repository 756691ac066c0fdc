package io.phoenix.pki.ca;

import io.phoenix.pki.PkiFailure;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * step-ca's HTTP API over TLS that must chain to the pinned root (and no other trust anchor).
 *
 * <p>Every failure becomes a {@link PkiFailure} typed where it is understood: no answer or 5xx is
 * {@code CA_UNAVAILABLE} (retryable); a chain that does not lead to the pin is {@code
 * ROOT_MISMATCH}; 401 is {@code TOKEN_EXPIRED} when the CA's clock ({@code Date}) lies outside the
 * token's window, else {@code PROVISIONER_REJECTED}; 403 is {@code CA_FORBIDDEN}; 400 {@code
 * CA_BAD_REQUEST}. None of those is retryable. The token never appears in a message.
 */
public final class StepCaClient implements AutoCloseable {

  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  /** go-jose's leeway in step-ca's token check. */
  private static final Duration CA_LEEWAY = Duration.ofMinutes(1);

  private final URI baseUrl;
  private final PinnedRoot root;
  private final OkHttpClient http;
  private final JsonMapper json = JsonMapper.builder().build();

  /**
   * @param baseUrl the CA, e.g. {@code https://10.0.0.103:9000} (a path is ignored)
   * @param root the only root trusted for the CA's TLS certificate
   * @param timeout the longest one call may take
   */
  public StepCaClient(URI baseUrl, PinnedRoot root, Duration timeout) {
    this.baseUrl = URI.create(baseUrl.getScheme() + "://" + baseUrl.getRawAuthority());
    this.root = root;
    X509TrustManager trust = trustOnly(root);
    this.http =
        new OkHttpClient.Builder()
            .sslSocketFactory(tlsContext(trust).getSocketFactory(), trust)
            .connectTimeout(Duration.ofSeconds(Math.min(10, Math.max(1, timeout.toSeconds()))))
            .callTimeout(timeout)
            .retryOnConnectionFailure(false)
            .build();
  }

  /** The URL a sign token's audience names. */
  public String signUrl() {
    return baseUrl + "/1.0/sign";
  }

  public URI baseUrl() {
    return baseUrl;
  }

  /** {@code GET /health}: returns when the CA answers {@code {"status":"ok"}} over pinned TLS. */
  public void health() throws PkiFailure {
    Request request = new Request.Builder().url(baseUrl + "/health").get().build();
    try (Response response = http.newCall(request).execute()) {
      String body = response.body() == null ? "" : response.body().string();
      if (response.code() != 200) {
        throw statusFailure(response.code(), body, "health", null, null);
      }
      if (!"ok".equals(json.readTree(body).path("status").asString(""))) {
        throw new PkiFailure(
            PkiFailure.CA_UNAVAILABLE, "CA at " + baseUrl + " is not healthy: " + body, true);
      }
    } catch (IOException e) {
      throw transportFailure(e);
    } catch (RuntimeException e) {
      throw new PkiFailure(
          PkiFailure.CA_UNAVAILABLE,
          "CA at " + baseUrl + " answered /health with something that is not step-ca's JSON",
          true);
    }
  }

  /**
   * {@code POST /1.0/sign} with a new one-time token for {@code subject} and {@code sans}.
   *
   * @param notAfter a Go duration such as {@code 24h}, step-ca's {@code notAfter}
   */
  public SignedChain sign(
      ProvisionerKey key,
      String csrPem,
      String subject,
      List<String> sans,
      String notAfter,
      Instant now,
      Duration tokenLifetime)
      throws PkiFailure {
    OneTimeToken.Minted token =
        OneTimeToken.mint(key, signUrl(), subject, sans, root.fingerprint(), now, tokenLifetime);
    byte[] body =
        json.writeValueAsBytes(Map.of("csr", csrPem, "ott", token.token(), "notAfter", notAfter));
    Request request =
        new Request.Builder().url(signUrl()).post(RequestBody.create(body, JSON_TYPE)).build();
    try (Response response = http.newCall(request).execute()) {
      String text = response.body() == null ? "" : response.body().string();
      if (response.code() != 201 && response.code() != 200) {
        throw statusFailure(response.code(), text, "sign", response.header("Date"), token);
      }
      return parseChain(text);
    } catch (IOException e) {
      throw transportFailure(e);
    }
  }

  private SignedChain parseChain(String text) throws PkiFailure {
    try {
      JsonNode answer = json.readTree(text);
      List<String> pems = new ArrayList<>();
      answer.path("certChain").forEach(node -> pems.add(node.asString("")));
      if (pems.isEmpty()) {
        pems.add(answer.path("crt").asString(""));
        pems.add(answer.path("ca").asString(""));
      }
      return new SignedChain(PemCertificates.parse(String.join("\n", pems)));
    } catch (RuntimeException e) {
      throw new PkiFailure(
          PkiFailure.CHAIN_INVALID,
          "CA at " + baseUrl + " answered the sign request without a readable certificate chain",
          false);
    }
  }

  private PkiFailure statusFailure(
      int status, String body, String what, String dateHeader, OneTimeToken.Minted token) {
    String caMessage = caMessage(body);
    String where = "CA at " + baseUrl + " answered " + what + " with " + status + ": " + caMessage;
    if (status >= 500 || status == 429) {
      return new PkiFailure(PkiFailure.CA_UNAVAILABLE, where, true);
    }
    return switch (status) {
      case 401 -> unauthorized(where, dateHeader, token);
      case 403 ->
          new PkiFailure(
              PkiFailure.CA_FORBIDDEN,
              where
                  + " (the CSR does not match the token's names, or the lifetime is out of"
                  + " bounds)",
              false);
      case 400 -> new PkiFailure(PkiFailure.CA_BAD_REQUEST, where, false);
      default ->
          new PkiFailure(PkiFailure.CA_BAD_REQUEST, where + " (is this URL a step-ca?)", false);
    };
  }

  private PkiFailure unauthorized(String where, String dateHeader, OneTimeToken.Minted token) {
    Instant caNow = parseDate(dateHeader);
    if (token != null
        && caNow != null
        && (caNow.isAfter(token.expiry().plus(CA_LEEWAY))
            || caNow.isBefore(token.notBefore().minus(CA_LEEWAY)))) {
      return new PkiFailure(
          PkiFailure.TOKEN_EXPIRED,
          where
              + " (the token was valid "
              + token.notBefore()
              + " to "
              + token.expiry()
              + " but the CA's clock says "
              + caNow
              + ": fix the clock of the pki-agent or of the CA)",
          false);
    }
    return new PkiFailure(
        PkiFailure.PROVISIONER_REJECTED,
        where
            + " (the CA does not accept this provisioner's key: is the pki-agent's public JWK the"
            + " one authorised in step-ca's ca.json?)",
        false);
  }

  private static Instant parseDate(String header) {
    if (header == null) {
      return null;
    }
    try {
      return ZonedDateTime.parse(header, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private String caMessage(String body) {
    try {
      String message = json.readTree(body).path("message").asString("");
      if (!message.isEmpty()) {
        return message;
      }
    } catch (RuntimeException e) {
      // Not step-ca's JSON: quote the start of the body below.
    }
    String trimmed = body.strip();
    return trimmed.length() > 200 ? trimmed.substring(0, 200) + "..." : trimmed;
  }

  private PkiFailure transportFailure(IOException e) {
    if (e instanceof SSLPeerUnverifiedException) {
      return new PkiFailure(
          PkiFailure.TLS_FAILED,
          "TLS to the CA at " + baseUrl + " failed: " + e.getMessage(),
          false,
          e);
    }
    if (e instanceof SSLHandshakeException && causedByCertificate(e)) {
      return new PkiFailure(
          PkiFailure.ROOT_MISMATCH,
          "the CA at "
              + baseUrl
              + " presents a certificate that does not chain to the pinned root "
              + root.fingerprint()
              + ": "
              + e.getMessage(),
          false,
          e);
    }
    return new PkiFailure(
        PkiFailure.CA_UNAVAILABLE,
        "the CA at "
            + baseUrl
            + " cannot be reached: "
            + e.getClass().getSimpleName()
            + ": "
            + e.getMessage(),
        true,
        e);
  }

  private static boolean causedByCertificate(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof CertificateException
          || cause instanceof java.security.cert.CertPathValidatorException
          || cause instanceof java.security.cert.CertPathBuilderException) {
        return true;
      }
    }
    return false;
  }

  private static X509TrustManager trustOnly(PinnedRoot root) {
    try {
      KeyStore anchors = KeyStore.getInstance("PKCS12");
      anchors.load(null, null);
      anchors.setCertificateEntry("pinned-root", root.certificate());
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(anchors);
      return (X509TrustManager) factory.getTrustManagers()[0];
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a trust manager for the pin: " + e, e);
    }
  }

  private static SSLContext tlsContext(X509TrustManager trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new X509TrustManager[] {trust}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Releases the connection pool and threads. */
  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}

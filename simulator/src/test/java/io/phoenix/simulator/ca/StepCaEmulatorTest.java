package io.phoenix.simulator.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The emulator over real HTTPS: step-ca's endpoints, JSON shapes, status codes and token rules. */
class StepCaEmulatorTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<String> SANS = List.of("nginx.phoenix.lan", "10.0.0.101");

  private StepCaEmulator ca;
  private TokenMaker provisioner;
  private OkHttpClient http;
  private String audience;

  @BeforeEach
  void start() throws Exception {
    ca = StepCaEmulator.start(StepCaEmulator.Settings.loopback());
    provisioner = new TokenMaker("phoenix-pki-agent");
    ca.authorizeProvisioner(provisioner.name, provisioner.publicJwk());
    http = client(ca.root());
    audience = ca.baseUri() + "/1.0/sign";
  }

  @AfterEach
  void stop() {
    ca.stop();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  @Test
  void healthRootsAndProvisionersAnswerLikeStepCa() throws Exception {
    assertThat(get("/health").path("status").asString()).isEqualTo("ok");
    try (Response roots = http.newCall(request("/roots.pem").build()).execute()) {
      assertThat(roots.header("Content-Type")).isEqualTo("application/x-pem-file");
      assertThat(roots.body().string()).isEqualTo(ca.rootPem());
    }
    assertThat(get("/root/" + ca.rootFingerprint()).path("ca").asString()).isEqualTo(ca.rootPem());
    JsonNode provisioners = get("/provisioners");
    assertThat(provisioners.path("provisioners").get(0).path("type").asString()).isEqualTo("JWK");
    assertThat(provisioners.path("provisioners").get(0).path("key").path("kid").asString())
        .isEqualTo(provisioner.kid);
    try (Response missing = http.newCall(request("/root/" + "00".repeat(32)).build()).execute()) {
      assertThat(missing.code()).isEqualTo(404);
      assertThat(JSON.readTree(missing.body().string()).path("status").asInt()).isEqualTo(404);
    }
  }

  @Test
  void signReturnsStepCasShapeWithARealChainToTheRoot() throws Exception {
    KeyPair keys = CaHierarchy.newEcKeyPair();

    Response response =
        sign(csr(keys, "nginx.phoenix.lan", SANS), token("nginx.phoenix.lan", SANS), "2h");

    assertThat(response.code()).isEqualTo(201);
    JsonNode body = JSON.readTree(response.body().string());
    List<X509Certificate> chain = new ArrayList<>();
    body.path("certChain").forEach(pem -> chain.add(certificate(pem.asString())));
    assertThat(body.path("crt").asString()).isEqualTo(body.path("certChain").get(0).asString());
    assertThat(body.path("ca").asString()).isEqualTo(ca.hierarchy().intermediatePem());
    PKIXParameters pkix = new PKIXParameters(Set.of(new TrustAnchor(ca.root(), null)));
    pkix.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX")
        .validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), pkix);
    X509Certificate leaf = chain.get(0);
    assertThat(leaf.getPublicKey()).isEqualTo(keys.getPublic());
    assertThat(Duration.between(Instant.now(), leaf.getNotAfter().toInstant()))
        .isBetween(Duration.ofMinutes(119), Duration.ofMinutes(121));
    assertThat(ca.issued()).containsExactly(leaf);
  }

  @Test
  void aTokenIsUsedOnce() throws Exception {
    String token = token("nginx.phoenix.lan", SANS);
    KeyPair keys = CaHierarchy.newEcKeyPair();

    assertThat(sign(csr(keys, "nginx.phoenix.lan", SANS), token, "").code()).isEqualTo(201);
    Response replay = sign(csr(keys, "nginx.phoenix.lan", SANS), token, "");

    assertThat(replay.code()).isEqualTo(401);
    assertThat(JSON.readTree(replay.body().string()).path("message").asString())
        .startsWith("The request lacked necessary authorization");
  }

  @Test
  void tokensWithWrongAudienceKeyOrTimesAre401() throws Exception {
    KeyPair keys = CaHierarchy.newEcKeyPair();
    String csr = csr(keys, "nginx.phoenix.lan", SANS);
    TokenMaker stranger = new TokenMaker("phoenix-pki-agent");
    Instant now = Instant.now();

    assertThat(
            sign(
                    csr,
                    provisioner.token(
                        "https://elsewhere:9000/1.0/sign", "nginx.phoenix.lan", SANS, now, 300),
                    "")
                .code())
        .isEqualTo(401);
    assertThat(sign(csr, stranger.token(audience, "nginx.phoenix.lan", SANS, now, 300), "").code())
        .isEqualTo(401);
    assertThat(
            sign(
                    csr,
                    provisioner.token(
                        audience, "nginx.phoenix.lan", SANS, now.plusSeconds(600), 300),
                    "")
                .code())
        .isEqualTo(401);
    assertThat(sign(csr, provisioner.token(audience, "", SANS, now, 300), "").code())
        .isEqualTo(401);
  }

  @Test
  void expiredTokenIs401AndTheDateHeaderShowsTheCasClock() throws Exception {
    KeyPair keys = CaHierarchy.newEcKeyPair();
    Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));

    Response response =
        sign(
            csr(keys, "nginx.phoenix.lan", SANS),
            provisioner.token(audience, "nginx.phoenix.lan", SANS, anHourAgo, 300),
            "");

    assertThat(response.code()).isEqualTo(401);
    assertThat(response.headers().getInstant("Date"))
        .isBetween(Instant.now().minusSeconds(30), Instant.now().plusSeconds(1));
  }

  @Test
  void csrThatDoesNotMatchTheTokenOrTooLongALifetimeIs403() throws Exception {
    KeyPair keys = CaHierarchy.newEcKeyPair();

    assertThat(
            sign(
                    csr(keys, "nginx.phoenix.lan", List.of("nginx.phoenix.lan")),
                    token("nginx.phoenix.lan", SANS),
                    "")
                .code())
        .isEqualTo(403);
    assertThat(sign(csr(keys, "other", SANS), token("nginx.phoenix.lan", SANS), "").code())
        .isEqualTo(403);
    assertThat(
            sign(csr(keys, "nginx.phoenix.lan", SANS), token("nginx.phoenix.lan", SANS), "9000h")
                .code())
        .isEqualTo(403);
  }

  @Test
  void malformedRequestsAre400() throws Exception {
    assertThat(post("{\"ott\":\"x\"}").code()).isEqualTo(400);
    assertThat(post("not json").code()).isEqualTo(400);
    assertThat(
            post("{\"csr\":\"-----BEGIN CERTIFICATE REQUEST-----\\nAAAA\\n-----END CERTIFICATE REQUEST-----\\n\",\"ott\":\"x\"}")
                .code())
        .isEqualTo(400);
  }

  @Test
  void aPrivateJwkIsNeverAccepted() {
    String privateJwk = provisioner.publicJwk().replace("}", ",\"d\":\"AAAA\"}");

    assertThatThrownBy(() -> ca.authorizeProvisioner("leaky", privateJwk))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be public");
  }

  @Test
  void anOutageAnswersEveryRequestWithItsStatusUntilItEnds() throws Exception {
    ca.simulateOutage(503);
    try (Response response = http.newCall(request("/health").build()).execute()) {
      assertThat(response.code()).isEqualTo(503);
    }
    ca.simulateOutage(0);
    assertThat(get("/health").path("status").asString()).isEqualTo("ok");
  }

  private String token(String subject, List<String> sans) throws Exception {
    return provisioner.token(audience, subject, sans, Instant.now(), 300);
  }

  private Response sign(String csr, String token, String notAfter) throws Exception {
    String body =
        JSON.writeValueAsString(
            notAfter.isEmpty()
                ? java.util.Map.of("csr", csr, "ott", token)
                : java.util.Map.of("csr", csr, "ott", token, "notAfter", notAfter));
    return post(body);
  }

  private Response post(String body) throws Exception {
    Response response =
        http.newCall(
                request("/1.0/sign")
                    .post(RequestBody.create(body, MediaType.get("application/json")))
                    .build())
            .execute();
    // Read the body now so callers may read it once and the connection is released.
    byte[] bytes = response.body().bytes();
    response.close();
    return response
        .newBuilder()
        .body(okhttp3.ResponseBody.create(bytes, MediaType.get("application/json")))
        .build();
  }

  private JsonNode get(String path) throws Exception {
    try (Response response = http.newCall(request(path).build()).execute()) {
      assertThat(response.code()).as(path).isEqualTo(200);
      return JSON.readTree(response.body().string());
    }
  }

  private Request.Builder request(String path) {
    return new Request.Builder().url(ca.baseUri() + path);
  }

  private static String csr(KeyPair keys, String commonName, List<String> sans) throws Exception {
    JcaPKCS10CertificationRequestBuilder builder =
        new JcaPKCS10CertificationRequestBuilder(
            new X500Name("CN=" + commonName), keys.getPublic());
    ExtensionsGenerator extensions = new ExtensionsGenerator();
    extensions.addExtension(
        Extension.subjectAlternativeName, false, CaHierarchy.generalNames(sans));
    builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
    return CaHierarchy.pemObject(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
  }

  private static X509Certificate certificate(String pem) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static OkHttpClient client(X509Certificate root) throws Exception {
    KeyStore anchors = KeyStore.getInstance("PKCS12");
    anchors.load(null, null);
    anchors.setCertificateEntry("root", (Certificate) root);
    TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
    factory.init(anchors);
    X509TrustManager trust = (X509TrustManager) factory.getTrustManagers()[0];
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, new X509TrustManager[] {trust}, null);
    return new OkHttpClient.Builder().sslSocketFactory(tls.getSocketFactory(), trust).build();
  }
}

package io.phoenix.pki.ca;

import java.io.IOException;
import java.net.URI;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.json.JsonMapper;

/** Plain HTTP calls to a CA, for what the agent never does on purpose (e.g. reuse a token). */
final class RawCaCalls implements AutoCloseable {

  private final URI baseUri;
  private final OkHttpClient http;

  RawCaCalls(URI baseUri, PinnedRoot root) throws Exception {
    this.baseUri = baseUri;
    KeyStore anchors = KeyStore.getInstance("PKCS12");
    anchors.load(null, null);
    anchors.setCertificateEntry("root", root.certificate());
    TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
    factory.init(anchors);
    X509TrustManager trust = (X509TrustManager) factory.getTrustManagers()[0];
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, new X509TrustManager[] {trust}, null);
    http = new OkHttpClient.Builder().sslSocketFactory(tls.getSocketFactory(), trust).build();
  }

  /** POSTs a sign request and returns the status. */
  int sign(String csrPem, String token) throws IOException {
    byte[] body =
        JsonMapper.builder()
            .build()
            .writeValueAsBytes(java.util.Map.of("csr", csrPem, "ott", token));
    Request request =
        new Request.Builder()
            .url(baseUri + "/1.0/sign")
            .post(RequestBody.create(body, MediaType.get("application/json")))
            .build();
    try (Response response = http.newCall(request).execute()) {
      return response.code();
    }
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}

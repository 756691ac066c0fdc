package io.phoenix.simulator.pve;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionPool;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small OkHttp client for the simulator that verifies its TLS certificate (trusting the PEM it
 * publishes) and returns status, reason phrase, headers and JSON body.
 */
final class PveHttp {

  static final JsonMapper JSON = JsonMapper.builder().build();

  /** One answer. */
  record Reply(int status, String reason, String contentType, String connection, String body) {

    JsonNode json() {
      return JSON.readTree(body);
    }

    JsonNode data() {
      return json().path("data");
    }
  }

  private final PveSimulator simulator;
  private final OkHttpClient client;
  private String authorization;
  private String cookie;
  private String csrf;

  PveHttp(PveSimulator simulator) {
    this.simulator = simulator;
    this.client = trusting(simulator.certificatePem());
    this.authorization = "PVEAPIToken=" + simulator.apiToken();
  }

  static OkHttpClient trusting(String pem) {
    try {
      X509Certificate certificate =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(
                      new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      store.setCertificateEntry("pve", certificate);
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      X509TrustManager trust = (X509TrustManager) factory.getTrustManagers()[0];
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
      return new OkHttpClient.Builder()
          .sslSocketFactory(ssl.getSocketFactory(), trust)
          .connectionPool(new ConnectionPool(2, 4, TimeUnit.SECONDS))
          .retryOnConnectionFailure(false)
          .readTimeout(Duration.ofSeconds(30))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  PveHttp withAuthorization(String value) {
    this.authorization = value;
    this.cookie = null;
    return this;
  }

  PveHttp withTicket(String ticket, String csrfToken) {
    this.authorization = null;
    this.cookie = "PVEAuthCookie=" + ticket;
    this.csrf = csrfToken;
    return this;
  }

  PveHttp withoutCsrf() {
    this.csrf = null;
    return this;
  }

  Reply get(String path, String... query) {
    HttpUrl.Builder url = HttpUrl.get(simulator.baseUri() + "/api2/json" + path).newBuilder();
    for (int i = 0; i < query.length; i += 2) {
      url.addQueryParameter(query[i], query[i + 1]);
    }
    return send(new Request.Builder().url(url.build()).get(), false);
  }

  Reply post(String path, String... form) {
    return send(new Request.Builder().url(api(path)).post(form(form)), true);
  }

  Reply put(String path, String... form) {
    return send(new Request.Builder().url(api(path)).put(form(form)), true);
  }

  Reply delete(String path) {
    return send(new Request.Builder().url(api(path)).delete(), true);
  }

  /** A POST with a hand-written form body, exactly as given (no client-side encoding). */
  Reply postRawForm(String path, String body) {
    return send(
        new Request.Builder()
            .url(api(path))
            .post(RequestBody.create(body, MediaType.get("application/x-www-form-urlencoded"))),
        true);
  }

  Reply postJson(String path, String json) {
    return send(
        new Request.Builder()
            .url(api(path))
            .post(RequestBody.create(json, MediaType.get("application/json"))),
        true);
  }

  /** A control API call ({@code /_sim/...}) with an optional JSON body. */
  Reply control(String method, String path, String json) {
    RequestBody body =
        json == null ? null : RequestBody.create(json, MediaType.get("application/json"));
    if (body == null && (method.equals("POST") || method.equals("PUT"))) {
      body = RequestBody.create(new byte[0]);
    }
    return send(
        new Request.Builder().url(simulator.baseUri() + "/_sim" + path).method(method, body),
        false);
  }

  /** Polls the task until it stops (bounded) and returns its status. */
  JsonNode waitTask(String upid) {
    String node = upid.split(":")[1];
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(25))
        .until(
            () -> {
              last[0] = get("/nodes/" + node + "/tasks/" + upid + "/status").data();
              return "stopped".equals(last[0].path("status").asString());
            });
    return last[0];
  }

  /** Sets task durations (ms at speed factor 1) through the control API. */
  void durations(Map<String, Long> millis) {
    control("PUT", "/settings", JSON.writeValueAsString(Map.of("taskDurationsMs", millis)));
  }

  private String api(String path) {
    return simulator.baseUri() + "/api2/json" + path;
  }

  private static RequestBody form(String... pairs) {
    FormBody.Builder form = new FormBody.Builder();
    for (int i = 0; i < pairs.length; i += 2) {
      form.add(pairs[i], pairs[i + 1]);
    }
    return form.build();
  }

  private Reply send(Request.Builder request, boolean mutating) {
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (cookie != null) {
      request.header("Cookie", cookie);
      if (mutating && csrf != null) {
        request.header("CSRFPreventionToken", csrf);
      }
    }
    try (Response response = client.newCall(request.build()).execute()) {
      return new Reply(
          response.code(),
          response.message(),
          response.header("Content-Type"),
          response.header("Connection"),
          response.body().string());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.phoenix.service.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The few Proxmox VE API calls the guest agent channel needs, over OkHttp with token auth and
 * verified TLS. Kept minimal on purpose: lifecycle calls belong to the proxmox-agent.
 */
final class PveApi {

  private static final Logger log = LoggerFactory.getLogger(PveApi.class);

  private final HttpUrl base;
  private final String authorization;
  private final OkHttpClient http;
  private final JsonMapper json;

  PveApi(PveProperties properties, JsonMapper json) throws Exception {
    if (properties.url() == null) {
      throw new IllegalStateException(
          "VM exec needs the Proxmox API: set phoenix.service-agent.pve.url");
    }
    if (properties.tokenId() == null) {
      throw new IllegalStateException(
          "VM exec needs an API token: set phoenix.service-agent.pve.token-id");
    }
    String secret =
        properties.tokenSecretFile() != null
            ? Files.readString(properties.tokenSecretFile()).trim()
            : properties.tokenSecret();
    if (secret == null || secret.isBlank()) {
      throw new IllegalStateException(
          "VM exec needs the API token's secret: set phoenix.service-agent.pve.token-secret-file"
              + " (or the PHOENIX_SERVICE_AGENT_PVE_TOKEN_SECRET environment variable)");
    }
    if (properties.insecureTls()) {
      log.warn("TLS verification of the Proxmox API at {} is OFF (insecure-tls)", properties.url());
    }
    this.base =
        HttpUrl.get(properties.url().toString()).newBuilder().addPathSegments("api2/json").build();
    this.authorization = "PVEAPIToken=" + properties.tokenId() + "=" + secret;
    this.json = json;
    OkHttpClient.Builder builder =
        new OkHttpClient.Builder()
            // PVE closes idle connections after 5 s: stay below, and never resend a POST silently.
            .connectionPool(new ConnectionPool(4, 4, TimeUnit.SECONDS))
            .retryOnConnectionFailure(false)
            .connectTimeout(10, TimeUnit.SECONDS)
            .readTimeout(40, TimeUnit.SECONDS);
    this.http =
        PinnedTls.apply(
                builder, properties.fingerprint(), properties.caFile(), properties.insecureTls())
            .build();
  }

  /** POST with a form body; repeated keys for arrays. Returns {@code data}. */
  JsonNode post(String path, List<Map.Entry<String, String>> form)
      throws IOException, PveApiException {
    FormBody.Builder body = new FormBody.Builder();
    form.forEach(e -> body.add(e.getKey(), e.getValue()));
    return call(new Request.Builder().url(url(path, Map.of())).post(body.build()));
  }

  /** GET with query parameters. Returns {@code data}. */
  JsonNode get(String path, Map<String, String> query) throws IOException, PveApiException {
    return call(new Request.Builder().url(url(path, query)).get());
  }

  private HttpUrl url(String path, Map<String, String> query) {
    HttpUrl.Builder url = base.newBuilder();
    for (String segment : path.replaceFirst("^/", "").split("/")) {
      url.addPathSegment(segment);
    }
    query.forEach(url::addQueryParameter);
    return url.build();
  }

  private JsonNode call(Request.Builder request) throws IOException, PveApiException {
    try (Response response =
        http.newCall(request.header("Authorization", authorization).build()).execute()) {
      ResponseBody body = response.body();
      String text = body == null ? "" : body.string();
      if (!response.isSuccessful()) {
        throw new PveApiException(response.code(), errorText(response, text));
      }
      return json.readTree(text).path("data");
    }
  }

  private String errorText(Response response, String body) {
    try {
      JsonNode message = json.readTree(body).path("message");
      if (message.isString() && !message.asString().isBlank()) {
        return message.asString().trim();
      }
    } catch (RuntimeException notJson) {
      // older hosts send no message: the reason phrase is the error text
    }
    return response.message().isBlank() ? "HTTP " + response.code() : response.message();
  }
}

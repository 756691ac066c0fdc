package io.phoenix.service.portainer;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Portainer API calls the agent makes (OkHttp). Passwords and tokens go only into request
 * bodies and headers; nothing here logs them.
 */
final class PortainerClient {

  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  /** An environment as Portainer lists it. */
  record Environment(int id, String name, String url) {}

  /** A stack as Portainer lists it. */
  record Stack(int id, String name, int endpointId, Map<String, String> env) {}

  private final HttpUrl base;
  private final OkHttpClient http;
  private final JsonMapper json;

  PortainerClient(URI base, OkHttpClient http, JsonMapper json) {
    this.base = HttpUrl.get(base.toString());
    this.http = http;
    this.json = json;
  }

  static OkHttpClient.Builder builder(PortainerProperties properties) {
    return new OkHttpClient.Builder()
        .retryOnConnectionFailure(false)
        .connectTimeout(10, TimeUnit.SECONDS)
        .readTimeout(properties.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .callTimeout(properties.timeout().multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
  }

  String base() {
    return base.toString();
  }

  boolean adminExists() throws PortainerException {
    try (Response response = http.newCall(get("/api/users/admin/check", null)).execute()) {
      if (response.code() == 204) {
        return true;
      }
      if (response.code() == 404) {
        return false;
      }
      throw error(response);
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  void initAdmin(String user, String password) throws PortainerException {
    ObjectNode body = json.createObjectNode().put("Username", user).put("Password", password);
    call(post("/api/users/admin/init", null, body));
  }

  String login(String user, String password) throws PortainerException {
    ObjectNode body = json.createObjectNode().put("Username", user).put("Password", password);
    return call(post("/api/auth", null, body)).path("jwt").asString();
  }

  List<Environment> environments(String jwt) throws PortainerException {
    List<Environment> out = new ArrayList<>();
    for (JsonNode e : call(get("/api/endpoints", jwt))) {
      out.add(
          new Environment(
              e.path("Id").asInt(), e.path("Name").asString(), e.path("URL").asString()));
    }
    return out;
  }

  Environment createAgentEnvironment(String jwt, String name, String url)
      throws PortainerException {
    FormBody form =
        new FormBody.Builder()
            .add("Name", name)
            .add("EndpointCreationType", "2")
            .add("URL", url)
            .add("GroupID", "1")
            .add("TLS", "true")
            .add("TLSSkipVerify", "true")
            .add("TLSSkipClientVerify", "true")
            .build();
    JsonNode e =
        call(
            new Request.Builder()
                .url(url("/api/endpoints"))
                .header("Authorization", "Bearer " + jwt)
                .post(form)
                .build());
    return new Environment(
        e.path("Id").asInt(), e.path("Name").asString(), e.path("URL").asString());
  }

  void updateEnvironmentUrl(String jwt, int id, String url) throws PortainerException {
    ObjectNode body = json.createObjectNode().put("URL", url);
    call(
        new Request.Builder()
            .url(url("/api/endpoints/" + id))
            .header("Authorization", "Bearer " + jwt)
            .put(RequestBody.create(json.writeValueAsBytes(body), JSON_TYPE))
            .build());
  }

  List<Stack> stacks(String jwt) throws PortainerException {
    List<Stack> out = new ArrayList<>();
    for (JsonNode s : call(get("/api/stacks", jwt))) {
      Map<String, String> env = new LinkedHashMap<>();
      s.path("Env").forEach(e -> env.put(e.path("name").asString(), e.path("value").asString()));
      out.add(
          new Stack(
              s.path("Id").asInt(), s.path("Name").asString(), s.path("EndpointId").asInt(), env));
    }
    return out;
  }

  String stackFile(String jwt, int id) throws PortainerException {
    return call(get("/api/stacks/" + id + "/file", jwt)).path("StackFileContent").asString();
  }

  void createStack(String jwt, int endpointId, String name, String compose, Map<String, String> env)
      throws PortainerException {
    ObjectNode body = json.createObjectNode().put("Name", name).put("StackFileContent", compose);
    body.set("Env", envJson(env));
    call(post("/api/stacks/create/standalone/string?endpointId=" + endpointId, jwt, body));
  }

  void updateStack(String jwt, int id, int endpointId, String compose, Map<String, String> env)
      throws PortainerException {
    ObjectNode body =
        json.createObjectNode()
            .put("StackFileContent", compose)
            .put("Prune", false)
            .put("PullImage", false);
    body.set("Env", envJson(env));
    call(
        new Request.Builder()
            .url(url("/api/stacks/" + id + "?endpointId=" + endpointId))
            .header("Authorization", "Bearer " + jwt)
            .put(RequestBody.create(json.writeValueAsBytes(body), JSON_TYPE))
            .build());
  }

  private ArrayNode envJson(Map<String, String> env) {
    ArrayNode list = json.createArrayNode();
    new java.util.TreeMap<>(env).forEach((k, v) -> list.addObject().put("name", k).put("value", v));
    return list;
  }

  private HttpUrl url(String pathAndQuery) {
    return HttpUrl.get(base.toString().replaceAll("/+$", "") + pathAndQuery);
  }

  private Request get(String path, String jwt) {
    Request.Builder request = new Request.Builder().url(url(path)).get();
    if (jwt != null) {
      request.header("Authorization", "Bearer " + jwt);
    }
    return request.build();
  }

  private Request post(String path, String jwt, JsonNode body) {
    Request.Builder request =
        new Request.Builder()
            .url(url(path))
            .post(RequestBody.create(json.writeValueAsBytes(body), JSON_TYPE));
    if (jwt != null) {
      request.header("Authorization", "Bearer " + jwt);
    }
    return request.build();
  }

  private JsonNode call(Request request) throws PortainerException {
    try (Response response = http.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw error(response);
      }
      ResponseBody body = response.body();
      String text = body == null ? "" : body.string();
      return text.isBlank() ? json.createObjectNode() : json.readTree(text);
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  private PortainerException error(Response response) throws IOException {
    ResponseBody body = response.body();
    String text = body == null ? "" : body.string();
    String message;
    try {
      JsonNode node = json.readTree(text);
      message =
          node.path("message").asString("")
              + (node.path("details").isString()
                  ? " (" + node.path("details").asString() + ")"
                  : "");
    } catch (RuntimeException notJson) {
      message = text;
    }
    return new PortainerException(
        response.code(),
        "Portainer "
            + response.request().method()
            + " "
            + response.request().url().encodedPath()
            + " answered "
            + response.code()
            + ": "
            + message.trim(),
        null);
  }

  private PortainerException unreachable(IOException e) {
    return new PortainerException(
        0, "cannot reach Portainer at " + base + ": " + e.getMessage(), e);
  }
}

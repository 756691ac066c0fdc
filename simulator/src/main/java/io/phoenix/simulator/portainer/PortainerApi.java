package io.phoenix.simulator.portainer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Portainer API routes the emulator serves. */
final class PortainerApi implements HttpHandler {

  private static final Pattern ENDPOINT = Pattern.compile("/api/endpoints/(\\d+)");
  private static final Pattern STACK = Pattern.compile("/api/stacks/(\\d+)");
  private static final Pattern STACK_FILE = Pattern.compile("/api/stacks/(\\d+)/file");

  private final PortainerState state;
  private final Supplier<Predicate<String>> agentProbe;
  private final BiConsumer<PortainerEmulator.Environment, PortainerEmulator.Stack> deployed;
  private final JsonMapper json = JsonMapper.builder().build();

  PortainerApi(
      PortainerState state,
      Supplier<Predicate<String>> agentProbe,
      BiConsumer<PortainerEmulator.Environment, PortainerEmulator.Stack> deployed) {
    this.state = state;
    this.agentProbe = agentProbe;
    this.deployed = deployed;
  }

  private Reply deployedReply(PortainerEmulator.Stack stack) {
    state.environment(stack.endpointId()).ifPresent(e -> deployed.accept(e, stack));
    return new Reply(200, stackJson(stack));
  }

  /** An answer: status and JSON body (null for none). */
  private record Reply(int status, Object body) {
    static Reply error(int status, String message, String details) {
      return new Reply(status, Map.of("message", message, "details", details));
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Reply reply;
    try {
      reply = route(exchange);
    } catch (JacksonException | IllegalArgumentException e) {
      reply = Reply.error(400, "Invalid request payload", e.getMessage());
    }
    byte[] body = reply.body() == null ? new byte[0] : json.writeValueAsBytes(reply.body());
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
    exchange.close();
  }

  private Reply route(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    byte[] body = exchange.getRequestBody().readAllBytes();
    Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
    if (method.equals("GET") && path.equals("/_sim/portainer")) {
      return new Reply(
          200,
          Map.of(
              "adminInitialised", state.hasAdmin(),
              "environments", state.environments(),
              "stacks", state.stacks()));
    }
    if (method.equals("GET") && path.equals("/api/system/status")) {
      return new Reply(200, Map.of("Version", "2.27.3", "InstanceID", "phoenix-sim"));
    }
    if (method.equals("GET") && path.equals("/api/users/admin/check")) {
      return state.hasAdmin()
          ? new Reply(204, null)
          : Reply.error(
              404, "Administrator not initialized", "Object not found inside the database");
    }
    if (method.equals("POST") && path.equals("/api/users/admin/init")) {
      JsonNode payload = json.readTree(body);
      String user = payload.path("Username").asString("");
      String password = payload.path("Password").asString("");
      if (user.isBlank()) {
        return Reply.error(400, "Invalid request payload", "Invalid username");
      }
      if (password.length() < 12) {
        return Reply.error(
            400, "Invalid request payload", "Password does not meet the requirements");
      }
      if (!state.initAdmin(user, password)) {
        return Reply.error(
            409, "Unable to create administrator user", "An administrator user already exists");
      }
      return new Reply(200, Map.of("Id", 1, "Username", user, "Role", 1));
    }
    if (method.equals("POST") && path.equals("/api/auth")) {
      JsonNode payload = json.readTree(body);
      Optional<String> token =
          state.login(payload.path("Username").asString(""), payload.path("Password").asString(""));
      return token
          .map(t -> new Reply(200, Map.<String, Object>of("jwt", t)))
          .orElseGet(() -> Reply.error(422, "Invalid credentials", "Unauthorized"));
    }
    if (!path.startsWith("/api/")) {
      return Reply.error(404, "Not found", "Unknown path " + path);
    }
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7).trim() : null;
    if (!state.validToken(token)) {
      return Reply.error(401, "Invalid JWT token", "Unauthorized");
    }
    return authenticated(method, path, body, query, exchange);
  }

  private Reply authenticated(
      String method, String path, byte[] body, Map<String, String> query, HttpExchange exchange)
      throws IOException {
    Matcher m;
    if (method.equals("GET") && path.equals("/api/endpoints")) {
      return new Reply(
          200, state.environments().stream().map(PortainerApi::environmentJson).toList());
    }
    if (method.equals("POST") && path.equals("/api/endpoints")) {
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
        return Reply.error(400, "Invalid request payload", "expected a form");
      }
      Map<String, String> form = form(new String(body, StandardCharsets.UTF_8));
      String name = form.getOrDefault("Name", "");
      if (name.isBlank()) {
        return Reply.error(400, "Invalid request payload", "Invalid environment name");
      }
      int creation = Integer.parseInt(form.getOrDefault("EndpointCreationType", "0"));
      String url = form.getOrDefault("URL", "");
      if (creation == 2 && url.isBlank()) {
        return Reply.error(400, "Invalid request payload", "Invalid environment URL");
      }
      if (creation == 2 && !agentProbe.get().test(url)) {
        return Reply.error(
            500,
            "Unable to initiate communications with environment",
            "dial tcp " + url.replace("tcp://", "") + ": connect: connection refused");
      }
      return state
          .addEnvironment(name, creation == 2 ? 2 : 1, url)
          .map(e -> new Reply(200, environmentJson(e)))
          .orElseGet(
              () ->
                  Reply.error(
                      409,
                      "Name is not unique",
                      "An environment with the same name already exists"));
    }
    if ((m = ENDPOINT.matcher(path)).matches() && method.equals("GET")) {
      return state
          .environment(Integer.parseInt(m.group(1)))
          .map(e -> new Reply(200, environmentJson(e)))
          .orElseGet(
              () ->
                  Reply.error(
                      404,
                      "Unable to find an environment with the specified identifier inside the database",
                      "Object not found inside the database"));
    }
    if ((m = ENDPOINT.matcher(path)).matches() && method.equals("PUT")) {
      JsonNode payload = json.readTree(body);
      String name = payload.path("Name").isString() ? payload.path("Name").asString() : null;
      String url = payload.path("URL").isString() ? payload.path("URL").asString() : null;
      return state
          .updateEnvironment(Integer.parseInt(m.group(1)), name, url)
          .map(e -> new Reply(200, environmentJson(e)))
          .orElseGet(
              () ->
                  Reply.error(
                      404,
                      "Unable to find an environment with the specified identifier inside the database",
                      "Object not found inside the database"));
    }
    if (method.equals("GET") && path.equals("/api/stacks")) {
      return new Reply(200, state.stacks().stream().map(PortainerApi::stackJson).toList());
    }
    if (method.equals("POST") && path.equals("/api/stacks/create/standalone/string")) {
      int endpointId = endpointId(query);
      if (state.environment(endpointId).isEmpty()) {
        return Reply.error(
            404,
            "Unable to find an environment with the specified identifier inside the database",
            "Object not found inside the database");
      }
      JsonNode payload = json.readTree(body);
      String name = normalise(payload.path("Name").asString(""));
      if (name.isEmpty()) {
        return Reply.error(400, "Invalid request payload", "Invalid stack name");
      }
      String compose = payload.path("StackFileContent").asString("");
      if (compose.isBlank()) {
        return Reply.error(400, "Invalid request payload", "Invalid stack file content");
      }
      return state
          .addStack(name, endpointId, compose, env(payload.path("Env")))
          .map(this::deployedReply)
          .orElseGet(
              () ->
                  Reply.error(
                      409,
                      "A stack with the normalized name '" + name + "' already exists",
                      "Conflict"));
    }
    if ((m = STACK_FILE.matcher(path)).matches() && method.equals("GET")) {
      return state
          .stack(Integer.parseInt(m.group(1)))
          .map(s -> new Reply(200, Map.<String, Object>of("StackFileContent", s.compose())))
          .orElseGet(
              () ->
                  Reply.error(
                      404,
                      "Unable to find a stack with the specified identifier inside the database",
                      "Object not found inside the database"));
    }
    if ((m = STACK.matcher(path)).matches() && method.equals("GET")) {
      return state
          .stack(Integer.parseInt(m.group(1)))
          .map(s -> new Reply(200, stackJson(s)))
          .orElseGet(
              () ->
                  Reply.error(
                      404,
                      "Unable to find a stack with the specified identifier inside the database",
                      "Object not found inside the database"));
    }
    if ((m = STACK.matcher(path)).matches() && method.equals("PUT")) {
      endpointId(query);
      JsonNode payload = json.readTree(body);
      String compose = payload.path("StackFileContent").asString("");
      if (compose.isBlank()) {
        return Reply.error(400, "Invalid request payload", "Invalid stack file content");
      }
      return state
          .updateStack(Integer.parseInt(m.group(1)), compose, env(payload.path("Env")))
          .map(this::deployedReply)
          .orElseGet(
              () ->
                  Reply.error(
                      404,
                      "Unable to find a stack with the specified identifier inside the database",
                      "Object not found inside the database"));
    }
    return Reply.error(404, "Not found", method + " " + path + " is not served by the emulator");
  }

  private static int endpointId(Map<String, String> query) {
    String id = query.get("endpointId");
    if (id == null || !id.matches("\\d+")) {
      throw new IllegalArgumentException("Invalid query parameter: endpointId");
    }
    return Integer.parseInt(id);
  }

  /** Portainer lower-cases stack names and drops characters other than a-z, 0-9, '-' and '_'. */
  static String normalise(String name) {
    return name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
  }

  private static Map<String, String> env(JsonNode list) {
    Map<String, String> env = new LinkedHashMap<>();
    list.forEach(e -> env.put(e.path("name").asString(""), e.path("value").asString("")));
    return env;
  }

  private static Map<String, Object> environmentJson(PortainerEmulator.Environment e) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Id", e.id());
    out.put("Name", e.name());
    out.put("Type", e.type());
    out.put("URL", e.url());
    out.put("GroupId", 1);
    out.put("Status", 1);
    return out;
  }

  private static Map<String, Object> stackJson(PortainerEmulator.Stack s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Id", s.id());
    out.put("Name", s.name());
    out.put("Type", 2);
    out.put("EndpointId", s.endpointId());
    out.put("Status", 1);
    out.put(
        "Env",
        s.env().entrySet().stream()
            .map(e -> Map.of("name", e.getKey(), "value", e.getValue()))
            .toList());
    return out;
  }

  private static Map<String, String> form(String raw) {
    Map<String, String> values = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return values;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      values.put(key, value);
    }
    return values;
  }
}

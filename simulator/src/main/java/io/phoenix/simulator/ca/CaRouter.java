package io.phoenix.simulator.ca;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Routes step-ca's read endpoints and hands {@code POST /1.0/sign} to {@link SignEndpoint}. */
final class CaRouter implements HttpHandler {

  private final CaHierarchy hierarchy;
  private final OneTimeTokenVerifier tokens;
  private final SignEndpoint sign;
  private final JsonMapper mapper;
  private final AtomicInteger outageStatus;
  private final Clock clock;

  CaRouter(
      CaHierarchy hierarchy,
      OneTimeTokenVerifier tokens,
      SignEndpoint sign,
      JsonMapper mapper,
      AtomicInteger outageStatus,
      Clock clock) {
    this.hierarchy = hierarchy;
    this.tokens = tokens;
    this.sign = sign;
    this.mapper = mapper;
    this.outageStatus = outageStatus;
    this.clock = clock;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      CaResponse response;
      try {
        response = route(exchange);
      } catch (RuntimeException e) {
        response = CaResponse.error(500);
      }
      byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", response.contentType());
      // Clients read the CA's clock from Date to tell an expired token from a wrong key.
      exchange
          .getResponseHeaders()
          .set(
              "Date",
              DateTimeFormatter.RFC_1123_DATE_TIME.format(
                  clock.instant().atOffset(ZoneOffset.UTC)));
      exchange.sendResponseHeaders(response.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private CaResponse route(HttpExchange exchange) throws IOException {
    int outage = outageStatus.get();
    if (outage != 0) {
      exchange.getRequestBody().readAllBytes();
      return CaResponse.error(outage);
    }
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    // step-ca serves every route both at the root and under /1.0.
    if (path.startsWith("/1.0/")) {
      path = path.substring(4);
    }
    if (method.equals("POST") && path.equals("/sign")) {
      return sign.sign(exchange.getRequestBody().readAllBytes());
    }
    if (!method.equals("GET")) {
      return CaResponse.notFound();
    }
    if (path.equals("/health")) {
      return CaResponse.json(200, "{\"status\":\"ok\"}");
    }
    if (path.equals("/roots.pem")) {
      return CaResponse.pem(hierarchy.rootPem());
    }
    if (path.startsWith("/root/")) {
      String sha = path.substring("/root/".length()).replace("-", "").toLowerCase();
      return sha.equals(hierarchy.rootFingerprint())
          ? CaResponse.json(200, mapper.writeValueAsString(Map.of("ca", hierarchy.rootPem())))
          : CaResponse.error(404);
    }
    if (path.equals("/provisioners")) {
      return CaResponse.json(200, provisioners());
    }
    return CaResponse.notFound();
  }

  private String provisioners() {
    ObjectNode body = mapper.createObjectNode();
    ArrayNode list = body.putArray("provisioners");
    tokens
        .provisioners()
        .forEach(
            (id, key) -> {
              ObjectNode provisioner = list.addObject();
              provisioner.put("type", "JWK");
              provisioner.put("name", id.substring(0, id.lastIndexOf(':')));
              provisioner.set("key", key.json());
            });
    body.put("nextCursor", "");
    return mapper.writeValueAsString(body);
  }
}

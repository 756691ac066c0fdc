package io.phoenix.simulator.pve;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.phoenix.simulator.http.SimRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads a request's parameters as pve-http-server does: the query string, plus a form or JSON body.
 * Form arrays are repeated keys; JSON booleans become 1/0 (the wire form).
 */
final class RequestParameters {

  private RequestParameters() {}

  static Map<String, List<String>> read(SimRequest request) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    request.query().forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    if (request.body().length == 0) {
      return out;
    }
    String type = request.header("content-type");
    if (type != null && type.toLowerCase().startsWith("application/json")) {
      JsonNode json;
      try {
        json = Json.read(request.bodyText());
      } catch (RuntimeException e) {
        throw PveException.fail(
            "unable to parse JSON body: " + e.getMessage().lines().findFirst().orElse(""));
      }
      if (!json.isObject()) {
        throw PveException.fail("unable to parse JSON body: expected an object");
      }
      for (Map.Entry<String, JsonNode> field : json.properties()) {
        List<String> values = out.computeIfAbsent(field.getKey(), x -> new ArrayList<>());
        if (field.getValue().isArray()) {
          field.getValue().valueStream().map(RequestParameters::text).forEach(values::add);
        } else if (!field.getValue().isNull()) {
          values.add(text(field.getValue()));
        }
      }
    } else {
      QueryStringDecoder form =
          new QueryStringDecoder(request.bodyText(), StandardCharsets.UTF_8, false, 100_000, true);
      form.parameters().forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    }
    return out;
  }

  private static String text(JsonNode node) {
    if (node.isBoolean()) {
      return node.asBoolean() ? "1" : "0";
    }
    return node.isValueNode() ? node.asString() : node.toString();
  }
}

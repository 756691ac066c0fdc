package io.phoenix.simulator.pve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The route table of {@code /api2/json}; every route must exist in the schema. */
final class Router {

  /** A matched route with its path variables. */
  record Match(Route route, Map<String, String> variables) {}

  private final List<Route> routes = new ArrayList<>();
  private final ApiSchema schema;

  Router(ApiSchema schema) {
    this.schema = schema;
  }

  void get(String template, String operation, Route.Handler handler) {
    add(new Route("GET", template, operation, false, handler));
  }

  void mutate(String method, String template, String operation, Route.Handler handler) {
    add(new Route(method, template, operation, true, handler));
  }

  void read(String method, String template, String operation, Route.Handler handler) {
    add(new Route(method, template, operation, false, handler));
  }

  private void add(Route route) {
    if (!schema.knows(route.method(), route.template())) {
      throw new IllegalStateException("no schema for " + route.method() + " " + route.template());
    }
    routes.add(route);
  }

  Optional<Match> match(String method, String path) {
    List<String> segments = Arrays.asList(path.substring(1).split("/"));
    for (Route route : routes) {
      if (route.method().equals(method)) {
        Map<String, String> vars = route.match(segments);
        if (vars != null) {
          return Optional.of(new Match(route, vars));
        }
      }
    }
    return Optional.empty();
  }
}

package io.phoenix.service.features;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code base_setup}: the packages every guest needs, and its time zone. */
final class BaseSetup implements Feature {

  static final List<String> PACKAGES =
      List.of("ca-certificates", "curl", "jq", "openssl", "gnupg", "tzdata");

  @Override
  public String name() {
    return "base_setup";
  }

  @Override
  public Map<String, Object> variables(FeatureRequest request) {
    List<String> packages = new ArrayList<>(PACKAGES);
    request.settings().list("packages").stream()
        .filter(p -> !packages.contains(p))
        .forEach(packages::add);
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("TIMEZONE", request.settings().text("timezone", "Etc/UTC"));
    vars.put("PACKAGES", packages);
    return vars;
  }
}

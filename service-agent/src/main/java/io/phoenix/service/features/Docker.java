package io.phoenix.service.features;

import java.util.List;
import java.util.Map;

/** {@code docker}: the Docker engine and the compose plugin from the distribution. */
final class Docker implements Feature {

  @Override
  public String name() {
    return "docker";
  }

  @Override
  public Map<String, Object> variables(FeatureRequest request) {
    return Map.of("PACKAGES", List.of("docker.io", "docker-compose-v2"));
  }
}

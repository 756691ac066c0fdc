package io.phoenix.common.inventory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;
import java.util.Optional;

/**
 * Where a feature's binary comes from instead of its default source (Smallstep's apt repository,
 * Traefik's GitHub release): the way to install on an air-gapped host. The feature downloads {@code
 * url}, refuses it unless its SHA-256 is {@code sha256}, and installs it (a raw binary, or a {@code
 * .tar.gz} holding a file of the artifact's binary name).
 *
 * @param url where the file is: {@code http}, {@code https} or {@code file} URL
 * @param sha256 the file's SHA-256, 64 lower-case hex digits
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Artifact(String url, String sha256) {

  /** The artifacts the features know, by the feature that installs each. */
  public static final Map<String, String> BY_FEATURE =
      Map.of("step_ca", "step-ca", "step_cli", "step-cli", "traefik", "traefik");

  /** The artifact name (key of the inventory's {@code artifacts}) that {@code feature} installs. */
  public static Optional<String> nameFor(String feature) {
    return Optional.ofNullable(BY_FEATURE.get(feature));
  }
}

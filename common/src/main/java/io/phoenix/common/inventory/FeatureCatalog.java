package io.phoenix.common.inventory;

import java.util.List;
import java.util.Set;

/**
 * The feature names Phoenix knows. {@link #SUPPORTED} are the ones the service agent applies;
 * {@link #LEGACY} are names the original phoenix configs use that the service agent does not
 * support yet: an inventory naming one is valid with a warning (the feature step will fail until
 * the service agent learns it, issue #6). Any other name is an error.
 */
public final class FeatureCatalog {

  public static final String BASE_SETUP = "base_setup";
  public static final String TRUSTED_CA = "trusted_ca";
  public static final String STEP_CA = "step_ca";
  public static final String STEP_CLI = "step_cli";
  public static final String NGINX = "nginx";
  public static final String TRAEFIK = "traefik";
  public static final String DOCKER = "docker";
  public static final String PORTAINER = "portainer";
  public static final String PORTAINER_AGENT = "portainer_agent";

  /** Applied by the service agent, in the order they usually appear. */
  public static final List<String> SUPPORTED =
      List.of(
          BASE_SETUP,
          TRUSTED_CA,
          STEP_CA,
          STEP_CLI,
          NGINX,
          TRAEFIK,
          DOCKER,
          PORTAINER,
          PORTAINER_AGENT);

  /** Used by the original phoenix configs (GPU and model servers, the Docker socket proxy). */
  public static final List<String> LEGACY = List.of("nvidia", "vllm", "ollama", "docker_proxy");

  private static final Set<String> SUPPORTED_SET = Set.copyOf(SUPPORTED);
  private static final Set<String> LEGACY_SET = Set.copyOf(LEGACY);

  private FeatureCatalog() {}

  public static boolean isSupported(String feature) {
    return SUPPORTED_SET.contains(feature);
  }

  public static boolean isLegacy(String feature) {
    return LEGACY_SET.contains(feature);
  }

  public static boolean isKnown(String feature) {
    return isSupported(feature) || isLegacy(feature);
  }

  /** Features that prepare a guest to request certificates: its CSR step waits for them. */
  public static boolean preparesCertificates(String feature) {
    return TRUSTED_CA.equals(feature) || STEP_CLI.equals(feature);
  }
}

package io.phoenix.service.portainer;

import io.phoenix.common.contract.StepFailed;
import io.phoenix.service.exec.PinnedTls;
import io.phoenix.service.params.Settings;
import io.phoenix.service.params.StepParams;
import io.phoenix.service.scripts.StepAbort;
import io.phoenix.service.secrets.SecretStore;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Opens Portainer for a command: its address, a TLS-checked client, the admin's credentials. */
@Component
class PortainerAccess {

  private static final Logger log = LoggerFactory.getLogger(PortainerAccess.class);

  private final PortainerProperties properties;
  private final JsonMapper json;
  private final SecretStore secrets;

  PortainerAccess(PortainerProperties properties, JsonMapper json) {
    this.properties = properties;
    this.json = json;
    this.secrets =
        properties.secretsDir() == null ? null : new SecretStore(properties.secretsDir());
    if (properties.insecureTls()) {
      log.warn(
          "TLS verification of Portainer is OFF (phoenix.service-agent.portainer.insecure-tls)");
    }
  }

  /** The {@code params.portainer} section. */
  static Settings section(StepParams params) {
    return params.params().child("portainer");
  }

  SecretStore secrets() throws StepAbort {
    if (secrets == null) {
      throw new StepAbort(
          new StepFailed(
              "NOT_CONFIGURED",
              "the service agent has no secret store: set phoenix.service-agent.portainer.secrets-dir",
              false,
              Map.of()));
    }
    return secrets;
  }

  static String adminUser(StepParams params) {
    return section(params).text("adminUser", "admin");
  }

  /** The secret store entry of the admin password of the Portainer on guest {@code server}. */
  static String passwordName(StepParams params) {
    return "portainer-admin-" + section(params).text("server", "server");
  }

  PortainerClient client(StepParams params) throws StepAbort {
    URI url = properties.url();
    if (url == null) {
      String fromCommand = section(params).text("url", null);
      if (fromCommand == null) {
        throw StepAbort.invalid(
            "params.portainer.url is missing (the server's API, e.g. https://10.0.0.111:9443)"
                + " and phoenix.service-agent.portainer.url is not set");
      }
      url = URI.create(fromCommand);
    }
    try {
      return new PortainerClient(
          url,
          PinnedTls.apply(
                  PortainerClient.builder(properties),
                  properties.fingerprint(),
                  properties.caFile(),
                  properties.insecureTls())
              .build(),
          json);
    } catch (Exception e) {
      throw new StepAbort(
          new StepFailed(
              "NOT_CONFIGURED",
              "cannot set up TLS to Portainer: " + e.getMessage(),
              false,
              Map.of()));
    }
  }

  /** A JWT for the admin, with the password from the secret store. */
  String login(PortainerClient client, StepParams params) throws StepAbort {
    Optional<String> password;
    try {
      password = secrets().get(passwordName(params));
    } catch (IOException e) {
      throw new StepAbort(
          new StepFailed(
              "SECRET_STORE", "cannot read the secret store: " + e.getMessage(), true, Map.of()));
    }
    if (password.isEmpty()) {
      throw new StepAbort(
          new StepFailed(
              "ADMIN_UNKNOWN",
              "no Portainer admin password in the secret store ("
                  + passwordName(params)
                  + "): the portainer/admin step initialises it",
              true,
              Map.of()));
    }
    try {
      return client.login(adminUser(params), password.get());
    } catch (PortainerException e) {
      throw failure(e, "login");
    }
  }

  static StepAbort failure(PortainerException e, String doing) {
    String reason = e.status() == 0 ? "PORTAINER_UNREACHABLE" : "PORTAINER_" + e.status();
    return new StepAbort(
        new StepFailed(
            reason,
            doing + ": " + e.getMessage(),
            e.retryable(),
            Map.of("status", Integer.toString(e.status()))));
  }
}

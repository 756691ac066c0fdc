package io.phoenix.proxmox.client;

import io.phoenix.proxmox.ProxmoxProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * How the client proves who it is. The secret never leaves this type except into the one header or
 * login form that needs it; {@link #toString()} never shows it.
 */
public sealed interface PveCredentials {

  /** The user (or token id) the credentials act as, safe to log. */
  String principal();

  /**
   * An API token: {@code Authorization: PVEAPIToken=USER@REALM!TOKENID=SECRET}.
   *
   * @param tokenId {@code user@realm!tokenid}
   * @param secret the token's UUID secret
   */
  record ApiToken(String tokenId, String secret) implements PveCredentials {
    @Override
    public String principal() {
      return tokenId;
    }

    String header() {
      return "PVEAPIToken=" + tokenId + "=" + secret;
    }

    @Override
    public String toString() {
      return "ApiToken[" + tokenId + "]";
    }
  }

  /**
   * A user and password exchanged for a 2 h ticket and a CSRF token.
   *
   * @param user {@code user@realm}
   * @param password the password
   */
  record UserPassword(String user, String password) implements PveCredentials {
    @Override
    public String principal() {
      return user;
    }

    @Override
    public String toString() {
      return "UserPassword[" + user + "]";
    }
  }

  /** Reads the configured credentials from their file or environment variable. */
  static PveCredentials load(ProxmoxProperties properties) {
    return load(properties, System::getenv);
  }

  /** Reads the configured credentials, looking environment variables up in {@code env}. */
  static PveCredentials load(ProxmoxProperties properties, UnaryOperator<String> env) {
    if (properties.tokenAuth()) {
      String secret =
          read(
              properties.tokenSecretFile(),
              properties.tokenSecretEnv(),
              env,
              "phoenix.proxmox.token-secret-file",
              "the API token secret");
      return new ApiToken(properties.tokenId(), secret);
    }
    String password =
        read(
            properties.passwordFile(),
            properties.passwordEnv(),
            env,
            "phoenix.proxmox.password-file",
            "the password of " + properties.user());
    return new UserPassword(properties.user(), password);
  }

  private static String read(
      Path file, String envName, UnaryOperator<String> env, String fileSetting, String what) {
    if (file != null) {
      try {
        String value =
            Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        if (value.isBlank()) {
          throw new ProxmoxSettingsException(
              fileSetting + " " + file + " is empty; put " + what + " on its first line");
        }
        return value.strip();
      } catch (IOException e) {
        throw new ProxmoxSettingsException(
            "cannot read " + what + " from " + fileSetting + " " + file + ": " + e.getMessage(), e);
      }
    }
    String value = envName == null ? null : env.apply(envName);
    if (value == null || value.isBlank()) {
      throw new ProxmoxSettingsException(
          what
              + " is not configured: set "
              + fileSetting
              + " to a file holding it, or the environment variable "
              + envName);
    }
    return value.strip();
  }
}

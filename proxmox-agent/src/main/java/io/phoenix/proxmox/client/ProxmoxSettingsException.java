package io.phoenix.proxmox.client;

/**
 * The agent's Proxmox settings cannot work as they are (an unreadable secret file, a CA file that
 * holds no certificate). The message names the setting and what to do; start-up reports it without
 * a stack trace.
 */
public final class ProxmoxSettingsException extends IllegalStateException {

  public ProxmoxSettingsException(String message) {
    super(message);
  }

  public ProxmoxSettingsException(String message, Throwable cause) {
    super(message, cause);
  }
}

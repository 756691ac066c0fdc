package io.phoenix.proxmox;

import io.phoenix.proxmox.client.ProxmoxSettingsException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start-up failure caused by the Proxmox settings into a short message for the operator.
 */
class ProxmoxSettingsFailureAnalyzer extends AbstractFailureAnalyzer<ProxmoxSettingsException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, ProxmoxSettingsException cause) {
    return new FailureAnalysis(
        "The proxmox-agent cannot reach Proxmox VE with its settings: " + cause.getMessage(),
        "Fix the phoenix.proxmox.* setting named above (see docs/proxmox-agent.md).",
        cause);
  }
}

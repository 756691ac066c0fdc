package io.phoenix.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.proxmox.client.ProxmoxSettingsException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

class ProxmoxSettingsFailureAnalyzerTest {

  @Test
  void reportsAMissingSecretAsTheSettingToFix() {
    ProxmoxSettingsException cause =
        new ProxmoxSettingsException(
            "the API token secret is not configured: set phoenix.proxmox.token-secret-file to a"
                + " file holding it, or the environment variable PROXMOX_TOKEN_SECRET");
    FailureAnalysis analysis =
        new ProxmoxSettingsFailureAnalyzer()
            .analyze(new BeanCreationException("pveClient", "failed", cause));
    assertThat(analysis.getDescription())
        .startsWith("The proxmox-agent cannot reach Proxmox VE with its settings")
        .contains("phoenix.proxmox.token-secret-file");
    assertThat(analysis.getAction()).contains("docs/proxmox-agent.md");
  }
}

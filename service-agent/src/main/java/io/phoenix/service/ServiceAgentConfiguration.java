package io.phoenix.service;

import io.phoenix.service.exec.GuestChannels;
import io.phoenix.service.exec.PveProperties;
import io.phoenix.service.exec.SshProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Wires the guest channels from their settings. */
@Configuration(proxyBeanMethods = false)
class ServiceAgentConfiguration {

  @Bean
  GuestChannels guestChannels(PveProperties pve, SshProperties ssh, JsonMapper json) {
    return GuestChannels.configured(pve, ssh, json);
  }
}

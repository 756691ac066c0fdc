package io.phoenix.proxmox;

import io.phoenix.proxmox.client.PveClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the one Proxmox client of the agent from {@link ProxmoxProperties}. */
@Configuration(proxyBeanMethods = false)
class ProxmoxClientConfiguration {

  @Bean(destroyMethod = "close")
  PveClient pveClient(ProxmoxProperties properties) {
    return PveClient.connect(properties);
  }
}

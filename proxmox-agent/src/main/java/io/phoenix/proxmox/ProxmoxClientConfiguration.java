package io.phoenix.proxmox;

import io.phoenix.proxmox.client.PveClient;
import io.phoenix.proxmox.client.PveCredentials;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the one Proxmox client of the agent from {@link ProxmoxProperties}. */
@Configuration(proxyBeanMethods = false)
class ProxmoxClientConfiguration {

  /** The clock of every wait and deadline; tests of the application may replace it. */
  @Bean
  @ConditionalOnMissingBean
  Clock proxmoxClock() {
    return Clock.systemUTC();
  }

  @Bean(destroyMethod = "close")
  PveClient pveClient(ProxmoxProperties properties, Clock clock) {
    return PveClient.connect(properties, PveCredentials.load(properties), clock);
  }
}

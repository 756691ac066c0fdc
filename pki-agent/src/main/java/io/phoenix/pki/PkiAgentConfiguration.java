package io.phoenix.pki;

import io.phoenix.pki.ca.CaConnector;
import io.phoenix.pki.provisioner.ProvisionerKeys;
import io.phoenix.pki.provisioner.ProvisionerStepHandler;
import io.phoenix.pki.renewal.RenewalSchedule;
import io.phoenix.pki.secrets.SecretKeySource;
import io.phoenix.pki.secrets.SecretStore;
import io.phoenix.pki.signing.CertificateSigner;
import io.phoenix.pki.signing.IssuedChains;
import io.phoenix.pki.signing.SignStepHandler;
import io.phoenix.pki.trust.PinRootStepHandler;
import io.phoenix.pki.trust.PinnedRoots;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the pki-agent: the secret store from {@link PkiProperties} (which also remembers the issued
 * chains), and the three step handlers ({@code provisioner}, {@code pin-root}, {@code sign}) that
 * the agent runtime finds as {@code StepHandler} beans.
 */
@Configuration(proxyBeanMethods = false)
class PkiAgentConfiguration {

  @Bean
  SecretStore pkiSecretStore(PkiProperties properties) {
    return SecretKeySource.open(
        properties.secretDir(),
        properties.secretKeyFile(),
        properties.secretKey(),
        properties.allowGeneratedDevKey());
  }

  @Bean
  ProvisionerKeys provisionerKeys(SecretStore pkiSecretStore) {
    return new ProvisionerKeys(pkiSecretStore);
  }

  @Bean
  PinnedRoots pinnedRoots(SecretStore pkiSecretStore) {
    return new PinnedRoots(pkiSecretStore);
  }

  @Bean
  CaConnector caConnector(PkiProperties properties) {
    return new CaConnector(properties.caUrlOverride(), properties.caTimeout());
  }

  @Bean
  CertificateSigner certificateSigner(
      ProvisionerKeys keys, PinnedRoots roots, CaConnector connector, PkiProperties properties) {
    return new CertificateSigner(
        keys, roots, connector, properties.tokenLifetime(), Clock.systemUTC());
  }

  @Bean
  RenewalSchedule renewalSchedule() {
    return RenewalSchedule.defaults();
  }

  @Bean
  ProvisionerStepHandler provisionerStepHandler(ProvisionerKeys keys) {
    return new ProvisionerStepHandler(keys);
  }

  @Bean
  PinRootStepHandler pinRootStepHandler(PinnedRoots roots, CaConnector connector) {
    return new PinRootStepHandler(roots, connector);
  }

  @Bean
  IssuedChains issuedChains(SecretStore pkiSecretStore) {
    return new IssuedChains(pkiSecretStore);
  }

  @Bean
  SignStepHandler signStepHandler(
      CertificateSigner signer,
      CaConnector connector,
      IssuedChains issuedChains,
      RenewalSchedule renewalSchedule) {
    return new SignStepHandler(signer, connector, issuedChains, renewalSchedule, Clock.systemUTC());
  }
}

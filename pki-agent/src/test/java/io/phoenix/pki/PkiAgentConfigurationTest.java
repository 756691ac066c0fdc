package io.phoenix.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.agent.StepHandler;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

class PkiAgentConfigurationTest {

  @TempDir Path dir;

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(PkiProperties.class)
  static class Properties {}

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
        .withUserConfiguration(Properties.class, PkiAgentConfiguration.class)
        .withPropertyValues("phoenix.pki.secret-dir=" + dir);
  }

  @Test
  void theThreeStepHandlersAreBeansWhenTheStoreHasAKey() {
    runner()
        .withPropertyValues("phoenix.pki.secret-key=" + "A".repeat(43) + "=")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBeansOfType(StepHandler.class).values())
                  .flatExtracting(StepHandler::actions)
                  .containsExactlyInAnyOrder("provisioner", "pin-root", "sign");
              assertThat(context.getBean(PkiProperties.class).toString())
                  .doesNotContain("AAAA")
                  .contains("(hidden)");
            });
  }

  @Test
  void withoutAKeyTheServiceRefusesToStartAndSaysWhatToSet() {
    runner()
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("PHOENIX_PKI_SECRET_KEY"));
  }

  @Test
  void aNonPositiveTokenLifetimeIsRejected() {
    runner()
        .withPropertyValues(
            "phoenix.pki.allow-generated-dev-key=true", "phoenix.pki.token-lifetime=0s")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("phoenix.pki.token-lifetime must be positive"));
  }
}

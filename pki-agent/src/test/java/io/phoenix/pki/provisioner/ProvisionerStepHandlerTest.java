package io.phoenix.pki.provisioner;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.agent.StepContext;
import io.phoenix.common.contract.StepCommand;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.pki.secrets.SecretStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ProvisionerStepHandlerTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final StepContext CONTEXT =
      new StepContext() {
        @Override
        public String buildId() {
          return "b";
        }

        @Override
        public String stepId() {
          return "103/provisioner";
        }

        @Override
        public int attempt() {
          return 1;
        }

        @Override
        public String instance() {
          return "pki-agent/test";
        }

        @Override
        public void progress(String message, Integer percent) {}
      };

  @TempDir Path dir;

  @Test
  void theKeyIsCreatedOnceAndSurvivesARestartOfTheAgent() throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    JsonNode params = JSON.readTree("{\"provisioner\":{\"name\":\"ops\"},\"caUrl\":\"https://x\"}");

    StepSucceeded first =
        run(
            new ProvisionerStepHandler(new ProvisionerKeys(SecretStore.open(dir, key))),
            params,
            false);
    StepSucceeded again =
        run(
            new ProvisionerStepHandler(new ProvisionerKeys(SecretStore.open(dir, key))),
            params,
            false);

    assertThat(first.outcome()).isEqualTo(StepSucceeded.Outcome.CREATED);
    assertThat(again.outcome()).isEqualTo(StepSucceeded.Outcome.NOOP);
    assertThat(again.outputs()).isEqualTo(first.outputs());
    assertThat(first.outputs().get("provisionerName")).isEqualTo("ops");
    JsonNode jwk = JSON.readTree(first.outputs().get("provisionerJwk"));
    assertThat(jwk.has("d")).isFalse();
    assertThat(jwk.path("kid").asString()).isEqualTo(first.outputs().get("provisionerKid"));
    assertThat(jwk.path("crv").asString()).isEqualTo("P-256");
  }

  @Test
  void aDryRunCreatesNothing() throws Exception {
    ProvisionerStepHandler handler =
        new ProvisionerStepHandler(new ProvisionerKeys(SecretStore.open(dir, new byte[32])));
    JsonNode params = JSON.readTree("{\"provisioner\":\"phoenix-pki-agent\"}");

    StepSucceeded dry = run(handler, params, true);

    assertThat(dry.outcome()).isEqualTo(StepSucceeded.Outcome.WOULD_CREATE);
    assertThat(dry.outputs()).doesNotContainKey("provisionerJwk");
    assertThat(run(handler, params, false).outcome()).isEqualTo(StepSucceeded.Outcome.CREATED);
  }

  private static StepSucceeded run(
      ProvisionerStepHandler handler, JsonNode params, boolean dryRun) {
    return (StepSucceeded)
        handler.handle(
            new StepCommand(103, "provisioner", null, dryRun, params, Map.of()), CONTEXT);
  }
}

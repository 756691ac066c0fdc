package io.phoenix.pki.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.agent.StepContext;
import io.phoenix.common.agent.StepFailures;
import io.phoenix.common.contract.StepCommand;
import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepOutcome;
import io.phoenix.pki.ca.CaConnector;
import io.phoenix.pki.provisioner.ProvisionerKeys;
import io.phoenix.pki.renewal.RenewalSchedule;
import io.phoenix.pki.secrets.SecretStore;
import io.phoenix.pki.trust.PinnedRoots;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Bad commands are refused with a message that names the field, before any CA is contacted. */
class SignStepHandlerValidationTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final StepContext CONTEXT =
      new StepContext() {
        @Override
        public String buildId() {
          return "b";
        }

        @Override
        public String stepId() {
          return "101/sign/nginx";
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
  private SignStepHandler handler;

  @BeforeEach
  void handler() {
    SecretStore store = SecretStore.open(dir, new byte[32]);
    CaConnector connector = new CaConnector(null, Duration.ofSeconds(1));
    handler =
        new SignStepHandler(
            new CertificateSigner(
                new ProvisionerKeys(store),
                new PinnedRoots(store),
                connector,
                Duration.ofMinutes(5),
                Clock.systemUTC()),
            connector,
            new IssuedChains(store),
            RenewalSchedule.defaults(),
            Clock.systemUTC());
  }

  @Test
  void aMissingCsrNamesTheInput() {
    StepFailed failed = invalid(params("24h"), Map.of());

    assertThat(failed.message()).contains("input csr is missing");
  }

  @Test
  void aMissingCertificateOrCommonNameNamesTheField() {
    ObjectNode noCertificate = JSON.createObjectNode().put("caUrl", "https://10.0.0.103:9000");
    ObjectNode noCommonName = params("24h");
    ((ObjectNode) noCommonName.get("certificate")).remove("commonName");

    assertThat(invalid(noCertificate, Map.of("csr", "x")).message())
        .contains("params.certificate is missing");
    assertThat(invalid(noCommonName, Map.of("csr", "x")).message())
        .contains("params.certificate.commonName");
  }

  @Test
  void aLifetimeThatIsNotAGoDurationIsRefused() {
    assertThat(invalid(params("forever"), Map.of("csr", "x")).message()).contains("forever");
  }

  @Test
  void aPlainHttpCaIsRefused() {
    ObjectNode params = params("24h").put("caUrl", "http://10.0.0.103:9000");

    assertThat(invalid(params, Map.of("csr", "x")).message()).contains("https");
  }

  @Test
  void aProvisionerNameThatIsNotAFileNameIsRefused() {
    ObjectNode params = params("24h");
    params.putObject("provisioner").put("name", "../../etc/passwd");

    assertThat(invalid(params, Map.of("csr", "x")).message()).contains("params.provisioner");
  }

  @Test
  void garbageInsteadOfACsrIsAnInvalidCsr() throws Exception {
    StepOutcome outcome =
        handler.handle(
            new StepCommand(101, "sign", "nginx", false, params("24h"), Map.of("csr", "hello")),
            CONTEXT);

    assertThat(outcome).isInstanceOf(StepFailed.class);
    assertThat(((StepFailed) outcome).reason()).isEqualTo("INVALID_CSR");
    assertThat(((StepFailed) outcome).retryable()).isFalse();
  }

  private static ObjectNode params(String lifetime) {
    ObjectNode params = JSON.createObjectNode().put("caUrl", "https://10.0.0.103:9000");
    params
        .putObject("certificate")
        .put("name", "nginx")
        .put("commonName", "nginx.phoenix.lan")
        .put("lifetime", lifetime)
        .putArray("sans")
        .add("nginx.phoenix.lan");
    return params;
  }

  private StepFailed invalid(ObjectNode params, Map<String, String> inputs) {
    StepOutcome outcome;
    try {
      outcome =
          handler.handle(new StepCommand(101, "sign", "nginx", false, params, inputs), CONTEXT);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertThat(outcome).isInstanceOf(StepFailed.class);
    StepFailed failed = (StepFailed) outcome;
    assertThat(failed.reason()).isEqualTo(StepFailures.INVALID_COMMAND);
    assertThat(failed.retryable()).isFalse();
    return failed;
  }
}

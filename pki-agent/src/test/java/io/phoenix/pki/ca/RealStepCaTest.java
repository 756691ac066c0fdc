package io.phoenix.pki.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.inventory.CaSettings;
import io.phoenix.common.time.GoDuration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shared CA suite against a real step-ca 0.19 built from Debian's source ({@code
 * tools/step-ca/build.sh}), initialised by the step_ca feature script's own {@code init}. Skipped,
 * with the packages to install, where they are absent; CI installs them, so there it runs.
 */
class RealStepCaTest extends CaContractTest {

  @BeforeAll
  static void stepCaIsAvailable() {
    assumeTrue(
        RealStepCa.missingInitTools().isEmpty(),
        () ->
            "step_ca.sh init needs "
                + RealStepCa.missingInitTools()
                + " on this host; install the Debian packages jq and openssl to run these tests");
    assumeTrue(RealStepCa.binary().isPresent(), RealStepCa::unavailableReason);
  }

  @Override
  CaUnderTest startCa(Path directory, String name, String publicJwk) throws Exception {
    return RealStepCa.start(directory, name, publicJwk);
  }

  @Test
  void theCaGrantsUpToItsOneMaximumLifetimeAndNoMore() {
    agent.pinRoot(caUrl, ca.rootPem(), ca.rootFingerprint());
    long maxHours = GoDuration.parse(CaSettings.MAX_LIFETIME).toHours();

    assertSucceeded(
        agent.sign(
            caUrl,
            "nginx.phoenix.lan",
            NGINX_SANS,
            CaSettings.MAX_LIFETIME,
            TestCsr.create("nginx.phoenix.lan", NGINX_SANS).pem()),
        StepSucceeded.Outcome.CREATED);
    assertFailed(
        agent.sign(
            caUrl,
            "nginx.phoenix.lan",
            NGINX_SANS,
            (maxHours + 1) + "h",
            TestCsr.create("nginx.phoenix.lan", NGINX_SANS).pem()),
        "CA_FORBIDDEN");
  }

  @Test
  void initKeepsTheCaKeysEncryptedAndReadableByItsOwnerAlone() throws Exception {
    Path secrets = temp.resolve("ca/secrets");

    assertThat(Files.getPosixFilePermissions(secrets))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    for (String key : List.of("root_ca_key", "intermediate_ca_key", "password")) {
      assertThat(Files.getPosixFilePermissions(secrets.resolve(key)))
          .as(key)
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }
    assertThat(Files.readString(secrets.resolve("intermediate_ca_key")))
        .startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    JsonNode caJson =
        JsonMapper.builder().build().readTree(Files.readString(temp.resolve("ca/config/ca.json")));
    assertThat(caJson.path("authority").path("claims").path("maxTLSCertDuration").asString())
        .isEqualTo(CaSettings.MAX_LIFETIME);
    JsonNode provisioner = caJson.path("authority").path("provisioners").get(0);
    assertThat(provisioner.path("name").asString()).isEqualTo(PkiAgentFixture.PROVISIONER);
    assertThat(provisioner.path("key").has("d")).isFalse();
  }
}

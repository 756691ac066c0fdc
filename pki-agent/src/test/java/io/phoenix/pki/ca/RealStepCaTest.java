package io.phoenix.pki.ca;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;

/**
 * The shared CA suite against a real step-ca 0.19 built from Debian's source ({@code
 * tools/step-ca/build.sh}). Skipped, with the packages to install, where they are absent; CI
 * installs them, so there it runs.
 */
class RealStepCaTest extends CaContractTest {

  @BeforeAll
  static void stepCaIsAvailable() {
    assumeTrue(RealStepCa.binary().isPresent(), RealStepCa::unavailableReason);
  }

  @Override
  CaUnderTest startCa(Path directory, String name, String publicJwk) throws Exception {
    return RealStepCa.start(directory, name, publicJwk);
  }
}

package io.phoenix.pki.ca;

import io.phoenix.simulator.ca.StepCaEmulator;
import java.net.URI;
import java.nio.file.Path;

/** The shared CA suite against the simulator's step-ca emulator. */
class EmulatedStepCaTest extends CaContractTest {

  @Override
  CaUnderTest startCa(Path directory, String name, String publicJwk) {
    StepCaEmulator emulator = StepCaEmulator.start(StepCaEmulator.Settings.loopback());
    emulator.authorizeProvisioner(name, publicJwk);
    return new CaUnderTest() {
      @Override
      public URI baseUri() {
        return emulator.baseUri();
      }

      @Override
      public String rootPem() {
        return emulator.rootPem();
      }

      @Override
      public String rootFingerprint() {
        return emulator.rootFingerprint();
      }

      @Override
      public void stop() {
        emulator.stop();
      }
    };
  }
}

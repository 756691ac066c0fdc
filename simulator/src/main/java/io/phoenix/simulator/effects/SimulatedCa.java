package io.phoenix.simulator.effects;

import io.phoenix.simulator.ca.CaHierarchy;
import io.phoenix.simulator.ca.StepCaEmulator;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CA that the {@code step_ca} feature "initialises" in the simulated CA guest: it authorises
 * the pki-agent's provisioner key and has a real X.509 root. Normally the step-ca emulator, so the
 * root the feature outputs is the one that later signs the guests' CSRs.
 */
public interface SimulatedCa {

  /** Authorises a JWK provisioner by its public key (JSON). */
  void authorizeProvisioner(String name, String publicJwkJson);

  /** The root certificate, PEM. */
  String rootPem();

  /** The step-ca emulator as the simulated CA. */
  static SimulatedCa of(StepCaEmulator emulator) {
    return new SimulatedCa() {
      @Override
      public void authorizeProvisioner(String name, String publicJwkJson) {
        emulator.authorizeProvisioner(name, publicJwkJson);
      }

      @Override
      public String rootPem() {
        return emulator.rootPem();
      }
    };
  }

  /** A CA of its own (no signing endpoint): for tests that only need the bootstrap outputs. */
  static SimulatedCa generated(String name) {
    CaHierarchy hierarchy = CaHierarchy.generate(name, Instant.now());
    Map<String, String> provisioners = new ConcurrentHashMap<>();
    return new SimulatedCa() {
      @Override
      public void authorizeProvisioner(String provisioner, String publicJwkJson) {
        if (publicJwkJson.contains("\"d\"")) {
          throw new IllegalArgumentException("a provisioner key must be public: the JWK has a 'd'");
        }
        provisioners.put(provisioner, publicJwkJson);
      }

      @Override
      public String rootPem() {
        return hierarchy.rootPem();
      }
    };
  }
}

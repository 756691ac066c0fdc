package io.phoenix.service.support;

import io.phoenix.common.inventory.CertificateSpec;
import io.phoenix.simulator.ca.CaHierarchy;
import io.phoenix.simulator.ca.StepCaEmulator;
import java.io.StringReader;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/** Plays the pki-agent's sign step: the CA emulator's intermediate signs the guest's CSR. */
public final class TestSigner {

  private TestSigner() {}

  public static String sign(StepCaEmulator ca, CertificateSpec spec, String csrPem)
      throws Exception {
    try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
      PKCS10CertificationRequest request = (PKCS10CertificationRequest) parser.readObject();
      PublicKey key = new JcaPKCS10CertificationRequest(request).getPublicKey();
      Instant now = Instant.now();
      return CaHierarchy.pem(
              ca.hierarchy()
                  .issueLeaf(
                      spec.commonName(),
                      spec.sans(),
                      key,
                      now.minusSeconds(60),
                      now.plus(Duration.ofHours(24))))
          + ca.hierarchy().intermediatePem();
    }
  }
}

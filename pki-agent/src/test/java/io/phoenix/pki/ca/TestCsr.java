package io.phoenix.pki.ca;

import io.phoenix.simulator.ca.CaHierarchy;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** A CSR made the way a guest makes it: a fresh key, a common name and SANs. */
record TestCsr(KeyPair keys, String pem) {

  static TestCsr create(String commonName, List<String> sans) {
    try {
      return create(CaHierarchy.newEcKeyPair(), commonName, sans);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A CSR for a key the guest already has (as on a re-run, where the guest keeps its key). */
  static TestCsr create(KeyPair keys, String commonName, List<String> sans) {
    try {
      JcaPKCS10CertificationRequestBuilder builder =
          new JcaPKCS10CertificationRequestBuilder(
              new X500Name("CN=" + commonName), keys.getPublic());
      if (!sans.isEmpty()) {
        GeneralName[] names =
            sans.stream()
                .map(
                    san ->
                        san.matches("[0-9.]+")
                            ? new GeneralName(GeneralName.iPAddress, san)
                            : new GeneralName(GeneralName.dNSName, san))
                .toArray(GeneralName[]::new);
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        builder.addAttribute(
            PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
      }
      return new TestCsr(
          keys,
          CaHierarchy.pemObject(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()))));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

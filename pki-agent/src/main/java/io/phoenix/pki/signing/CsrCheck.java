package io.phoenix.pki.signing;

import io.phoenix.pki.PkiFailure;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.security.PublicKey;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * Reads a guest's CSR and holds it to the inventory: every name it asks for must be listed for this
 * certificate ({@code CSR_NAMES_NOT_ALLOWED} otherwise), and it must ask for all the listed SANs,
 * because step-ca issues exactly the CSR's names.
 */
final class CsrCheck {

  /** The checked request: its public key (the returned leaf must carry it). */
  record Checked(PublicKey publicKey, String commonName, Set<String> sans) {}

  private CsrCheck() {}

  static Checked check(String pem, CertificateSpec spec) throws PkiFailure {
    Checked csr = parse(pem);
    Set<String> allowed = spec.allowedNames();
    Set<String> refused = new TreeSet<>();
    if (!csr.commonName().isEmpty()
        && !CertificateSpec.normalize(csr.commonName())
            .equals(CertificateSpec.normalize(spec.commonName()))) {
      refused.add("CN=" + csr.commonName());
    }
    for (String san : csr.sans()) {
      if (!allowed.contains(san)) {
        refused.add(san);
      }
    }
    if (!refused.isEmpty()) {
      throw new PkiFailure(
          PkiFailure.CSR_NAMES_NOT_ALLOWED,
          "the CSR for certificate '"
              + spec.name()
              + "' asks for names the inventory does not list: "
              + refused
              + " (allowed: common name "
              + spec.commonName()
              + ", sans "
              + spec.sans()
              + ")",
          false);
    }
    Set<String> missing = new TreeSet<>(spec.normalizedSans());
    missing.removeAll(csr.sans());
    if (!missing.isEmpty()) {
      throw new PkiFailure(
          PkiFailure.INVALID_CSR,
          "the CSR for certificate '"
              + spec.name()
              + "' lacks the subject alternative names "
              + missing
              + " that the inventory lists; the guest must put every name in its CSR",
          false);
    }
    return csr;
  }

  private static Checked parse(String pem) throws PkiFailure {
    Object parsed;
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      parsed = parser.readObject();
    } catch (IOException e) {
      throw invalid("it is not valid PEM (" + e.getMessage() + ")");
    }
    if (!(parsed instanceof PKCS10CertificationRequest raw)) {
      throw invalid("it is not a PEM 'CERTIFICATE REQUEST'");
    }
    try {
      JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest(raw);
      PublicKey key = csr.getPublicKey();
      if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
        throw invalid("its signature does not verify with its own key");
      }
      return new Checked(key, commonName(csr), sans(csr));
    } catch (PkiFailure e) {
      throw e;
    } catch (Exception e) {
      throw invalid("it cannot be read (" + e.getMessage() + ")");
    }
  }

  private static PkiFailure invalid(String why) {
    return new PkiFailure(PkiFailure.INVALID_CSR, "the CSR is invalid: " + why, false);
  }

  private static String commonName(JcaPKCS10CertificationRequest csr) {
    RDN[] rdns = csr.getSubject().getRDNs(BCStyle.CN);
    return rdns.length == 0 ? "" : IETFUtils.valueToString(rdns[0].getFirst().getValue());
  }

  private static Set<String> sans(JcaPKCS10CertificationRequest csr) throws IOException {
    Set<String> names = new LinkedHashSet<>();
    for (Attribute attribute :
        csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
      for (ASN1Encodable value : attribute.getAttrValues()) {
        Extension extension =
            Extensions.getInstance(value).getExtension(Extension.subjectAlternativeName);
        if (extension == null) {
          continue;
        }
        for (GeneralName name : GeneralNames.getInstance(extension.getParsedValue()).getNames()) {
          names.add(text(name));
        }
      }
    }
    return names;
  }

  static String text(GeneralName name) throws IOException {
    if (name.getTagNo() == GeneralName.iPAddress) {
      return InetAddress.getByAddress(DEROctetString.getInstance(name.getName()).getOctets())
          .getHostAddress();
    }
    return name.getName().toString().toLowerCase(Locale.ROOT);
  }
}

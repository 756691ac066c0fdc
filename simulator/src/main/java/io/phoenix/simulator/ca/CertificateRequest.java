package io.phoenix.simulator.ca;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.security.PublicKey;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
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
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/** A parsed, signature-checked PKCS#10 request: its key, common name and alternative names. */
record CertificateRequest(PublicKey publicKey, String commonName, Set<String> sans) {

  /** Parses {@code pem}; an IllegalArgumentException says why it is not a valid CSR. */
  static CertificateRequest parse(String pem) {
    Object parsed;
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      parsed = parser.readObject();
    } catch (IOException e) {
      throw new IllegalArgumentException("csr is not valid PEM: " + e.getMessage(), e);
    }
    if (!(parsed instanceof org.bouncycastle.pkcs.PKCS10CertificationRequest raw)) {
      throw new IllegalArgumentException("csr is not a PEM certificate request");
    }
    try {
      JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest(raw);
      PublicKey key = csr.getPublicKey();
      if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
        throw new IllegalArgumentException("csr signature does not verify");
      }
      return new CertificateRequest(key, commonName(csr), sans(csr));
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalArgumentException("csr cannot be read: " + e.getMessage(), e);
    }
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
          names.add(normalize(name));
        }
      }
    }
    return names;
  }

  private static String normalize(GeneralName name) throws IOException {
    if (name.getTagNo() == GeneralName.iPAddress) {
      byte[] address = DEROctetString.getInstance(name.getName()).getOctets();
      return InetAddress.getByAddress(address).getHostAddress();
    }
    return name.getName().toString().toLowerCase(Locale.ROOT);
  }

  /** A DNS name lower-cased, an IP address in its canonical text form. */
  static String normalizeName(String name) {
    if (CaHierarchy.isIpLiteral(name)) {
      try {
        return InetAddress.getByName(name).getHostAddress();
      } catch (IOException e) {
        return name;
      }
    }
    return name.toLowerCase(Locale.ROOT);
  }
}

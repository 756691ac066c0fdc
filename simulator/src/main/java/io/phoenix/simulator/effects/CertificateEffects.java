package io.phoenix.simulator.effects;

import io.phoenix.simulator.ca.CaHierarchy;
import io.phoenix.simulator.world.ExecResult;
import io.phoenix.simulator.world.Guest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The certificate scripts: {@code csr/run.sh} generates a real EC P-256 key in the guest's
 * filesystem (only there) when there is none, and a real PKCS#10 request for the names in its
 * header; {@code cert/run.sh} installs the staged chain only when it is for the guest's key.
 */
final class CertificateEffects {

  static final Pattern SCRIPT =
      Pattern.compile("/var/lib/phoenix/certs/([a-z0-9][a-z0-9_.-]*)/(csr|cert)/run\\.sh");

  private CertificateEffects() {}

  static Optional<ExecResult> run(Guest guest, List<String> argv) {
    if (argv.size() < 2 || !argv.get(0).equals("bash")) {
      return Optional.empty();
    }
    Matcher m = SCRIPT.matcher(argv.get(1));
    if (!m.matches()) {
      return Optional.empty();
    }
    Optional<byte[]> script = guest.files().read(argv.get(1));
    if (script.isEmpty()) {
      return Optional.of(
          ExecResult.failed(127, "bash: " + argv.get(1) + ": No such file or directory\n"));
    }
    ScriptHeader header = ScriptHeader.parse(new String(script.get(), StandardCharsets.UTF_8));
    return Optional.of(m.group(2).equals("csr") ? csr(guest, header) : install(guest, header));
  }

  private static ExecResult csr(Guest guest, ScriptHeader header) {
    String keyPath = header.get("KEY_PATH");
    try {
      KeyPair pair;
      Optional<PrivateKey> existing = Pkix.privateKey(guest, keyPath);
      if (existing.isPresent()) {
        pair = new KeyPair(publicOf((ECPrivateKey) existing.get()), existing.get());
      } else {
        pair = CaHierarchy.newEcKeyPair();
        guest.files().write(keyPath, SimState.utf8(CaHierarchy.pkcs8Pem(pair.getPrivate())));
      }
      ExtensionsGenerator extensions = new ExtensionsGenerator();
      List<GeneralName> names = new ArrayList<>();
      for (String san : header.list("SANS")) {
        names.add(
            san.matches("[0-9.]+") || san.contains(":")
                ? new GeneralName(GeneralName.iPAddress, san)
                : new GeneralName(GeneralName.dNSName, san));
      }
      extensions.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(names.toArray(GeneralName[]::new)));
      PKCS10CertificationRequest request =
          new JcaPKCS10CertificationRequestBuilder(
                  new X500Name("CN=" + header.get("COMMON_NAME")), pair.getPublic())
              .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
      guest.files().write(header.get("CSR_PATH"), SimState.utf8(CaHierarchy.pemObject(request)));
      return new ExecResult(0, new byte[0], SimState.utf8("phoenix csr: request written\n"));
    } catch (Exception e) {
      return ExecResult.failed(1, "openssl: " + e.getMessage() + "\n");
    }
  }

  private static PublicKey publicOf(ECPrivateKey key) throws GeneralSecurityException {
    org.bouncycastle.jce.interfaces.ECPrivateKey bc =
        (org.bouncycastle.jce.interfaces.ECPrivateKey)
            java.security.KeyFactory.getInstance(
                    "EC", new org.bouncycastle.jce.provider.BouncyCastleProvider())
                .translateKey(key);
    var params = bc.getParameters();
    return java.security.KeyFactory.getInstance(
            "EC", new org.bouncycastle.jce.provider.BouncyCastleProvider())
        .generatePublic(new ECPublicKeySpec(params.getG().multiply(bc.getD()).normalize(), params));
  }

  private static ExecResult install(Guest guest, ScriptHeader header) {
    String key = header.get("KEY_PATH");
    String staged = header.get("STAGED_CHAIN");
    if (!guest.files().exists(key)) {
      return ExecResult.failed(2, "phoenix cert: no key at " + key + ": the csr step creates it\n");
    }
    if (!Pkix.sameKey(guest, staged, key)) {
      return ExecResult.failed(
          2, "phoenix cert: the chain at " + staged + " is not for the key at " + key + "\n");
    }
    guest.files().write(header.get("CERT_PATH"), guest.files().read(staged).orElseThrow());
    String unit = header.get("SERVICE_UNIT");
    String said = "phoenix cert: installed\n";
    if (!unit.isEmpty() && SimState.active(guest, unit)) {
      said += "phoenix cert: reloading " + unit + "\n";
    }
    return new ExecResult(0, new byte[0], SimState.utf8(said));
  }
}

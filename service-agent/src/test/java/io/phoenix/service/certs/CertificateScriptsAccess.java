package io.phoenix.service.certs;

import io.phoenix.common.inventory.CertificateSpec;
import io.phoenix.service.scripts.RenderedScript;
import java.util.List;

/** Lets tests of other packages render the certificate scripts. */
public final class CertificateScriptsAccess {

  private CertificateScriptsAccess() {}

  public static List<RenderedScript> render(CertificateSpec spec, String chain) {
    return List.of(CertificateScripts.csr(spec), CertificateScripts.install(spec, chain));
  }
}

package io.phoenix.service.features;

import io.phoenix.common.inventory.CertificateSpec;
import io.phoenix.service.scripts.StepAbort;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code nginx}: the TLS gateway (guest 101), serving with its certificate, upstream Traefik. */
final class Nginx implements Feature {

  /** Answered 200 by nginx itself, so verify checks nginx's TLS whatever the upstream does. */
  static final String HEALTH_PATH = "/phoenix-health";

  @Override
  public String name() {
    return "nginx";
  }

  @Override
  public Map<String, Object> variables(FeatureRequest request) throws StepAbort {
    CertificateSpec cert = certificate(request);
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("SERVER_NAME", serverName(request, cert));
    vars.put("LISTEN_PORT", Integer.toString(request.settings().integer("listenPort", 443)));
    vars.put("CERT_PATH", ConfigText.plain("certificate certPath", cert.certPath()));
    vars.put("KEY_PATH", ConfigText.plain("certificate keyPath", cert.keyPath()));
    vars.put("ROOT_CERT", TrustedCa.installedRoot(request.settings()));
    vars.put("HEALTH_PATH", HEALTH_PATH);
    return vars;
  }

  @Override
  public Map<String, byte[]> files(FeatureRequest request) throws StepAbort {
    CertificateSpec cert = certificate(request);
    String serverName = serverName(request, cert);
    List<String> names = new ArrayList<>(List.of(serverName));
    for (String alias : request.settings().list("serverAliases")) {
      names.add(ConfigText.plain("params.settings.serverAliases", alias));
    }
    String upstream =
        ConfigText.plain("params.settings.upstream", request.settings().required("upstream"));
    URI upstreamUri = URI.create(upstream);
    int port = request.settings().integer("listenPort", 443);
    String serverNames = String.join(" ", names);
    StringBuilder conf = new StringBuilder();
    conf.append("# Rendered by Phoenix for guest ").append(request.guest().id()).append(".\n");
    conf.append("server {\n    listen 80;\n    listen [::]:80;\n");
    conf.append("    server_name ").append(serverNames).append(";\n");
    conf.append("    return 301 https://$host$request_uri;\n}\n\n");
    conf.append("server {\n");
    // "listen ... http2" rather than "http2 on", which nginx only knows from 1.25.1 (Debian 12
    // and Ubuntu 24.04 ship 1.22 and 1.24).
    conf.append("    listen ").append(port).append(" ssl http2;\n");
    conf.append("    listen [::]:").append(port).append(" ssl http2;\n");
    conf.append("    server_name ").append(serverNames).append(";\n");
    conf.append("    ssl_certificate ").append(cert.certPath()).append(";\n");
    conf.append("    ssl_certificate_key ").append(cert.keyPath()).append(";\n");
    conf.append("    ssl_protocols TLSv1.2 TLSv1.3;\n\n");
    conf.append("    location = ").append(HEALTH_PATH).append(" {\n");
    conf.append("        access_log off;\n");
    conf.append("        default_type text/plain;\n");
    conf.append("        return 200 \"ok\\n\";\n");
    conf.append("    }\n\n");
    conf.append("    location / {\n");
    conf.append("        proxy_pass ").append(upstream).append(";\n");
    conf.append("        proxy_http_version 1.1;\n");
    conf.append("        proxy_set_header Host $host;\n");
    conf.append("        proxy_set_header X-Real-IP $remote_addr;\n");
    conf.append("        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n");
    conf.append("        proxy_set_header X-Forwarded-Proto https;\n");
    if ("https".equals(upstreamUri.getScheme())) {
      String tlsName =
          ConfigText.plain(
              "params.settings.upstreamTlsName",
              request.settings().text("upstreamTlsName", upstreamUri.getHost()));
      conf.append("        proxy_ssl_verify on;\n");
      conf.append("        proxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;\n");
      conf.append("        proxy_ssl_server_name on;\n");
      conf.append("        proxy_ssl_name ").append(tlsName).append(";\n");
    }
    conf.append("    }\n}\n");
    return Map.of("site.conf", conf.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String serverName(FeatureRequest request, CertificateSpec cert) throws StepAbort {
    return ConfigText.plain(
        "params.settings.serverName", request.settings().text("serverName", cert.commonName()));
  }

  static CertificateSpec certificate(FeatureRequest request) throws StepAbort {
    return request
        .certificateFor("nginx")
        .orElseThrow(
            () ->
                StepAbort.invalid(
                    "guest "
                        + request.guest().id()
                        + " has no certificate for feature nginx: add one with feature: nginx"));
  }
}

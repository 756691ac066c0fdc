package io.phoenix.service.features;

import io.phoenix.common.inventory.CertificateSpec;
import io.phoenix.service.params.Settings;
import io.phoenix.service.scripts.StepAbort;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code traefik}: the internal proxy (guest 102): entrypoints, a file provider whose routes come
 * from the inventory's exposed services ({@code settings.routes}), TLS from its certificate.
 */
final class Traefik implements Feature {

  static final String DEFAULT_VERSION = "3.3.5";
  static final int PING_PORT = 8082;

  @Override
  public String name() {
    return "traefik";
  }

  @Override
  public Map<String, Object> variables(FeatureRequest request) throws StepAbort {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put(
        "VERSION",
        ConfigText.plain(
            "params.settings.version", request.settings().text("version", DEFAULT_VERSION)));
    vars.put("SHA256", request.settings().text("sha256", ""));
    vars.put("PING_PORT", Integer.toString(PING_PORT));
    vars.putAll(Artifact.variables(name(), request.settings()));
    return vars;
  }

  @Override
  public List<String> libraries() {
    return Artifact.LIBRARIES;
  }

  @Override
  public Map<String, byte[]> files(FeatureRequest request) throws StepAbort {
    CertificateSpec cert =
        request
            .certificateFor("traefik")
            .orElseThrow(
                () ->
                    StepAbort.invalid(
                        "guest "
                            + request.guest().id()
                            + " has no certificate for feature traefik: add one with feature: traefik"));
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("traefik.yml", utf8(staticConfig(request.settings())));
    files.put("routes.yml", utf8(routes(request.settings(), cert)));
    files.put("traefik.service", utf8(UNIT));
    return files;
  }

  private static String staticConfig(Settings settings) throws StepAbort {
    Map<String, String> entrypoints = settings.map("entrypoints");
    if (entrypoints.isEmpty()) {
      entrypoints = Map.of("web", "80", "websecure", "443");
    }
    StringBuilder yml = new StringBuilder("# Rendered by Phoenix.\nentryPoints:\n");
    for (Map.Entry<String, String> entry : new java.util.TreeMap<>(entrypoints).entrySet()) {
      yml.append("  ").append(ConfigText.plain("entrypoint name", entry.getKey())).append(":\n");
      yml.append("    address: ")
          .append(ConfigText.yaml(":" + Integer.parseInt(entry.getValue())))
          .append('\n');
    }
    yml.append("  ping:\n    address: ")
        .append(ConfigText.yaml("127.0.0.1:" + PING_PORT))
        .append('\n');
    yml.append("ping:\n  entryPoint: ping\n");
    yml.append("providers:\n  file:\n    directory: /etc/traefik/dynamic\n    watch: true\n");
    yml.append("log:\n  level: INFO\n");
    return yml.toString();
  }

  private static String routes(Settings settings, CertificateSpec cert) throws StepAbort {
    StringBuilder routers = new StringBuilder();
    StringBuilder services = new StringBuilder();
    for (Settings route : settings.children("routes")) {
      String name = ConfigText.plain("route name", route.required("name"));
      String host = ConfigText.plain("route host", route.required("host"));
      String upstream = ConfigText.plain("route upstream", route.required("upstream"));
      String entrypoint = route.text("entrypoint", "websecure");
      routers.append("    ").append(name).append(":\n");
      routers.append("      rule: ").append(ConfigText.yaml("Host(`" + host + "`)")).append('\n');
      routers.append("      entryPoints: [").append(ConfigText.yaml(entrypoint)).append("]\n");
      routers.append("      service: ").append(name).append('\n');
      routers.append("      tls: {}\n");
      services.append("    ").append(name).append(":\n");
      services.append("      loadBalancer:\n        servers:\n");
      services.append("          - url: ").append(ConfigText.yaml(upstream)).append('\n');
    }
    StringBuilder yml =
        new StringBuilder("# Rendered by Phoenix from the inventory's exposed services.\n");
    yml.append("http:\n");
    yml.append(routers.isEmpty() ? "  routers: {}\n" : "  routers:\n" + routers);
    yml.append(services.isEmpty() ? "  services: {}\n" : "  services:\n" + services);
    String certFile = ConfigText.yaml(ConfigText.plain("certificate certPath", cert.certPath()));
    String keyFile = ConfigText.yaml(ConfigText.plain("certificate keyPath", cert.keyPath()));
    yml.append("tls:\n  certificates:\n");
    yml.append("    - certFile: ").append(certFile).append('\n');
    yml.append("      keyFile: ").append(keyFile).append('\n');
    yml.append("  stores:\n    default:\n      defaultCertificate:\n");
    yml.append("        certFile: ").append(certFile).append('\n');
    yml.append("        keyFile: ").append(keyFile).append('\n');
    return yml.toString();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static final String UNIT =
      """
      [Unit]
      Description=Traefik (Phoenix internal proxy)
      After=network-online.target
      Wants=network-online.target

      [Service]
      User=traefik
      Group=traefik
      ExecStart=/usr/local/bin/traefik --configFile=/etc/traefik/traefik.yml
      AmbientCapabilities=CAP_NET_BIND_SERVICE
      CapabilityBoundingSet=CAP_NET_BIND_SERVICE
      NoNewPrivileges=yes
      Restart=on-failure

      [Install]
      WantedBy=multi-user.target
      """;
}

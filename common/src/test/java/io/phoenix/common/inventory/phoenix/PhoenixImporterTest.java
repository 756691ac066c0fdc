package io.phoenix.common.inventory.phoenix;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.inventory.CertificateSpec;
import io.phoenix.common.inventory.Guest;
import io.phoenix.common.inventory.InventoryLoader;
import io.phoenix.common.inventory.InventoryResult;
import io.phoenix.common.inventory.InventoryWriter;
import io.phoenix.common.inventory.NetworkInterface;
import io.phoenix.common.inventory.PortainerRole;
import io.phoenix.common.inventory.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoenixImporterTest {

  static final Path ORIGINALS = Path.of("../../shared/reference/phoenix");

  static Path originals(String version) {
    return ORIGINALS.resolve(version);
  }

  @ParameterizedTest
  @ValueSource(strings = {"main-0385ea2", "rootesting-35c465b"})
  void bothOriginalVersionsImportWithoutErrors(String version) {
    InventoryResult result = PhoenixImporter.importDirectory(originals(version));

    result.problems().forEach(p -> System.out.println(p.format()));
    assertThat(result.errors()).isEmpty();
    assertThat(result.inventory().guests())
        .extracting(Guest::id)
        .contains(900, 103, 101, 102, 9000, 1001, 1002);
  }

  @ParameterizedTest
  @ValueSource(strings = {"main-0385ea2", "rootesting-35c465b"})
  void importedYamlReadsBackAsTheSameInventory(String version) {
    InventoryResult imported = PhoenixImporter.importDirectory(originals(version));

    InventoryResult reread =
        InventoryLoader.parse(InventoryWriter.toYaml(imported.inventory()), "imported.yaml");

    assertThat(reread.errors()).isEmpty();
    assertThat(reread.inventory()).isEqualTo(imported.inventory());
  }

  @Test
  void newestVersionKeepsItsQuirks() {
    InventoryResult result = PhoenixImporter.importDirectory(originals("rootesting-35c465b"));
    Guest nginx = result.inventory().guest(101).orElseThrow();

    assertThat(nginx.source().cloneOf()).isEqualTo(900);
    assertThat(nginx.dependsOn()).containsExactly(103);
    NetworkInterface eth0 = nginx.network().get(0);
    assertThat(eth0.isDhcp()).isTrue();
    assertThat(eth0.bridge()).isEqualTo("vmbr0");
    assertThat(eth0.vlan()).isEqualTo(20);
    assertThat(nginx.network().get(1).ip()).isEqualTo("172.16.100.10/24");
    assertThat(nginx.rawLxcOptions())
        .contains("lxc.mount.auto: sys:rw", "lxc.net.0.type: macvlan", "lxc.net.0.link: vmbr0.20");
    assertThat(nginx.certificates())
        .extracting(CertificateSpec::name)
        .containsExactly("nginx", "nginx-gateway-client");
    CertificateSpec cert = nginx.certificates().get(0);
    assertThat(cert.certPath()).isEqualTo("/etc/nginx/ssl/nginx.internal.thinkheads.ai.crt");
    assertThat(cert.reload()).isEqualTo("systemctl reload nginx");
    assertThat(result.inventory().guest(900).orElseThrow().template()).isTrue();
    Guest portainer = result.inventory().guest(1001).orElseThrow();
    assertThat(portainer.portainer()).isEqualTo(PortainerRole.SERVER);
    assertThat(portainer.features()).containsSubsequence("docker", "portainer");
    assertThat(portainer.disk()).isEqualTo(32);
    assertThat(result.inventory().guest(9000).orElseThrow().disk()).isEqualTo(50);
    assertThat(result.inventory().guest(1002).orElseThrow().stacks()).containsExactly("qdrant");
    assertThat(result.inventory().ca().guest()).isEqualTo(103);
    assertThat(result.inventory().stacks().get("thinkheads_ai_app").env())
        .containsEntry("DATABASE_USER", "prod_user")
        .doesNotContainKey("DATABASE_PASS");
  }

  @Test
  void unmappedKeysAreWarningsNamingFileLineGuestAndKey() {
    InventoryResult result = PhoenixImporter.importDirectory(originals("rootesting-35c465b"));

    assertThat(result.warnings())
        .filteredOn(p -> p.path() != null && p.path().equals("$.lxc_configs.101.id_maps"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.file()).endsWith("phoenix_lxc_configs.json");
              assertThat(p.line()).isPositive();
              assertThat(p.message()).startsWith("guest 101: 'id_maps' is not imported");
            });
    assertThat(result.warnings())
        .extracting(Problem::path)
        .contains("$.portainer_api.admin_password", "$.lxc_configs.101.application_script");
  }

  @Test
  void olderVersionClonesFromAnUnmarkedTemplate() {
    InventoryResult result = PhoenixImporter.importDirectory(originals("main-0385ea2"));

    assertThat(result.inventory().guest(900).orElseThrow().template()).isTrue();
    assertThat(result.warnings())
        .anySatisfy(p -> assertThat(p.message()).startsWith("guest 900 is cloned by"));
    assertThat(result.inventory().guest(1002).orElseThrow().stacks())
        .containsExactly("qdrant", "thinkheads_ai_app");
  }

  @Test
  void malformedOriginalIsAnErrorWithItsLine(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve(PhoenixImporter.LXC_FILE), "{\n \"lxc_configs\": {\n  \"900\": {,}\n }\n}");

    InventoryResult result = PhoenixImporter.importDirectory(dir);

    assertThat(result.errors())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(3);
              assertThat(p.file()).endsWith(PhoenixImporter.LXC_FILE);
            });
  }

  @Test
  void wrongTypesInAnOriginalAreErrorsNotExceptions(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve(PhoenixImporter.LXC_FILE),
        """
        {"lxc_configs": {
          "900": {"name": "base", "memory_mb": "lots", "cores": [2],
                  "template": "/a/b/template/cache/u.tar.zst", "is_template": "yes"}
        }}
        """);

    InventoryResult result = PhoenixImporter.importDirectory(dir);

    assertThat(result.errors())
        .extracting(Problem::path)
        .contains(
            "$.lxc_configs.900.memory_mb",
            "$.lxc_configs.900.cores",
            "$.lxc_configs.900.is_template");
    assertThat(result.errors()).extracting(Problem::line).containsExactlyInAnyOrder(2, 2, 3);
  }

  @Test
  void missingDirectoryIsAClearError() {
    InventoryResult result = PhoenixImporter.importDirectory(Path.of("no/such/dir"));

    assertThat(result.errors())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("is not a directory"));
  }
}

package io.phoenix.common.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryLoaderTest {

  @Test
  void seedInventoryLoadsWithoutErrors() {
    InventoryResult result = InventoryLoader.load(Path.of("../inventory/phoenix.yaml"));

    assertThat(result.errors()).isEmpty();
    assertThat(result.inventory().guests())
        .extracting(Guest::id)
        .containsExactly(900, 103, 101, 102, 9000, 1001, 1002);
    Guest nginx = result.inventory().guest(101).orElseThrow();
    assertThat(nginx.certificates()).extracting(CertificateSpec::name).containsExactly("nginx");
    assertThat(nginx.network().get(0).isDhcp()).isTrue();
    assertThat(nginx.network().get(0).vlan()).isEqualTo(20);
    assertThat(result.inventory().guest(102).orElseThrow().certificates())
        .extracting(CertificateSpec::feature)
        .containsExactly("traefik");
    assertThat(result.inventory().guest(1002).orElseThrow().stacks())
        .containsExactly("qdrant", "thinkheads_ai_app");
  }

  @Test
  void bundledCopyIsTheSeedInventory() throws Exception {
    InventoryResult bundled = InventoryLoader.bundled();
    InventoryResult file = InventoryLoader.load(Path.of("../inventory/phoenix.yaml"));

    assertThat(bundled.errors()).isEmpty();
    assertThat(bundled.inventory()).isEqualTo(file.inventory());
  }

  @Test
  void defaultInventoryPrefersTheWorkingDirectoryFile(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("inventory"));
    Files.writeString(
        dir.resolve("inventory/phoenix.yaml"),
        "version: 1\nnodes: [{name: pve}]\nguests:\n  - {id: 100, kind: lxc, source: {ostemplate:"
            + " 'local:vztmpl/x.tar.zst'}}\n");

    assertThat(InventoryLoader.loadDefault(dir).inventory().guests())
        .extracting(Guest::id)
        .containsExactly(100);
    assertThat(InventoryLoader.loadDefault(dir.resolve("nowhere")).inventory().guests()).hasSize(7);
  }

  @Test
  void malformedYamlIsOneErrorWithItsLineAndNoException() {
    InventoryResult result =
        InventoryLoader.parse("version: 1\nguests:\n  - id: 100\n    kind: [lxc\n", "bad.yaml");

    assertThat(result.inventory()).isNull();
    assertThat(result.errors()).hasSize(1);
    Problem problem = result.errors().get(0);
    assertThat(problem.file()).isEqualTo("bad.yaml");
    assertThat(problem.line()).isGreaterThanOrEqualTo(4);
    assertThat(problem.message()).startsWith("not valid YAML");
  }

  @Test
  void malformedJsonNamesItsLine() {
    InventoryResult result =
        InventoryLoader.parse("{\n \"version\": 1,\n \"guests\": [,]\n}", "x.json");

    assertThat(result.errors())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(3);
              assertThat(p.message()).startsWith("not valid JSON");
            });
  }

  @Test
  void duplicateKeysAreRejected() {
    InventoryResult result =
        InventoryLoader.parse("version: 1\nversion: 1\nguests: []\n", "dup.yaml");

    assertThat(result.errors()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(2));
  }

  @Test
  void everyStructuralErrorIsReportedAtOnceWithLineAndPath() {
    String yaml =
        """
        version: 1
        nodes: [{name: pve}]
        guests:
          - id: 100
            kind: lxc
            source: {ostemplate: "local:vztmpl/u.tar.zst"}
            cores: four
          - id: 101
            kind: container
            source: {clone: 100}
            memroy: 512
          - kind: vm
            source: {image: x.img}
        """;

    InventoryResult result = InventoryLoader.parse(yaml, "inv.yaml");

    assertThat(result.inventory()).isNull();
    assertThat(result.errors())
        .extracting(Problem::path, Problem::line)
        .contains(
            org.assertj.core.groups.Tuple.tuple("$.guests[0].cores", 7),
            org.assertj.core.groups.Tuple.tuple("$.guests[1].kind", 9),
            org.assertj.core.groups.Tuple.tuple("$.guests[1].memroy", 11),
            org.assertj.core.groups.Tuple.tuple("$.guests[2]", 12));
    assertThat(result.errors())
        .filteredOn(p -> "$.guests[1].memroy".equals(p.path()))
        .singleElement()
        .satisfies(p -> assertThat(p.fix()).contains("did you mean 'memory'"));
    assertThat(result.errors())
        .filteredOn(p -> "$.guests[2]".equals(p.path()))
        .singleElement()
        .satisfies(p -> assertThat(p.fix()).isEqualTo("add 'id'"));
  }

  @Test
  void unreadableFileSaysWhatToDo() {
    InventoryResult result = InventoryLoader.load(Path.of("no/such/inventory.yaml"));

    assertThat(result.errors())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.message()).contains("no such file");
              assertThat(p.fix()).contains("--phoenix-configs");
            });
  }
}

package io.phoenix.common.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The inventory's {@code artifacts} section: how an air-gapped host installs the features. */
class ArtifactsTest {

  static final String SHA = "13c7e74c023d4a01c2cd01813c47c0cd650d814ca912f671773f194a84dffc8b";

  static String seed() {
    try (InputStream in =
        InventoryLoader.class.getResourceAsStream(InventoryLoader.BUNDLED_RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static InventoryResult seedWith(String yaml) {
    return InventoryLoader.parse(seed() + "\n" + yaml, "phoenix.yaml");
  }

  @Test
  void eachFeatureFindsItsArtifact() {
    Inventory inventory =
        seedWith(
                "artifacts:\n"
                    + "  step-ca: {url: 'http://mirror.lan/step-ca_0.19.0_linux_amd64.tar.gz', sha256: "
                    + SHA
                    + "}\n"
                    + "  traefik: {url: 'file:///srv/mirror/traefik', sha256: "
                    + SHA.replace('1', '2')
                    + "}\n")
            .orThrow();

    assertThat(inventory.artifactFor("step_ca"))
        .contains(new Artifact("http://mirror.lan/step-ca_0.19.0_linux_amd64.tar.gz", SHA));
    assertThat(inventory.artifactFor("traefik").orElseThrow().url())
        .isEqualTo("file:///srv/mirror/traefik");
    assertThat(inventory.artifactFor("step_cli")).isEmpty();
    assertThat(inventory.artifactFor("nginx")).isEmpty();
  }

  @Test
  void anInventoryWithoutArtifactsUsesTheDefaultSources() {
    assertThat(InventoryLoader.bundled().orThrow().artifacts()).isEmpty();
  }

  @Test
  void aChecksumThatIsNotSha256IsAnErrorAtItsPath() {
    InventoryResult result =
        seedWith("artifacts:\n  step-ca: {url: 'http://mirror.lan/step-ca', sha256: abc}\n");

    assertThat(result.errors())
        .anySatisfy(
            p -> {
              assertThat(p.path()).contains("artifacts").contains("sha256");
              assertThat(p.line()).isGreaterThan(0);
            });
  }

  @Test
  void anUnknownArtifactAndAMissingChecksumAreErrors() {
    InventoryResult result =
        seedWith(
            "artifacts:\n"
                + "  docker: {url: 'http://mirror.lan/docker', sha256: "
                + SHA
                + "}\n"
                + "  step-cli: {url: 'http://mirror.lan/step'}\n");

    assertThat(result.errors()).anySatisfy(p -> assertThat(p.toString()).contains("docker"));
    assertThat(result.errors()).anySatisfy(p -> assertThat(p.toString()).contains("sha256"));
  }

  @Test
  void aLifetimeAboveTheCasMaximumIsAnError() {
    String text = seed().replace("defaultLifetime: 24h", "defaultLifetime: 9000h");

    InventoryResult result = InventoryLoader.parse(text, "phoenix.yaml");

    assertThat(result.errors())
        .anySatisfy(
            p -> {
              assertThat(p.path()).isEqualTo("$.ca.defaultLifetime");
              assertThat(p.message()).contains("9000h").contains(CaSettings.MAX_LIFETIME);
            });
  }
}

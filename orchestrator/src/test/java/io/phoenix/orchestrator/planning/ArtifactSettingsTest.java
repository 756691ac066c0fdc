package io.phoenix.orchestrator.planning;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.inventory.Artifact;
import io.phoenix.common.inventory.Inventory;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The planner renders the inventory's artifacts into the settings of the features using them. */
class ArtifactSettingsTest {

  static final String SHA = "4f75697a9c8bed2ff74a1f39fc0f0897d8bc1060ee8b700e2e679bcebd828fe2";

  private static Inventory seedWith(Map<String, Artifact> artifacts) {
    Inventory seed = PlannerTest.SEED;
    return new Inventory(
        seed.version(),
        seed.domain(),
        seed.nodes(),
        seed.networks(),
        seed.ca(),
        seed.portainer(),
        seed.stacks(),
        seed.guests(),
        artifacts);
  }

  private static JsonNode settings(Plan plan, String step) {
    return plan.step(step).orElseThrow().params().path("settings");
  }

  @Test
  void eachFeatureGetsItsOwnArtifact() {
    Plan plan =
        new Planner()
            .create(
                seedWith(
                    Map.of(
                        "step-ca", new Artifact("http://mirror.lan/step-ca", SHA),
                        "step-cli", new Artifact("http://mirror.lan/step.tar.gz", SHA),
                        "traefik", new Artifact("https://mirror.lan/traefik.tar.gz", SHA))),
                PlannerTest.REFERENCE);

    assertThat(settings(plan, "103/feature/step_ca").path("artifact"))
        .hasToString("{\"url\":\"http://mirror.lan/step-ca\",\"sha256\":\"" + SHA + "\"}");
    assertThat(settings(plan, "101/feature/step_cli").path("artifact").path("url").asString())
        .isEqualTo("http://mirror.lan/step.tar.gz");
    assertThat(settings(plan, "102/feature/step_cli").path("artifact").path("url").asString())
        .isEqualTo("http://mirror.lan/step.tar.gz");
    assertThat(settings(plan, "102/feature/traefik").path("artifact").path("url").asString())
        .isEqualTo("https://mirror.lan/traefik.tar.gz");
    assertThat(settings(plan, "102/feature/traefik").path("routes").isArray()).isTrue();
    assertThat(settings(plan, "101/feature/nginx").has("artifact")).isFalse();
    assertThat(settings(plan, "103/feature/base_setup").has("artifact")).isFalse();
  }

  @Test
  void withoutArtifactsNoFeatureGetsOne() {
    Plan plan = new Planner().create(PlannerTest.SEED, PlannerTest.REFERENCE);

    assertThat(plan.steps())
        .allSatisfy(step -> assertThat(step.params().path("settings").has("artifact")).isFalse());
  }

  @Test
  void onlyTheConfiguredArtifactIsRendered() {
    Plan plan =
        new Planner()
            .create(
                seedWith(Map.of("step-ca", new Artifact("file:///srv/step-ca", SHA))),
                PlannerTest.REFERENCE);

    assertThat(settings(plan, "103/feature/step_ca").path("artifact").path("url").asString())
        .isEqualTo("file:///srv/step-ca");
    assertThat(settings(plan, "101/feature/step_cli").has("artifact")).isFalse();
    assertThat(settings(plan, "102/feature/traefik").has("artifact")).isFalse();
  }
}

package io.phoenix.orchestrator.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phoenix.common.contract.Agent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.inventory.Guest;
import io.phoenix.common.inventory.Inventory;
import io.phoenix.common.inventory.InventoryLoader;
import io.phoenix.common.inventory.InventoryResult;
import io.phoenix.common.inventory.phoenix.PhoenixImporter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class PlannerTest {

  static final List<Integer> REFERENCE = List.of(900, 103, 101, 102, 9000, 1001, 1002);
  static final Inventory SEED = InventoryLoader.bundled().orThrow();

  private final Planner planner = new Planner();

  /** Whether {@code later} transitively depends on {@code earlier}. */
  static boolean after(Plan plan, String later, String earlier) {
    Map<String, PlannedStep> byId = plan.stepsById();
    assertThat(byId).containsKeys(later, earlier);
    Deque<String> todo = new ArrayDeque<>(List.of(later));
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      for (String dependency : byId.get(todo.pop()).dependsOn()) {
        if (dependency.equals(earlier)) {
          return true;
        }
        if (seen.add(dependency)) {
          todo.push(dependency);
        }
      }
    }
    return false;
  }

  @Test
  void certificateStepsOf101And102ComeAfterTheCaIsReady() {
    Plan plan = planner.create(SEED, REFERENCE);

    for (String step :
        List.of(
            "101/csr/nginx",
            "101/sign/nginx",
            "101/cert/nginx",
            "102/sign/traefik",
            "102/cert/traefik")) {
      assertThat(after(plan, step, "103/pin-root")).as(step).isTrue();
      assertThat(after(plan, step, "103/feature/step_ca")).as(step).isTrue();
    }
    assertThat(plan.step("101/sign/nginx").orElseThrow().dependsOn())
        .containsExactly("101/csr/nginx", "103/pin-root");
    assertThat(plan.step("101/sign/nginx").orElseThrow().inputs())
        .containsEntry("csr", "101/csr/nginx#csr");
    assertThat(plan.step("101/feature/nginx").orElseThrow().dependsOn()).contains("101/cert/nginx");
    assertThat(plan.step("103/feature/step_ca").orElseThrow().inputs())
        .containsEntry("provisionerJwk", "103/provisioner#provisionerJwk");
    assertThat(plan.step("101/feature/trusted_ca").orElseThrow().inputs())
        .containsEntry("rootCertificate", "103/pin-root#rootCertificate");
  }

  @Test
  void vmClonesWaitForTheVmTemplate() {
    Plan plan = planner.create(SEED, REFERENCE);

    for (int vm : List.of(1001, 1002)) {
      PlannedStep clone = plan.step(vm + "/clone").orElseThrow();
      assertThat(clone.dependsOn()).containsExactly("9000/template");
      assertThat(clone.lock()).isEqualTo("guest:9000");
      assertThat(clone.agent()).isEqualTo(Agent.PROXMOX);
    }
  }

  @Test
  void containerClonesWaitOnlyForTheirSourceAndShareItsLock() {
    Plan plan = planner.create(SEED, REFERENCE);

    for (int lxc : List.of(103, 101, 102)) {
      PlannedStep clone = plan.step(lxc + "/clone").orElseThrow();
      assertThat(clone.dependsOn()).containsExactly("900/template");
      assertThat(clone.lock()).isEqualTo("guest:900");
      assertThat(clone.params().path("source").asInt()).isEqualTo(900);
    }
  }

  @Test
  void configurationWaitsForDependencies() {
    Plan plan = planner.create(SEED, REFERENCE);

    assertThat(plan.step("102/feature/base_setup").orElseThrow().dependsOn())
        .contains("101/snapshot/final-form");
    assertThat(after(plan, "1002/feature/base_setup", "1001/snapshot/final-form")).isTrue();
    assertThat(plan.step("1002/portainer/endpoint").orElseThrow().dependsOn())
        .contains("1002/feature/portainer_agent", "1001/portainer/admin");
    assertThat(plan.step("1002/stack/qdrant").orElseThrow().dependsOn())
        .containsExactly("1002/portainer/endpoint");
    assertThat(plan.step("1002/stack/thinkheads_ai_app").orElseThrow().dependsOn())
        .containsExactly("1002/portainer/endpoint");
  }

  @Test
  void eachGuestFollowsItsLifecycleChain() {
    Plan plan = planner.create(SEED, REFERENCE);

    assertThat(plan.steps().stream().filter(s -> s.guest() == 103).map(PlannedStep::id))
        .containsExactly(
            "103/clone",
            "103/configure",
            "103/resize",
            "103/start",
            "103/snapshot/pre-configured",
            "103/feature/base_setup",
            "103/provisioner",
            "103/feature/step_ca",
            "103/pin-root",
            "103/health",
            "103/snapshot/final-form");
    assertThat(plan.steps().stream().filter(s -> s.guest() == 900).map(PlannedStep::id))
        .containsExactly(
            "900/create",
            "900/configure",
            "900/resize",
            "900/start",
            "900/feature/base_setup",
            "900/template");
  }

  @Test
  void stepsAreInTopologicalOrder() {
    Plan plan = planner.create(SEED, REFERENCE);
    Set<String> seen = new HashSet<>();

    for (PlannedStep step : plan.steps()) {
      assertThat(seen).as(step.id()).containsAll(step.dependsOn());
      seen.add(step.id());
    }
    assertThat(plan.pulledIn()).isEmpty();
  }

  @Test
  void paramsCarryTheGuestNodeAndCaUrl() {
    Plan plan = planner.create(SEED, REFERENCE);
    Guest nginx = SEED.guest(101).orElseThrow();

    PlannedStep configure = plan.step("101/configure").orElseThrow();
    assertThat(Envelopes.json().treeToValue(configure.params().get("guest"), Guest.class))
        .isEqualTo(nginx);
    assertThat(configure.params().path("node").asString()).isEqualTo("pve");
    PlannedStep sign = plan.step("101/sign/nginx").orElseThrow();
    assertThat(sign.params().path("caUrl").asString()).isEqualTo("https://172.16.100.11:9000");
    assertThat(sign.params().path("certificate").path("commonName").asString())
        .isEqualTo("nginx.internal.thinkheads.ai");
    assertThat(
            plan.step("103/snapshot/pre-configured").orElseThrow().params().path("name").asString())
        .isEqualTo("pre-configured");
    assertThat(sign.params().path("provisioner").asString()).isEqualTo("phoenix-pki-agent");
    assertThat(sign.params().path("defaultLifetime").asString()).isEqualTo("24h");
    assertThat(plan.step("101/feature/nginx").orElseThrow().params().path("settings"))
        .hasToString(
            "{\"upstream\":\"https://172.16.100.12:443\","
                + "\"upstreamTlsName\":\"traefik.internal.thinkheads.ai\"}");
    assertThat(
            plan.step("102/feature/traefik")
                .orElseThrow()
                .params()
                .path("settings")
                .path("routes")
                .findValuesAsString("upstream"))
        .containsExactly(
            "https://172.16.100.11:9000", "https://172.16.100.10:443", "https://10.0.0.111:9443");
    JsonNode stepCa = plan.step("103/feature/step_ca").orElseThrow().params().path("settings");
    assertThat(stepCa.path("dnsNames"))
        .hasToString("[\"ca.internal.thinkheads.ai\",\"172.16.100.11\"]");
    assertThat(stepCa.path("provisioner").asString()).isEqualTo("phoenix-pki-agent");
    assertThat(
            plan.step("101/feature/step_cli")
                .orElseThrow()
                .params()
                .path("settings")
                .path("caUrl")
                .asString())
        .isEqualTo("https://172.16.100.11:9000");
    assertThat(
            plan.step("1002/feature/portainer_agent")
                .orElseThrow()
                .params()
                .path("portainer")
                .path("url")
                .asString())
        .isEqualTo("https://10.0.0.111:9443");
    assertThat(
            plan.step("1002/stack/qdrant")
                .orElseThrow()
                .params()
                .path("portainer")
                .path("server")
                .asInt())
        .isEqualTo(1001);
    assertThat(plan.step("900/create").orElseThrow().lock()).isEqualTo("storage:pve/local");
  }

  @Test
  void criticalPathIsAChainAndItsLengthIsTheEstimate() {
    Plan plan = planner.create(SEED, REFERENCE);
    List<String> path = plan.criticalPath();

    long sum = 0;
    for (int i = 0; i < path.size(); i++) {
      PlannedStep step = plan.step(path.get(i)).orElseThrow();
      sum += step.estimateMs();
      if (i > 0) {
        assertThat(step.dependsOn()).contains(path.get(i - 1));
      }
    }
    assertThat(plan.estimateMs()).isEqualTo(sum);
    assertThat(path.get(0)).isEqualTo("900/create");
    assertThat(path.get(path.size() - 1)).startsWith("1002/");
  }

  @Test
  void planningOneGuestPullsInTheSameChainAsTheOriginalTool() {
    Plan plan = planner.create(SEED, List.of(1002));

    assertThat(plan.requested()).containsExactly(1002);
    assertThat(plan.pulledIn()).containsExactly(9000, 900, 103, 101, 102, 1001);
  }

  @Test
  void unknownGuestIsAClearPlanningException() {
    assertThatThrownBy(() -> planner.create(SEED, List.of(101, 4242)))
        .isInstanceOf(PlanningException.class)
        .hasMessageStartingWith("guest 4242 is not in the inventory; it has 101, 102, 103, 900");
  }

  @Test
  void fabricatedCycleIsRejectedWithItsPath() {
    String yaml =
        """
        version: 1
        nodes: [{name: pve}]
        guests:
          - {id: 900, kind: lxc, template: true, source: {ostemplate: "local:vztmpl/u.tar.zst"}}
          - {id: 201, kind: lxc, source: {clone: 900}, dependsOn: [202], features: [base_setup]}
          - {id: 202, kind: lxc, source: {clone: 900}, dependsOn: [203], features: [base_setup]}
          - {id: 203, kind: lxc, source: {clone: 900}, dependsOn: [201], features: [base_setup]}
        """;
    InventoryResult result = InventoryLoader.parse(yaml, "cycle.yaml");

    assertThat(result.errors())
        .extracting(p -> p.message())
        .containsExactly(
            "dependency cycle: 201 -> 202 -> 203 -> 201 (201 depends on 202; 202 depends on 203; 203"
                + " depends on 201)");
    assertThatThrownBy(() -> planner.create(result.inventory(), List.of(203)))
        .isInstanceOf(PlanningException.class)
        .hasMessageContaining("dependency cycle: 203 -> 201 -> 202 -> 203");
  }

  @ParameterizedTest
  @ValueSource(strings = {"main-0385ea2", "rootesting-35c465b"})
  void bothOriginalVersionsPlan(String version) {
    Inventory imported =
        PhoenixImporter.importDirectory(Path.of("../../shared/reference/phoenix", version))
            .orThrow();

    Plan plan = planner.create(imported, REFERENCE);

    assertThat(plan.step("103/pin-root")).isPresent();
    assertThat(after(plan, "101/sign/nginx", "103/pin-root")).isTrue();
    assertThat(plan.step("1001/clone").orElseThrow().dependsOn()).containsExactly("9000/template");
    // The older version had 102 depend on 103 directly; the newer one chains 102 -> 101 -> 103.
    assertThat(planner.create(imported, List.of(1002)).pulledIn())
        .containsExactlyElementsOf(
            version.startsWith("main")
                ? List.of(9000, 900, 103, 102, 1001)
                : List.of(9000, 900, 103, 101, 102, 1001));
  }

  @Test
  void latencyProfileOverridesChangeEstimates() {
    Planner slowDocker =
        new Planner(LatencyProfile.defaults().with(Map.of("service.feature.docker", "10m")));

    assertThat(
            slowDocker
                .create(SEED, REFERENCE)
                .step("1001/feature/docker")
                .orElseThrow()
                .estimateMs())
        .isEqualTo(600_000);
    assertThat(
            planner.create(SEED, REFERENCE).step("1001/feature/docker").orElseThrow().estimateMs())
        .isEqualTo(120_000);
    assertThat(planner.create(SEED, REFERENCE).step("1001/clone").orElseThrow().estimateMs())
        .isEqualTo(45_000);
    assertThatThrownBy(() -> LatencyProfile.defaults().with(Map.of("proxmox.clone", "soon")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a duration");
  }

  @Test
  void certificateServedByAFeatureBeforeTrustedCaIsRejected() {
    // The validator reports this too; the planner must not loop or plan it either.
    String yaml =
        """
        version: 1
        nodes: [{name: pve}]
        ca: {guest: 103}
        guests:
          - {id: 900, kind: lxc, template: true, source: {ostemplate: "local:vztmpl/u.tar.zst"}}
          - {id: 103, kind: lxc, source: {clone: 900}, features: [step_ca],
             network: [{bridge: vmbr0, ip: 10.0.0.10/24}]}
          - id: 101
            kind: lxc
            source: {clone: 900}
            features: [nginx, trusted_ca]
            certificates: [{name: web, commonName: web.example, feature: nginx}]
        """;
    Inventory inventory = InventoryLoader.parse(yaml, "t.yaml").inventory();

    assertThatThrownBy(() -> planner.create(inventory, List.of(101)))
        .isInstanceOf(PlanningException.class)
        .hasMessageStartingWith("certificate 'web' of guest 101 is served by feature 'nginx'");
  }
}

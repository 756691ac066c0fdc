package io.phoenix.common.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InventoryValidatorTest {

  private static final String HEAD =
      """
      version: 1
      nodes: [{name: pve}]
      networks: [{bridge: vmbr0, cidr: 10.0.0.0/24, gateway: 10.0.0.1}]
      ca: {guest: 103}
      guests:
        - id: 900
          kind: lxc
          template: true
          source: {ostemplate: "local:vztmpl/u.tar.zst"}
          features: [base_setup]
        - id: 103
          kind: lxc
          source: {clone: 900}
          network: [{bridge: vmbr0, ip: 10.0.0.10/24}]
          features: [base_setup, step_ca]
      """;

  private static List<Problem> errors(String guests) {
    return InventoryLoader.parse(HEAD + guests, "t.yaml").errors();
  }

  private static List<String> messages(String guests) {
    return errors(guests).stream().map(Problem::message).toList();
  }

  @Test
  void aValidInventoryHasNoErrors() {
    assertThat(errors("")).isEmpty();
  }

  @Test
  void unknownCloneSourceIsAnErrorOnItsLine() {
    List<Problem> errors =
        errors(
            """
              - id: 101
                kind: lxc
                source: {clone: 999}
            """);

    assertThat(errors)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.message()).contains("clones 999, which is not in the inventory");
              assertThat(p.path()).isEqualTo("$.guests[2].source.clone");
              assertThat(p.line()).isEqualTo(18);
            });
  }

  @Test
  void cloningAGuestThatIsNotATemplateIsAnError() {
    assertThat(
            messages(
                """
                  - id: 101
                    kind: lxc
                    source: {clone: 103}
                """))
        .containsExactly("guest 101 clones 103, which is not a template");
  }

  @Test
  void dependencyCycleIsReportedWithItsPath() {
    List<String> messages =
        messages(
            """
              - id: 101
                kind: lxc
                source: {clone: 900}
                dependsOn: [102]
              - id: 102
                kind: lxc
                source: {clone: 900}
                dependsOn: [104]
              - id: 104
                kind: lxc
                source: {clone: 900}
                dependsOn: [101]
            """);

    assertThat(messages)
        .containsExactly(
            "dependency cycle: 101 -> 102 -> 104 -> 101 (101 depends on 102; 102 depends on 104;"
                + " 104 depends on 101)");
  }

  @Test
  void cycleThroughTheCaIsFound() {
    assertThat(
            InventoryLoader.parse(
                    HEAD.replace(
                            "features: [base_setup, step_ca]",
                            "features: [base_setup, step_ca]\n    dependsOn: [101]")
                        + """
                          - id: 101
                            kind: lxc
                            source: {clone: 900}
                            features: [trusted_ca]
                        """,
                    "t.yaml")
                .errors())
        .extracting(Problem::message)
        .containsExactly(
            "dependency cycle: 103 -> 101 -> 103 (103 depends on 101; 101 uses the CA on 103)");
  }

  @Test
  void duplicateIdsIpsAndMacsAreAllReported() {
    List<String> messages =
        messages(
            """
              - id: 101
                kind: lxc
                source: {clone: 900}
                network: [{bridge: vmbr0, ip: 10.0.0.10/24, mac: "52:54:00:00:00:01"}]
              - id: 101
                kind: lxc
                source: {clone: 900}
                network: [{bridge: vmbr0, ip: 10.0.0.11/24, mac: "52:54:00:00:00:01"}]
            """);

    assertThat(messages)
        .containsExactlyInAnyOrder(
            "duplicate guest id 101 (also at $.guests[2])",
            "guest 101 net0 has address 10.0.0.10 on vmbr0, which guest 103 net0 has too",
            "guest 101 net0 has MAC 52:54:00:00:00:01 on vmbr0, which guest 101 net0 has too");
  }

  @Test
  void sameAddressOnAnotherBridgeIsFine() {
    assertThat(
            errors(
                """
                  - id: 101
                    kind: lxc
                    source: {clone: 900}
                    network: [{bridge: vmbr1, ip: 10.0.0.10/24}]
                """))
        .isEmpty();
  }

  @Test
  void addressOutsideItsGatewaysSubnetIsAnError() {
    assertThat(
            messages(
                """
                  - id: 101
                    kind: lxc
                    source: {clone: 900}
                    network: [{bridge: vmbr1, ip: 192.168.5.4/24, gateway: 192.168.6.1}]
                """))
        .containsExactly(
            "guest 101 net0: 192.168.5.4/24 is outside the subnet of its gateway 192.168.6.1");
  }

  @Test
  void anotherSubnetOnADeclaredBridgeIsAWarningNamingGuestBridgeAndSubnet() {
    InventoryResult result =
        InventoryLoader.parse(
            HEAD
                + """
                  - id: 101
                    kind: lxc
                    source: {clone: 900}
                    network: [{bridge: vmbr0, ip: 192.168.50.10/24, gateway: 192.168.50.1}]
                """,
            "t.yaml");

    assertThat(result.errors()).isEmpty();
    assertThat(result.warnings())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.message())
                  .isEqualTo(
                      "guest 101 net0: 192.168.50.10/24 is outside the subnet 10.0.0.0/24"
                          + " declared for bridge vmbr0");
              assertThat(p.path()).isEqualTo("$.guests[2].network[0].ip");
            });
  }

  @Test
  void anAddressOutsideItsOwnGatewaysSubnetStaysAnErrorOnADeclaredBridgeToo() {
    assertThat(
            messages(
                """
                  - id: 101
                    kind: lxc
                    source: {clone: 900}
                    network: [{bridge: vmbr0, ip: 192.168.50.10/24, gateway: 192.168.60.1}]
                """))
        .containsExactly(
            "guest 101 net0: 192.168.50.10/24 is outside the subnet of its gateway 192.168.60.1");
  }

  @Test
  void unknownFeatureIsAnErrorWithASuggestionAndLegacyFeatureAWarning() {
    InventoryResult result =
        InventoryLoader.parse(
            HEAD
                + """
                  - id: 101
                    kind: lxc
                    source: {clone: 900}
                    features: [base_setup, ngnix, nvidia]
                """,
            "t.yaml");

    assertThat(result.errors())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.message()).isEqualTo("guest 101: unknown feature 'ngnix'");
              assertThat(p.fix()).startsWith("did you mean 'nginx'?");
            });
    assertThat(result.warnings())
        .extracting(Problem::path)
        .containsExactly("$.guests[2].features[2]");
  }

  @Test
  void certificatesNeedTrustedCa() {
    assertThat(
            messages(
                """
                  - id: 101
                    kind: lxc
                    source: {clone: 900}
                    features: [base_setup, nginx]
                    certificates: [{name: nginx, commonName: n.example, feature: nginx}]
                """))
        .containsExactly("guest 101 has certificates but not the trusted_ca feature");
  }

  @Test
  void certificateFeatureBeforeTrustedCaIsAnError() {
    assertThat(
            messages(
                """
                  - id: 101
                    kind: lxc
                    source: {clone: 900}
                    features: [nginx, trusted_ca]
                    certificates: [{name: nginx, commonName: n.example, feature: nginx}]
                """))
        .containsExactly(
            "certificate 'nginx' of guest 101 is served by 'nginx', which comes before trusted_ca"
                + " that the certificate needs");
  }

  @Test
  void guestAgentFeaturesOnAVmWithoutTheAgentAreErrors() {
    assertThat(
            messages(
                """
                  - id: 9000
                    kind: vm
                    source: {image: noble.img}
                    guestAgent: false
                    features: [docker]
                    healthCheck: {command: "true"}
                """))
        .containsExactlyInAnyOrder(
            "guest 9000 runs features but has no QEMU guest agent, through which they run",
            "guest 9000 has a health check but no QEMU guest agent to run it");
  }

  @Test
  void templateWithSnapshotsIsAnError() {
    assertThat(
            messages(
                """
                  - id: 901
                    kind: lxc
                    template: true
                    source: {clone: 900}
                    snapshots: [final-form]
                """))
        .containsExactly(
            "guest 901 is a template and has snapshots; Proxmox refuses to template a guest with"
                + " snapshots");
  }
}

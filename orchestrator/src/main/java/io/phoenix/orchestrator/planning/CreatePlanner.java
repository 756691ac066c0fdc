package io.phoenix.orchestrator.planning;

import io.phoenix.common.contract.Agent;
import io.phoenix.common.inventory.CertificateSpec;
import io.phoenix.common.inventory.FeatureCatalog;
import io.phoenix.common.inventory.Guest;
import io.phoenix.common.inventory.GuestGraph;
import io.phoenix.common.inventory.Node;
import io.phoenix.common.inventory.PortainerRole;
import io.phoenix.common.inventory.Stack;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * Expands guests into their lifecycle steps and wires them (docs/steps.md, "Wiring"): each guest's
 * own chain, clones after their source's template step, configuration after dependencies, the CA
 * bootstrap, certificates, Portainer and stacks.
 */
final class CreatePlanner {

  static final String SNAPSHOT_PRE = "pre-configured";

  private final PlanContext context;
  private final LatencyProfile profile;
  private final StepGraph graph;

  /** Per planned guest: the step ids that finish it (what dependents wait for). */
  private final Map<Integer, List<String>> done = new HashMap<>();

  CreatePlanner(PlanContext context, LatencyProfile profile) {
    this.context = context;
    this.profile = profile;
    // About a dozen steps per guest; sizing up front avoids rehashing large maps.
    this.graph = new StepGraph(context.inventory.guests().size() * 12);
  }

  Plan plan(List<Integer> requested, GuestGraph guests) {
    List<Integer> order = GuestOrder.withPrerequisites(requested, guests, context);
    List<Integer> pulledIn = new ArrayList<>();
    java.util.Set<Integer> asked = new java.util.HashSet<>(requested);
    for (int id : order) {
      if (!asked.contains(id)) {
        pulledIn.add(id);
      }
      expand(context.guest(id));
    }
    List<PlannedStep> sorted = graph.sorted();
    StepGraph.CriticalPath critical = graph.criticalPath();
    return new Plan("create", requested, pulledIn, sorted, critical.steps(), critical.lengthMs());
  }

  /** One guest's steps, in chain order. */
  private void expand(Guest guest) {
    Chain chain = new Chain(guest);
    if (guest.source() != null && guest.source().isClone()) {
      int source = guest.source().cloneOf();
      String template = source + "/template";
      if (!graph.has(template)) {
        throw new PlanningException(
            "guest "
                + guest.id()
                + " clones "
                + source
                + ", which is not a template; set template: true on "
                + source);
      }
      ObjectNode params = context.params(guest);
      params.put("source", source);
      chain.add(
          "clone", null, Agent.PROXMOX, params, "guest:" + source, List.of(template), Map.of());
    } else {
      chain.add(
          "create",
          null,
          Agent.PROXMOX,
          context.params(guest),
          createLock(guest),
          List.of(),
          Map.of());
    }
    chain.add(
        "configure", null, Agent.PROXMOX, context.plainParams(guest), null, List.of(), Map.of());
    if (guest.disk() != null) {
      chain.add(
          "resize", null, Agent.PROXMOX, context.plainParams(guest), null, List.of(), Map.of());
    }
    chain.add("start", null, Agent.PROXMOX, context.plainParams(guest), null, List.of(), Map.of());
    if (!guest.template() && guest.snapshots().contains(SNAPSHOT_PRE)) {
      chain.add(
          "snapshot",
          SNAPSHOT_PRE,
          Agent.PROXMOX,
          snapshotParams(guest, SNAPSHOT_PRE),
          null,
          List.of(),
          Map.of());
    }
    // Configuration waits for every guest this one depends on.
    for (int dependency : guest.dependsOn()) {
      chain.gate.addAll(done.getOrDefault(dependency, List.of()));
    }
    features(guest, chain);
    tail(guest, chain);
    done.put(guest.id(), List.copyOf(chain.last));
  }

  private void features(Guest guest, Chain chain) {
    int anchorIndex = -1;
    for (int i = 0; i < guest.features().size(); i++) {
      if (FeatureCatalog.preparesCertificates(guest.features().get(i))) {
        anchorIndex = i;
      }
    }
    Map<String, List<String>> certsFor = new HashMap<>();
    List<String> unbound = new ArrayList<>();
    if (anchorIndex < 0 && !guest.certificates().isEmpty()) {
      certificates(guest, chain.last, certsFor, unbound);
    }
    boolean isCa = context.inventory.ca() != null && context.inventory.ca().guest() == guest.id();
    for (int i = 0; i < guest.features().size(); i++) {
      String feature = guest.features().get(i);
      ObjectNode params = context.params(guest);
      params.put("feature", feature);
      params.set("settings", context.featureSettings(feature));
      if (context.caSection() != null) {
        params.set("ca", context.caSection());
      }
      if (context.inventory.portainer() != null) {
        params.set("portainer", context.portainer());
      }
      List<String> extra = new ArrayList<>(certsFor.getOrDefault(feature, List.of()));
      Map<String, String> inputs = new LinkedHashMap<>();
      switch (feature) {
        case FeatureCatalog.STEP_CA -> {
          if (isCa) {
            String provisioner = provisioner(guest);
            extra.add(provisioner);
            inputs.put("provisionerJwk", provisioner + "#provisionerJwk");
          }
        }
        case FeatureCatalog.TRUSTED_CA -> {
          String ca = caGuest();
          extra.add(ca + "/pin-root");
          inputs.put("rootCertificate", ca + "/pin-root#rootCertificate");
        }
        case FeatureCatalog.STEP_CLI -> {
          if (!isCa) {
            String ca = caGuest();
            extra.add(ca + "/pin-root");
            inputs.put("rootFingerprint", ca + "/pin-root#rootFingerprint");
          }
        }
        default -> {}
      }
      chain.add("feature", feature, Agent.SERVICE, params, null, extra, inputs);
      if (isCa && feature.equals(FeatureCatalog.STEP_CA)) {
        pinRoot(guest);
      }
      if (i == anchorIndex) {
        certificates(guest, chain.last, certsFor, unbound);
      }
    }
    chain.last.addAll(unbound);
  }

  /** The CSR, signing and installation steps of each certificate, hanging off {@code anchor}. */
  private void certificates(
      Guest guest, List<String> anchor, Map<String, List<String>> certsFor, List<String> unbound) {
    String ca = caGuest();
    String caUrl = context.caUrl();
    for (CertificateSpec certificate : guest.certificates()) {
      String name = certificate.name();
      tools.jackson.databind.JsonNode certificateTree = context.tree(certificate);
      ObjectNode csrParams = context.params(guest);
      csrParams.set("certificate", certificateTree);
      String csr =
          add(guest, "csr", name, Agent.SERVICE, csrParams, null, List.copyOf(anchor), Map.of());
      ObjectNode signParams = context.object();
      signParams.put("caUrl", caUrl);
      signParams.put("provisioner", context.provisionerName());
      if (context.inventory.ca().defaultLifetime() != null) {
        signParams.put("defaultLifetime", context.inventory.ca().defaultLifetime());
      }
      signParams.set("certificate", certificateTree);
      String sign =
          add(
              guest,
              "sign",
              name,
              Agent.PKI,
              signParams,
              null,
              List.of(csr, ca + "/pin-root"),
              Map.of("csr", csr + "#csr"));
      ObjectNode certParams = context.params(guest);
      certParams.set("certificate", certificateTree);
      String cert =
          add(
              guest,
              "cert",
              name,
              Agent.SERVICE,
              certParams,
              null,
              List.of(sign),
              Map.of("chain", sign + "#chain"));
      if (certificate.feature() != null
          && graph.has(guest.id() + "/feature/" + certificate.feature())) {
        throw new PlanningException(
            "certificate '"
                + name
                + "' of guest "
                + guest.id()
                + " is served by feature '"
                + certificate.feature()
                + "', which comes before the trusted_ca/step_cli features the"
                + " certificate needs; move "
                + certificate.feature()
                + " after them");
      }
      if (certificate.feature() != null && guest.features().contains(certificate.feature())) {
        certsFor.computeIfAbsent(certificate.feature(), f -> new ArrayList<>()).add(cert);
      } else {
        unbound.add(cert);
      }
    }
  }

  /** Portainer registration, stacks, health, the final snapshots and the template. */
  private void tail(Guest guest, Chain chain) {
    if (guest.portainer() == PortainerRole.SERVER) {
      ObjectNode params = context.params(guest);
      params.set("portainer", context.portainer());
      chain.add("portainer", "admin", Agent.SERVICE, params, null, List.of(), Map.of());
    }
    if (guest.portainer() == PortainerRole.AGENT) {
      ObjectNode params = context.params(guest);
      params.set("portainer", context.portainer());
      List<String> extra = new ArrayList<>();
      if (context.inventory.portainer() != null) {
        String admin = context.inventory.portainer().server() + "/portainer/admin";
        if (!graph.has(admin)) {
          throw new PlanningException(
              "guest "
                  + guest.id()
                  + " is a Portainer agent but the Portainer server "
                  + context.inventory.portainer().server()
                  + " has no admin step; give the server portainer: server");
        }
        extra.add(admin);
      }
      chain.add("portainer", "endpoint", Agent.SERVICE, params, null, extra, Map.of());
    }
    if (!guest.stacks().isEmpty()) {
      List<String> deployed = new ArrayList<>();
      List<String> before = List.copyOf(chain.last);
      for (String name : guest.stacks()) {
        Stack stack = context.inventory.stacks().get(name);
        if (stack == null) {
          throw new PlanningException(
              "guest "
                  + guest.id()
                  + " deploys stack '"
                  + name
                  + "', which the inventory does not define");
        }
        ObjectNode params = context.params(guest);
        // The stack is deployed through the server's API, logging in as its admin.
        params.set("portainer", context.portainer());
        ObjectNode node = params.putObject("stack");
        node.put("name", name);
        if (stack.compose() != null) {
          node.put("compose", stack.compose());
        }
        node.set("env", context.tree(stack.env()));
        List<String> deps = new ArrayList<>(before);
        chain.consumeGate(deps);
        deployed.add(add(guest, "stack", name, Agent.SERVICE, params, null, deps, Map.of()));
      }
      chain.last.clear();
      chain.last.addAll(deployed);
    }
    if (guest.healthCheck() != null) {
      ObjectNode params = context.params(guest);
      params.set("healthCheck", context.tree(guest.healthCheck()));
      chain.add("health", null, Agent.SERVICE, params, null, List.of(), Map.of());
    }
    if (!guest.template()) {
      for (String snapshot : guest.snapshots()) {
        if (!snapshot.equals(SNAPSHOT_PRE)) {
          chain.add(
              "snapshot",
              snapshot,
              Agent.PROXMOX,
              snapshotParams(guest, snapshot),
              null,
              List.of(),
              Map.of());
        }
      }
    } else {
      chain.add(
          "template", null, Agent.PROXMOX, context.plainParams(guest), null, List.of(), Map.of());
    }
  }

  private String provisioner(Guest ca) {
    String id = ca.id() + "/provisioner";
    if (!graph.has(id)) {
      ObjectNode params = context.object();
      ObjectNode provisioner = params.putObject("provisioner");
      provisioner.put("name", context.provisionerName());
      params.put("caUrl", context.caUrl());
      add(ca, "provisioner", null, Agent.PKI, params, null, List.of(), Map.of());
    }
    return id;
  }

  private void pinRoot(Guest ca) {
    String stepCa = ca.id() + "/feature/" + FeatureCatalog.STEP_CA;
    ObjectNode params = context.object();
    params.put("caUrl", context.caUrl());
    add(
        ca,
        "pin-root",
        null,
        Agent.PKI,
        params,
        null,
        List.of(stepCa),
        Map.of(
            "rootCertificate",
            stepCa + "#rootCertificate",
            "rootFingerprint",
            stepCa + "#rootFingerprint"));
  }

  private String caGuest() {
    if (context.inventory.ca() == null) {
      throw new PlanningException(
          "guests need the CA but the inventory has no ca section; add ca: {guest: <id>}");
    }
    int ca = context.inventory.ca().guest();
    if (!graph.has(ca + "/pin-root")) {
      throw new PlanningException(
          "the CA guest "
              + ca
              + " is not planned before the guests that need it; does it run the step_ca feature?");
    }
    return String.valueOf(ca);
  }

  private ObjectNode snapshotParams(Guest guest, String name) {
    ObjectNode params = context.params(guest);
    params.put("name", name);
    return params;
  }

  /** {@code storage:<node>/<storage>} that a create downloads into. */
  private String createLock(Guest guest) {
    Node node = context.nodeOf(guest);
    String storage = null;
    if (guest.source() != null && guest.source().ostemplate() != null) {
      String volume = guest.source().ostemplate();
      storage =
          volume.contains(":")
              ? volume.substring(0, volume.indexOf(':'))
              : node == null ? null : node.templateStorage();
    } else if (node != null) {
      storage = node.imageStorage();
    }
    return storage == null ? null : "storage:" + context.node(guest) + "/" + storage;
  }

  private String add(
      Guest guest,
      String action,
      String detail,
      Agent agent,
      ObjectNode params,
      String lock,
      List<String> deps,
      Map<String, String> inputs) {
    String id = guest.id() + "/" + action + (detail == null ? "" : "/" + detail);
    long estimate = profile.estimate(agent, action, guest.kind(), detail);
    graph.add(
        new PlannedStep(
            id, guest.id(), action, detail, agent, deps, lock, estimate, params, inputs));
    return id;
  }

  private static List<String> distinct(List<String> ids) {
    if (ids.size() < 2) {
      return ids;
    }
    List<String> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      if (!out.contains(id)) {
        out.add(id);
      }
    }
    return out;
  }

  /** A guest's chain: each step waits for what finished the previous one. */
  private final class Chain {
    private final Guest guest;
    final List<String> last = new ArrayList<>();
    final List<String> gate = new ArrayList<>();
    private boolean gated;

    Chain(Guest guest) {
      this.guest = guest;
    }

    String add(
        String action,
        String detail,
        Agent agent,
        ObjectNode params,
        String lock,
        List<String> extra,
        Map<String, String> inputs) {
      List<String> deps = new ArrayList<>(last);
      deps.addAll(extra);
      boolean configuration = !agent.equals(Agent.PROXMOX) && !action.equals("provisioner");
      if (configuration) {
        consumeGate(deps);
      }
      String id =
          CreatePlanner.this.add(
              guest, action, detail, agent, params, lock, distinct(deps), inputs);
      last.clear();
      last.add(id);
      return id;
    }

    /** The first configuration step also waits for the guests this one depends on. */
    void consumeGate(List<String> deps) {
      if (!gated) {
        deps.addAll(gate);
        gated = true;
      }
    }
  }
}

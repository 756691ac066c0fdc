package io.phoenix.proxmox.lifecycle;

import io.phoenix.common.agent.StepHandler;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.StepCommand;
import io.phoenix.common.contract.StepOutcome;
import io.phoenix.common.inventory.Guest;
import io.phoenix.proxmox.ProxmoxProperties;
import io.phoenix.proxmox.client.PveClient;
import io.phoenix.proxmox.client.PveCredentials;
import io.phoenix.simulator.pve.PveSimulator;
import io.phoenix.simulator.pve.PveSimulatorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import tools.jackson.databind.node.ObjectNode;

/**
 * The proxmox-agent's lifecycle handlers wired (as Spring would) to a client of a running Proxmox
 * VE simulator over HTTPS, with the token secret read from a file and the certificate pinned.
 * {@link #instance()} builds another agent instance (own client, own in-process locks) on the same
 * simulator.
 */
final class SimulatedProxmox implements AutoCloseable {

  static final String NODE_JSON =
      "{\"name\":\"pve\",\"diskStorage\":\"local-lvm\",\"templateStorage\":\"local\","
          + "\"imageStorage\":\"local\"}";

  final PveSimulator simulator;
  final String secret;
  final ProxmoxProperties properties;
  final List<String> events = new CopyOnWriteArrayList<>();
  private final Path secretFile;
  private final List<Instance> instances = new ArrayList<>();
  private int buildCounter;

  SimulatedProxmox(
      UnaryOperator<PveSimulatorConfig> config, UnaryOperator<ProxmoxProperties.Timeouts> timeouts)
      throws IOException {
    simulator =
        PveSimulator.start(config.apply(PveSimulatorConfig.defaults().withSpeedFactor(0.02)));
    String token = simulator.apiToken();
    int eq = token.indexOf('=');
    secret = token.substring(eq + 1);
    secretFile = Files.createTempFile("pve-token", ".secret");
    Files.writeString(secretFile, secret + "\n");
    properties =
        new ProxmoxProperties(
            simulator.baseUri(),
            token.substring(0, eq),
            secretFile,
            "PROXMOX_TOKEN_SECRET",
            null,
            null,
            "PROXMOX_PASSWORD",
            null,
            simulator.certificateSha256(),
            false,
            timeouts.apply(fast()),
            "local-lvm",
            "local");
  }

  static ProxmoxProperties.Timeouts fast() {
    return new ProxmoxProperties.Timeouts(
        Duration.ofSeconds(5),
        Duration.ofSeconds(20),
        Duration.ofSeconds(20),
        Duration.ofSeconds(4),
        Duration.ofMillis(100),
        Duration.ofSeconds(60),
        Map.of(),
        Duration.ofSeconds(60),
        Duration.ofSeconds(20),
        Duration.ofSeconds(30),
        4,
        Duration.ofMillis(100),
        Duration.ofMinutes(90));
  }

  /** A new agent instance: own client and in-process locks. */
  Instance instance() {
    Instance instance = new Instance(PveClient.connect(properties), properties);
    instances.add(instance);
    return instance;
  }

  /** A new agent instance whose waits read their deadlines from {@code clock}. */
  Instance instance(java.time.Clock clock) {
    Instance instance =
        new Instance(
            PveClient.connect(properties, PveCredentials.load(properties), clock), properties);
    instances.add(instance);
    return instance;
  }

  /** A new agent instance that logs in as root@pam with a ticket instead of the token. */
  Instance ticketInstance() {
    ProxmoxProperties asUser =
        new ProxmoxProperties(
            properties.url(),
            null,
            null,
            "PROXMOX_TOKEN_SECRET",
            simulator.user(),
            null,
            "PROXMOX_PASSWORD",
            null,
            properties.fingerprint(),
            false,
            properties.timeouts(),
            "local-lvm",
            "local");
    Instance instance =
        new Instance(
            PveClient.connect(
                asUser,
                new PveCredentials.UserPassword(simulator.user(), simulator.password()),
                java.time.Clock.systemUTC()),
            asUser);
    instances.add(instance);
    return instance;
  }

  /** The command a planner would send for {@code action} on {@code guest}. */
  static StepCommand command(String action, Guest guest, String detail, boolean dryRun) {
    return command(action, guest, detail, dryRun, NODE_JSON);
  }

  /** The command for a guest on the node {@code nodeJson} describes. */
  static StepCommand command(
      String action, Guest guest, String detail, boolean dryRun, String nodeJson) {
    ObjectNode params = Envelopes.json().createObjectNode();
    params.set("guest", Envelopes.json().valueToTree(guest));
    params.set("node", Envelopes.json().readTree(nodeJson));
    if (guest.source() != null && guest.source().cloneOf() != null && action.equals("clone")) {
      params.put("source", guest.source().cloneOf());
    }
    return new StepCommand(guest.id(), action, detail, dryRun, params, Map.of());
  }

  static Guest guest(String json) {
    return GuestRequest.GUESTS.readValue(json, Guest.class);
  }

  /** Accepted mutating operations of {@code vmid}, by operation name. */
  Map<String, Integer> operations(int vmid) {
    return simulator.operations().getOrDefault(Integer.toString(vmid), Map.of());
  }

  synchronized String nextBuild() {
    return "build-" + ++buildCounter;
  }

  @Override
  public void close() throws IOException {
    instances.forEach(i -> i.client.close());
    simulator.close();
    Files.deleteIfExists(secretFile);
  }

  /** One agent instance's handlers. */
  final class Instance {
    final PveClient client;
    final Map<String, StepHandler> handlers = new HashMap<>();

    Instance(PveClient client, ProxmoxProperties properties) {
      this.client = client;
      GuestApi api = new GuestApi(client);
      KeyedLocks locks = new KeyedLocks();
      for (StepHandler h :
          List.of(
              new CreateGuest(api, properties, locks),
              new CloneGuest(api, properties, locks),
              new ConfigureGuest(api, properties),
              new ResizeGuest(api, properties),
              new StartGuest(api, properties),
              new StopGuest(api, properties),
              new SnapshotGuest(api, properties),
              new TemplateGuest(api, properties),
              new DestroyGuest(api, properties),
              new ObserveGuest(api, properties))) {
        h.actions().forEach(a -> handlers.put(a, h));
      }
    }

    StepOutcome run(String action, Guest guest) {
      return run(action, guest, null, false, nextBuild());
    }

    StepOutcome dryRun(String action, Guest guest) {
      return run(action, guest, null, true, nextBuild());
    }

    StepOutcome run(String action, Guest guest, String detail, boolean dryRun, String buildId) {
      return run(command(action, guest, detail, dryRun), buildId);
    }

    /** {@code action} for a guest on another node ({@code {"name":"pve2",...}}). */
    StepOutcome runOn(String nodeJson, String action, Guest guest) {
      return run(command(action, guest, null, false, nodeJson), nextBuild());
    }

    private StepOutcome run(StepCommand command, String buildId) {
      Guest guest = GuestRequest.GUESTS.treeToValue(command.params().get("guest"), Guest.class);
      String action = command.action();
      String detail = command.detail();
      String stepId = guest.id() + "/" + action + (detail == null ? "" : "/" + detail);
      RecordingContext context = new RecordingContext(buildId, stepId);
      StepOutcome outcome;
      try {
        outcome = handlers.get(action).handle(command, context);
      } catch (Exception e) {
        throw new AssertionError(action + " threw " + e, e);
      }
      events.addAll(context.progress);
      events.add(Envelopes.json().writeValueAsString(outcome));
      return outcome;
    }

    Optional<ObservedGuest> observe(int vmid) {
      return new GuestApi(client).observe(vmid);
    }
  }
}

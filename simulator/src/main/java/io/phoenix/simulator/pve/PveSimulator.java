package io.phoenix.simulator.pve;

import io.phoenix.simulator.http.SimHttpServer;
import io.phoenix.simulator.http.SimRequest;
import io.phoenix.simulator.http.SimResponse;
import io.phoenix.simulator.tls.SelfSignedCertificate;
import io.phoenix.simulator.world.GuestKind;
import io.phoenix.simulator.world.GuestMachines;
import io.phoenix.simulator.world.World;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Proxmox VE 9.1 API server that a Proxmox client cannot tell from a real host for the endpoints
 * Phoenix uses: HTTPS with a generated certificate, token and ticket auth, schema validation, tasks
 * with UPIDs, the real locks and error texts, the QEMU guest agent, and a control API under {@code
 * /_sim} (faults, inspection, reset). See {@code docs/simulator.md}.
 *
 * <pre>{@code
 * try (PveSimulator pve = PveSimulator.start(PveSimulatorConfig.defaults().withSpeedFactor(0.01))) {
 *   URI base = pve.baseUri();          // https://127.0.0.1:PORT, API under /api2/json
 *   String token = pve.apiToken();     // root@pam!phoenix=<random secret>
 *   String pin = pve.certificateSha256();
 *   pve.world().guest(103) ...
 * }
 * }</pre>
 */
public final class PveSimulator implements AutoCloseable {

  private final PveSimulatorConfig config;
  private final World world;
  private final SelfSignedCertificate certificate;
  private final Authenticator auth;
  private final FaultInjector faults = new FaultInjector();
  private final OperationCounter operations = new OperationCounter();
  private final ScheduledExecutorService scheduler;
  private final ExecutorService workers;
  private final Settings settings;
  private final TaskEngine tasks;
  private final AgentHandlers agent;
  private final PveApi api;
  private final ControlApi control;
  private final SimHttpServer server;

  private PveSimulator(PveSimulatorConfig config, GuestMachines machines) {
    this.config = config;
    this.world = new World(config.world(), machines);
    this.certificate =
        SelfSignedCertificate.generate(
            config.world().nodes().get(0).name(), SelfSignedCertificate.localNames());
    this.auth = new Authenticator(config.tokenId(), config.tokenSecret(), config.password());
    this.settings = new Settings(config);
    AtomicInteger threads = new AtomicInteger();
    this.scheduler =
        Executors.newScheduledThreadPool(
            8,
            r -> {
              Thread thread = new Thread(r, "pve-sim-task-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.workers =
        Executors.newCachedThreadPool(
            r -> {
              Thread thread = new Thread(r, "pve-sim-worker-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.tasks = new TaskEngine(scheduler, workers, settings);
    ApiSchema schema = ApiSchema.load();
    GuestAccess access = new GuestAccess(world, settings, schema);
    Router router = new Router(schema);
    new ClusterHandlers(access, certificate.sha256Fingerprint()).register(router);
    new StorageHandlers(access, tasks).register(router);
    new TaskHandlers(access, tasks).register(router);
    for (GuestKind kind : GuestKind.values()) {
      GuestRules rules = GuestRules.of(kind, access);
      new GuestHandlers(access, tasks, rules).register(router);
      new PowerHandlers(access, tasks, rules).register(router);
      new SnapshotHandlers(access, tasks, kind).register(router);
    }
    this.agent = new AgentHandlers(access, settings);
    agent.register(router);
    config.faults().forEach(faults::add);
    this.api =
        new PveApi(
            auth,
            router,
            new ParameterValidator(schema),
            faults,
            operations,
            settings,
            tasks,
            world);
    this.control = new ControlApi(world, faults, operations, settings, this::reset);
    this.server =
        SimHttpServer.start(
            new InetSocketAddress(config.bindAddress(), config.port()),
            certificate,
            config.keepAliveIdle(),
            this::dispatch);
  }

  /** Starts a simulator; close it to free the port and threads. */
  public static PveSimulator start(PveSimulatorConfig config) {
    return start(config, GuestMachines.SIMULATED);
  }

  /**
   * Starts a Proxmox VE API whose guests live where {@code machines} puts them (the lab's real
   * containers); close it to free the port and threads.
   */
  public static PveSimulator start(PveSimulatorConfig config, GuestMachines machines) {
    return new PveSimulator(config, machines);
  }

  private SimResponse dispatch(SimRequest request) {
    String path = request.path();
    if (path.startsWith("/_sim/")) {
      return control.handle(request);
    }
    if (path.equals(PveApi.PREFIX) || path.startsWith(PveApi.PREFIX + "/")) {
      return api.handle(request);
    }
    return PveApi.error(
        new PveException(
            501, "Method '" + request.method() + " " + path + "' not implemented", null));
  }

  /**
   * {@code https://127.0.0.1:PORT}: the API is under {@code /api2/json}, control under {@code
   * /_sim}.
   */
  public URI baseUri() {
    String host =
        config.bindAddress().contains(":")
            ? "[" + config.bindAddress() + "]"
            : config.bindAddress();
    return URI.create("https://" + host + ":" + server.port());
  }

  /** The bound port. */
  public int port() {
    return server.port();
  }

  /** The API token as {@code user@realm!tokenid=secret}. */
  public String apiToken() {
    return auth.apiToken();
  }

  /** The user for ticket auth ({@code root@pam} by default). */
  public String user() {
    return auth.user();
  }

  /** The password for ticket auth. */
  public String password() {
    return auth.password();
  }

  /** The TLS certificate's SHA-256 fingerprint, {@code AB:CD:...}, for pinning. */
  public String certificateSha256() {
    return certificate.sha256Fingerprint();
  }

  /** The TLS certificate in PEM form, for clients that take a CA file. */
  public String certificatePem() {
    return certificate.pem();
  }

  /** The simulated world, shared with the other simulator parts. */
  public World world() {
    return world;
  }

  /** Adds a fault rule (as {@code POST /_sim/faults}); returns it with its id. */
  public FaultRule addFault(FaultRule rule) {
    return faults.add(rule);
  }

  /**
   * The fault rules in force, each with what is left of its count (as {@code GET /_sim/faults}).
   */
  public List<FaultRule> faults() {
    return faults.list();
  }

  /** Removes every fault rule. */
  public void clearFaults() {
    faults.clear();
  }

  /** Accepted mutating operations per target vmid (the new id for clones) and operation name. */
  public Map<String, Map<String, Integer>> operations() {
    return operations.snapshot();
  }

  /**
   * Back to the start: no guests, tasks, processes or counts; the configured settings and fault
   * rules only.
   */
  public void reset() {
    tasks.reset();
    agent.reset();
    world.reset();
    operations.reset();
    settings.restore();
    faults.clear();
    config.faults().forEach(faults::add);
  }

  @Override
  public void close() {
    server.close();
    scheduler.shutdownNow();
    workers.shutdownNow();
  }

  /**
   * Runs the simulator alone: {@code [--port N] [--speed FACTOR]}. Prints the base address and the
   * token, then serves until the process is stopped.
   */
  public static void main(String[] args) throws InterruptedException {
    PveSimulatorConfig config = PveSimulatorConfig.defaults();
    List<String> argv = List.of(args);
    for (int i = 0; i < argv.size(); i++) {
      String arg = argv.get(i);
      if ((arg.equals("--port") || arg.equals("--speed")) && i + 1 < argv.size()) {
        String value = argv.get(++i);
        try {
          config =
              arg.equals("--port")
                  ? config.withPort(Integer.parseInt(value))
                  : config.withSpeedFactor(Double.parseDouble(value));
        } catch (IllegalArgumentException e) {
          System.err.println(
              "invalid value for " + arg + ": '" + value + "' (" + e.getMessage() + ")");
          System.exit(2);
        }
      } else {
        System.err.println(
            "usage: PveSimulator [--port N] [--speed FACTOR]; unknown argument '" + arg + "'");
        System.exit(2);
      }
    }
    PveSimulator simulator = start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
    System.out.println("proxmox: " + simulator.baseUri());
    System.out.println("token: " + simulator.apiToken());
    System.out.println("fingerprint: " + simulator.certificateSha256());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}

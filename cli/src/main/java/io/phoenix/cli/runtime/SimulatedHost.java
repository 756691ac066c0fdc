package io.phoenix.cli.runtime;

import io.phoenix.cli.client.CliException;
import io.phoenix.simulator.ca.StepCaEmulator;
import io.phoenix.simulator.effects.SimulatedGuestServices;
import io.phoenix.simulator.pve.PveSimulator;
import io.phoenix.simulator.pve.PveSimulatorConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated world a demo builds into: the Proxmox VE API (and its guests' agent), the CA that
 * plays guest 103's step-ca. Its credentials go to files under {@code stateDir/secrets} (mode 600),
 * referenced from the world file the way real credentials are (see README).
 */
public final class SimulatedHost implements AutoCloseable {

  /** Default speed of simulated tasks: a 30 s clone takes 1.5 s. */
  public static final double DEFAULT_SPEED = 0.05;

  private final PveSimulator pve;
  private final StepCaEmulator ca;
  private final SimulatedGuestServices guests;
  private final Map<String, String> serviceProperties;

  private SimulatedHost(
      PveSimulator pve,
      StepCaEmulator ca,
      SimulatedGuestServices guests,
      Map<String, String> props) {
    this.pve = pve;
    this.ca = ca;
    this.guests = guests;
    this.serviceProperties = props;
  }

  /**
   * Where and how the simulated host runs.
   *
   * @param stateDir where its credential files go
   * @param speed multiplies simulated task durations
   * @param pvePort the Proxmox API port, 0 for any
   * @param caPort the CA's port, 0 for any
   * @param bindAddress the address its servers listen on
   * @param advertisedHost the host name services use to reach it
   */
  public record Options(
      Path stateDir,
      double speed,
      int pvePort,
      int caPort,
      String bindAddress,
      String advertisedHost) {

    /** Loopback only, any ports: the embedded world. */
    public static Options loopback(Path stateDir, double speed) {
      return new Options(stateDir, speed, 0, 0, "127.0.0.1", "127.0.0.1");
    }
  }

  /** Starts the simulated world, keeping its credential files under the state directory. */
  public static SimulatedHost start(Options options) {
    PveSimulatorConfig d = PveSimulatorConfig.defaults();
    PveSimulatorConfig config =
        new PveSimulatorConfig(
            options.bindAddress(),
            options.pvePort(),
            d.world(),
            d.taskDurations(),
            options.speed(),
            d.authFailureDelay(),
            d.lockTimeout(),
            d.keepAliveIdle(),
            d.tokenId(),
            d.tokenSecret(),
            d.password(),
            d.faults());
    PveSimulator pve = PveSimulator.start(config);
    StepCaEmulator ca = null;
    SimulatedGuestServices guests = null;
    Path stateDir = options.stateDir();
    try {
      // Every start is a new world (new CA, new Portainer, new store key): state the services
      // kept for the previous world would not match it.
      StateFiles.forgetPreviousWorld(stateDir);
      List<String> caNames = new ArrayList<>(List.of("localhost", "127.0.0.1"));
      if (!caNames.contains(options.advertisedHost())) {
        caNames.add(options.advertisedHost());
      }
      ca =
          StepCaEmulator.start(
              new StepCaEmulator.Settings(
                  options.bindAddress(),
                  options.caPort(),
                  caNames,
                  Duration.ofHours(24),
                  Duration.ofDays(90),
                  Clock.systemUTC()));
      Path secrets = stateDir.resolve("secrets");
      Files.createDirectories(secrets);
      String token = pve.apiToken();
      int eq = token.indexOf('=');
      Path tokenFile = StateFiles.secret(secrets.resolve("proxmox-token"), token.substring(eq + 1));
      byte[] storeKey = new byte[32];
      new SecureRandom().nextBytes(storeKey);
      Path pkiKey =
          StateFiles.secret(
              secrets.resolve("pki-store.key"), Base64.getEncoder().encodeToString(storeKey));

      Map<String, String> props = new LinkedHashMap<>();
      String url = advertised(pve.baseUri(), options.advertisedHost());
      // proxmox-agent, and the service-agent's guest agent through the same API
      props.putAll(
          StateFiles.proxmoxProperties(
              url, token.substring(0, eq), tokenFile, pve.certificateSha256()));
      // pki-agent: the CA that plays guest 103 listens on loopback
      props.put("phoenix.pki.ca-url-override", advertised(ca.baseUri(), options.advertisedHost()));
      props.put("phoenix.pki.secret-dir", stateDir.resolve("pki-agent").toString());
      props.put("phoenix.pki.secret-key-file", pkiKey.toString());
      // What runs inside guests: the node's SSH endpoint for pct, the effects of feature scripts
      // (103's step_ca hands the pki-agent's key to the CA above), and Portainer.
      guests = SimulatedGuestServices.start(pve.world(), ca, stateDir, options.bindAddress());
      props.putAll(guests.serviceAgentProperties());
      return new SimulatedHost(pve, ca, guests, props);
    } catch (IOException | RuntimeException e) {
      if (guests != null) {
        guests.close();
      }
      if (ca != null) {
        ca.close();
      }
      pve.close();
      throw new CliException("cannot start the simulated world: " + e.getMessage());
    }
  }

  private static String advertised(URI uri, String host) {
    return uri.getScheme() + "://" + host + ":" + uri.getPort();
  }

  /** The Spring properties that point the services at this world. */
  public Map<String, String> serviceProperties() {
    return serviceProperties;
  }

  /** {@code name -> address}, as {@code phoenix up} prints them. */
  public Map<String, String> addresses() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("proxmox", pve.baseUri().toString());
    a.put("ca", ca.baseUri().toString());
    a.put("ssh", guests.ssh().host() + ":" + guests.ssh().port());
    a.put("portainer", guests.portainer().baseUri().toString());
    return a;
  }

  public PveSimulator pve() {
    return pve;
  }

  public StepCaEmulator ca() {
    return ca;
  }

  public SimulatedGuestServices guests() {
    return guests;
  }

  @Override
  public void close() {
    guests.close();
    ca.close();
    pve.close();
  }
}

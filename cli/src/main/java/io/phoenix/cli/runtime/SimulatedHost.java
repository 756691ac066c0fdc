package io.phoenix.cli.runtime;

import io.phoenix.cli.client.CliException;
import io.phoenix.simulator.ca.StepCaEmulator;
import io.phoenix.simulator.pve.PveSimulator;
import io.phoenix.simulator.pve.PveSimulatorConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
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
  private final Map<String, String> serviceProperties;

  private SimulatedHost(PveSimulator pve, StepCaEmulator ca, Map<String, String> props) {
    this.pve = pve;
    this.ca = ca;
    this.serviceProperties = props;
  }

  /** Starts the simulated world, keeping its credential files under {@code stateDir}. */
  public static SimulatedHost start(Path stateDir, double speed, int pvePort) {
    PveSimulator pve =
        PveSimulator.start(PveSimulatorConfig.defaults().withSpeedFactor(speed).withPort(pvePort));
    StepCaEmulator ca = null;
    try {
      ca = StepCaEmulator.start(StepCaEmulator.Settings.loopback());
      Path secrets = stateDir.resolve("secrets");
      Files.createDirectories(secrets);
      String token = pve.apiToken();
      int eq = token.indexOf('=');
      Path tokenFile = secret(secrets.resolve("proxmox-token"), token.substring(eq + 1));
      byte[] storeKey = new byte[32];
      new SecureRandom().nextBytes(storeKey);
      Path pkiKey =
          secret(secrets.resolve("pki-store.key"), Base64.getEncoder().encodeToString(storeKey));

      Map<String, String> props = new LinkedHashMap<>();
      String url = pve.baseUri().toString();
      // proxmox-agent
      props.put("phoenix.proxmox.url", url);
      props.put("phoenix.proxmox.token-id", token.substring(0, eq));
      props.put("phoenix.proxmox.token-secret-file", tokenFile.toString());
      props.put("phoenix.proxmox.fingerprint", pve.certificateSha256());
      // service-agent (guest agent through the same API)
      props.put("phoenix.service-agent.pve.url", url);
      props.put("phoenix.service-agent.pve.token-id", token.substring(0, eq));
      props.put("phoenix.service-agent.pve.token-secret-file", tokenFile.toString());
      props.put("phoenix.service-agent.pve.fingerprint", pve.certificateSha256());
      // pki-agent: the CA that plays guest 103 listens on loopback
      props.put("phoenix.pki.ca-url-override", ca.baseUri().toString());
      props.put("phoenix.pki.secret-dir", stateDir.resolve("pki-agent").toString());
      props.put("phoenix.pki.secret-key-file", pkiKey.toString());
      return new SimulatedHost(pve, ca, props);
    } catch (IOException | RuntimeException e) {
      if (ca != null) {
        ca.close();
      }
      pve.close();
      throw new CliException("cannot start the simulated world: " + e.getMessage());
    }
  }

  private static Path secret(Path file, String value) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
    return file;
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
    return a;
  }

  public PveSimulator pve() {
    return pve;
  }

  public StepCaEmulator ca() {
    return ca;
  }

  @Override
  public void close() {
    ca.close();
    pve.close();
  }
}

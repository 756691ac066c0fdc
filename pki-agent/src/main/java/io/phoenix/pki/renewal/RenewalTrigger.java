package io.phoenix.pki.renewal;

import io.phoenix.common.contract.BuildRequest;
import io.phoenix.common.contract.Topics;
import io.phoenix.pki.PkiFailure;
import io.phoenix.pki.ca.PemCertificates;
import io.phoenix.pki.signing.IssuedChains;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Starts renewal builds: reads every chain this agent issued, asks {@link RenewalSchedule} which
 * are due, and publishes one plain-JSON build request per due guest to {@code
 * phoenix.build.requests}, exactly as an external client would.
 *
 * <p>A plain {@code create} build of a guest is its renewal build: the guest keeps its key, the
 * sign step signs anew past the threshold and the cert step installs the new chain and reloads the
 * service. The request id {@code renew-<guest>-<serial>} names the certificate being replaced, so
 * checking every few minutes never starts a second build for one certificate: the orchestrator
 * answers a repeated id with the first build. Nothing here touches a certificate in service.
 */
public final class RenewalTrigger {

  private static final Logger LOG = LoggerFactory.getLogger(RenewalTrigger.class);
  private static final Pattern SIGN_STEP = Pattern.compile("(\\d+)/sign/(.+)");
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

  private final IssuedChains chains;
  private final RenewalSchedule schedule;
  private final KafkaTemplate<String, String> requests;
  private final Topics topics;
  private final Clock clock;
  private final Duration overdueWarning;

  /**
   * @param chains the chains this agent issued
   * @param schedule decides which are due
   * @param requests publishes plain-JSON values
   * @param topics names the requests topic
   * @param clock the time the schedule is judged by
   * @param overdueWarning how long past its renewal point a certificate may stay before a warning
   */
  public RenewalTrigger(
      IssuedChains chains,
      RenewalSchedule schedule,
      KafkaTemplate<String, String> requests,
      Topics topics,
      Clock clock,
      Duration overdueWarning) {
    this.chains = chains;
    this.schedule = schedule;
    this.requests = requests;
    this.topics = topics;
    this.clock = clock;
    this.overdueWarning = overdueWarning;
  }

  /**
   * Looks once and publishes a build request for every guest with a due certificate.
   *
   * @return the request ids published, in guest order
   * @throws PkiFailure when the store cannot be read
   * @throws IllegalStateException when the broker does not take a request
   */
  public List<String> check() throws PkiFailure {
    Instant now = clock.instant();
    Map<String, Tracked> byLabel = new HashMap<>();
    List<RenewalState> states = new ArrayList<>();
    for (Map.Entry<String, String> entry : chains.chainsByStep().entrySet()) {
      Matcher step = SIGN_STEP.matcher(entry.getKey());
      if (!step.matches()) {
        continue;
      }
      X509Certificate leaf = PemCertificates.parse(entry.getValue()).get(0);
      IssuedCertificate certificate =
          new IssuedCertificate(
              Integer.parseInt(step.group(1)),
              step.group(2),
              leaf.getNotBefore().toInstant(),
              leaf.getNotAfter().toInstant());
      byLabel.put(
          certificate.label(), new Tracked(certificate, leaf.getSerialNumber().toString(16)));
      states.add(RenewalState.issued(certificate));
    }
    RenewalPlan plan = schedule.plan(states, now);
    // One request per guest; the first due certificate (by name) names it.
    Map<Integer, Tracked> dueGuests = new LinkedHashMap<>();
    for (IssuedCertificate due : plan.renewNow()) {
      Tracked tracked = byLabel.get(due.label());
      dueGuests.putIfAbsent(due.guest(), tracked);
      Duration overdue = Duration.between(schedule.renewAt(due), now);
      if (overdue.compareTo(overdueWarning) > 0) {
        LOG.warn(
            "certificate {} (serial {}) is {} min past its renewal point and not renewed yet"
                + " (is the CA reachable, did the renewal build fail?); it stays in service until"
                + " {}",
            due.label(),
            tracked.serial(),
            overdue.toMinutes(),
            due.notAfter());
      }
    }
    List<String> published = new ArrayList<>();
    for (Map.Entry<Integer, Tracked> entry : dueGuests.entrySet()) {
      int guest = entry.getKey();
      // One id per certificate and retry window: a repeated check inside the window is answered
      // with the same build, and a renewal build that failed is asked for again (a new id) once
      // the certificate has been overdue for another overdue-warning period.
      Duration overdue = Duration.between(schedule.renewAt(entry.getValue().certificate()), now);
      long attempt = 1 + Math.max(0, overdue.toMillis()) / Math.max(1, overdueWarning.toMillis());
      String requestId = "renew-" + guest + "-" + entry.getValue().serial() + "-" + attempt;
      publish(requestId, guest);
      LOG.info(
          "requested renewal build {} for guest {}: certificate {} passed its renewal point at {}",
          requestId,
          guest,
          entry.getValue().certificate().label(),
          schedule.renewAt(entry.getValue().certificate()));
      published.add(requestId);
    }
    return published;
  }

  /** {@link #check()} for a scheduler: logs a failure instead of throwing, so checks go on. */
  public void checkAndLog() {
    try {
      check();
    } catch (PkiFailure e) {
      LOG.warn("renewal check failed, will retry at the next check: {}", e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("renewal check failed, will retry at the next check: {}", e.toString());
    }
  }

  private void publish(String requestId, int guest) {
    ObjectNode request =
        JSON.createObjectNode().put("requestId", requestId).put("action", BuildRequest.CREATE);
    request.putArray("guests").add(guest);
    try {
      requests
          .send(topics.buildRequests(), requestId, JSON.writeValueAsString(request))
          .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing " + requestId, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot publish renewal request "
              + requestId
              + " to "
              + topics.buildRequests()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private record Tracked(IssuedCertificate certificate, String serial) {}
}

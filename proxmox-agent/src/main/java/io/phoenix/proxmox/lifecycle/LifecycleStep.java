package io.phoenix.proxmox.lifecycle;

import io.phoenix.common.agent.StepContext;
import io.phoenix.common.agent.StepFailures;
import io.phoenix.common.agent.StepHandler;
import io.phoenix.common.contract.StepCommand;
import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepOutcome;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.common.inventory.GuestKind;
import io.phoenix.proxmox.ProxmoxProperties;
import io.phoenix.proxmox.client.PveException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop every lifecycle step runs: observe the guest (and what else the step reads), decide
 * (pure), act, and on a lock or a transient failure observe again and decide again, so that an
 * operation whose effect already exists is never repeated. A dry run stops after the decision.
 * Every deadline is read from the injected clock ({@link GuestApi#clock()}).
 */
abstract class LifecycleStep implements StepHandler {

  private static final Logger log = LoggerFactory.getLogger(LifecycleStep.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  protected final GuestApi api;
  protected final ProxmoxProperties properties;

  LifecycleStep(GuestApi api, ProxmoxProperties properties) {
    this.api = api;
    this.properties = properties;
  }

  /**
   * Reads what {@link #decide} needs. The default reads the guest only; a step that also needs its
   * snapshots, its clone source or its guest agent adds them here, never in {@code decide}.
   */
  Observation observe(GuestRequest request) {
    return Observation.of(api.observe(request.vmid()));
  }

  /** What to do, given what was observed: a pure function (no call, no wait, no clock). */
  abstract Decision decide(GuestRequest request, Observation seen);

  /**
   * Whether this step creates the vmid (create, clone): then Proxmox's "already exists" means
   * another attempt (another instance, during a rebalance) got there first, and the step observes
   * that guest instead of failing.
   */
  boolean createsTheGuest() {
    return false;
  }

  @Override
  public final StepOutcome handle(StepCommand command, StepContext context) {
    long started = System.nanoTime();
    GuestRequest request;
    try {
      request = GuestRequest.of(command, context.buildId(), properties.defaultStorage());
    } catch (GuestRequest.InvalidCommand e) {
      return StepFailures.permanent(StepFailures.INVALID_COMMAND, e.getMessage());
    }
    ProxmoxProperties.Timeouts t = properties.timeouts();
    Clock clock = api.clock();
    Instant lockDeadline = clock.instant().plus(t.lock());
    int transientFailures = 0;
    int round = 0;
    boolean contested = false;
    // The change this delivery started: when an attempt broke off (a 596, a lost answer) and the
    // next observation finds the effect, the step still reports what it did.
    Decision.Change attempted = null;
    while (true) {
      try {
        Observation seen = observe(request).contested(contested);
        Decision decision =
            templateEndState(request, seen.guest()).orElseGet(() -> decide(request, seen));
        if (decision instanceof Decision.Noop noop) {
          return done(attempted, Outcome.NOOP, noop.notes(), noop.outputs(), started);
        }
        if (decision instanceof Decision.Refuse refuse) {
          return refuse.failure();
        }
        if (decision instanceof Decision.Wait wait) {
          if (clock.instant().isAfter(lockDeadline)) {
            return StepFailures.retryable(
                "PVE_LOCKED",
                wait.why()
                    + "; still so after "
                    + t.lock()
                    + " (timeouts.lock). A lock no running task holds is stale (left by a crashed"
                    + " backup, migration or clone): check the node's task log, then clear it with '"
                    + (request.guest().isLxc() ? "pct" : "qm")
                    + " unlock "
                    + request.vmid()
                    + "'");
          }
          if (round++ % 30 == 0) {
            context.progress(wait.why(), null);
          }
          GuestApi.pause(t.taskPoll());
          continue;
        }
        if (decision instanceof Decision.Settle settle) {
          Map<String, String> outputs = command.dryRun() ? Map.of() : settle.action().run(context);
          return done(attempted, Outcome.NOOP, settle.notes(), outputs, started);
        }
        Decision.Change change = (Decision.Change) decision;
        if (command.dryRun()) {
          Outcome would =
              change.outcome() == Outcome.CREATED ? Outcome.WOULD_CREATE : Outcome.WOULD_UPDATE;
          return success(would, change.changes(), Map.of(), started);
        }
        attempted = change;
        Map<String, String> outputs = change.action().run(context);
        log.info(
            "{} {}: {} {}",
            command.action(),
            request.vmid(),
            change.outcome().name().toLowerCase(java.util.Locale.ROOT),
            change.changes());
        return success(change.outcome(), change.changes(), outputs, started);
      } catch (PveException.AlreadyExists e) {
        if (!createsTheGuest() || contested) {
          return failed(e, null);
        }
        // Another creator took the vmid between our observation and our call: what it creates is
        // waited for and judged by the next observation, not reported as our own change.
        contested = true;
        attempted = null;
        context.progress(
            "another create of " + request.vmid() + " got there first: " + e.text(), null);
      } catch (PveException.Locked | PveException.LockTimeout e) {
        if (clock.instant().isAfter(lockDeadline)) {
          return failed(e, "still locked after " + t.lock() + " (timeouts.lock)");
        }
        context.progress("locked, will observe again: " + e.text(), null);
        GuestApi.pause(backoff(t.retryBackoff(), Math.min(round++, 3)));
      } catch (PveException e) {
        if (!e.retryable() || transientFailures >= t.transientRetries()) {
          return failed(e, null);
        }
        context.progress(
            "attempt failed (" + e.reason() + "), will observe again: " + e.getMessage(), null);
        GuestApi.pause(backoff(t.retryBackoff(), transientFailures++));
      } catch (StepRefused e) {
        return e.failure();
      } catch (GuestApi.StillLocked e) {
        return StepFailures.retryable("PVE_LOCKED", e.getMessage());
      } catch (GuestApi.GuestGone e) {
        return StepFailures.retryable("PVE_NOT_FOUND", e.getMessage());
      } catch (GuestRequest.InvalidCommand e) {
        return StepFailures.permanent(StepFailures.INVALID_COMMAND, e.getMessage());
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        log.warn("{} {} failed unexpectedly", command.action(), request.vmid(), e);
        return StepFailures.permanent(StepFailures.INTERNAL, e.toString());
      }
    }
  }

  /**
   * The effect exists: {@code noop}, unless this delivery's own attempt made it (an answer lost to
   * a 596), which is then reported as what it did.
   */
  private static StepSucceeded done(
      Decision.Change attempted,
      Outcome outcome,
      List<String> notes,
      Map<String, String> outputs,
      long started) {
    if (attempted == null) {
      return success(outcome, notes, outputs, started);
    }
    List<String> changes = new ArrayList<>(attempted.changes());
    changes.addAll(notes);
    return success(attempted.outcome(), changes, outputs, started);
  }

  /** How a step treats a guest that already is a template. */
  enum TemplateRule {
    /** The step is on the way to the template (create through template): done once it is one. */
    END_STATE,
    /** The step converges a template's settings too (configure, resize). */
    CONVERGES,
    /** The step acts on templates like on any guest (destroy). */
    ANY_GUEST
  }

  /** {@link TemplateRule#END_STATE} unless the step says otherwise. */
  TemplateRule templateRule() {
    return TemplateRule.END_STATE;
  }

  /**
   * A template is the end state of its guest: when the inventory declares the guest a template and
   * it already is one, every step before {@code template} (and {@code template} itself) is done, so
   * a second build over the same world answers noop instead of, say, starting a template; configure
   * and resize still converge its settings (Proxmox accepts both on a template). A template the
   * inventory does not declare is a conflict no retry can fix.
   */
  private Optional<Decision> templateEndState(
      GuestRequest request, Optional<ObservedGuest> observed) {
    if (templateRule() == TemplateRule.ANY_GUEST
        || observed.isEmpty()
        || !observed.get().template()) {
      return Optional.empty();
    }
    ObservedGuest guest = observed.get();
    if (guest.kind() != request.guest().kind()) {
      return Optional.of(kindMismatch(request, guest));
    }
    String name = guest.kindName() + " " + guest.vmid();
    if (request.guest().template()) {
      if (templateRule() == TemplateRule.CONVERGES) {
        return Optional.empty();
      }
      return Optional.of(
          Decision.Noop.of(
              name
                  + " is already a template (its end state): "
                  + request.command().action()
                  + " has nothing to do"));
    }
    return Optional.of(
        new Decision.Refuse(
            refuse(
                "PVE_CONFLICT",
                name
                    + " on node "
                    + guest.node()
                    + " is a template but the inventory does not declare guest "
                    + guest.vmid()
                    + " a template; destroy the existing template or set template: true for"
                    + " guest "
                    + guest.vmid()
                    + " in the inventory")));
  }

  /** A changing step's actions usually end with this: the guest as Proxmox has it now. */
  ObservedGuest reobserve(GuestRequest request) {
    return api.observe(request.vmid())
        .orElseThrow(() -> new GuestApi.GuestGone("guest " + request.vmid() + " disappeared"));
  }

  static StepFailed failed(PveException e, String suffix) {
    Map<String, String> details = new java.util.LinkedHashMap<>();
    if (e.status() > 0) {
      details.put("httpStatus", Integer.toString(e.status()));
    }
    if (!e.errors().isEmpty()) {
      details.put("errors", e.errors().toString());
    }
    if (!e.logTail().isEmpty()) {
      details.put("taskLogTail", String.join("\n", e.logTail()));
    }
    String message = suffix == null ? e.getMessage() : e.getMessage() + "; " + suffix;
    return new StepFailed(e.reason(), message, e.retryable(), details);
  }

  /**
   * Whether a guest found under the vmid is the one the inventory describes, by its name (LXC
   * {@code hostname}, VM {@code name}); a guest without a wanted name cannot be told apart.
   */
  static boolean carriesTheName(ObservedGuest found, GuestRequest request) {
    String wanted = request.guest().name();
    String actual = found.config().get(found.kind() == GuestKind.LXC ? "hostname" : "name");
    return wanted == null || wanted.isBlank() || wanted.equalsIgnoreCase(actual);
  }

  /**
   * What create and clone decide when the vmid exists: wait while it is being made, then noop; a
   * guest some other creator made under our vmid (found after our own attempt was refused with
   * "already exists") must also carry our guest's name, else the vmid belongs to someone else.
   */
  static Decision existing(GuestRequest request, ObservedGuest found, boolean contested) {
    if (found.kind() != request.guest().kind()) {
      return kindMismatch(request, found);
    }
    String name = found.kindName() + " " + found.vmid();
    if (found.lock() != null) {
      return new Decision.Wait(name + " is locked (" + found.lock() + ")");
    }
    if (contested && !carriesTheName(found, request)) {
      return new Decision.Refuse(
          refuse(
              "PVE_ALREADY_EXISTS",
              name
                  + " on node "
                  + found.node()
                  + " was created by someone else while this step was creating it (its name is "
                  + found
                      .config()
                      .getOrDefault(found.kind() == GuestKind.LXC ? "hostname" : "name", "unset")
                  + ", the inventory's is "
                  + request.guest().name()
                  + "); choose another id or destroy that guest"));
    }
    return Decision.Noop.of(
        name + " exists on " + found.node() + (contested ? " (created by another attempt)" : ""));
  }

  static StepFailed refuse(String reason, String message) {
    return StepFailures.permanent(reason, message);
  }

  static StepFailed notFound(GuestRequest request) {
    return StepFailures.permanent(
        "PVE_NOT_FOUND",
        request.kindName()
            + " "
            + request.vmid()
            + " does not exist; its create or clone step must succeed first");
  }

  static Decision kindMismatch(GuestRequest request, ObservedGuest guest) {
    return new Decision.Refuse(
        refuse(
            "PVE_CONFLICT",
            "vmid "
                + guest.vmid()
                + " is a "
                + guest.kindName()
                + " on node "
                + guest.node()
                + " but the inventory wants a "
                + request.kindName()
                + "; choose another id or destroy the existing guest"));
  }

  private static Duration backoff(Duration first, int attempt) {
    Duration d = first.multipliedBy(1L << Math.min(attempt, 5));
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }

  private static StepSucceeded success(
      Outcome outcome, List<String> changes, Map<String, String> outputs, long startedNanos) {
    List<String> all = new ArrayList<>(changes);
    if (all.stream().noneMatch(c -> c.startsWith("pending restart: "))) {
      all.addAll(PendingRestart.note(outputs));
    }
    return new StepSucceeded(
        outcome, all, outputs, Duration.ofNanos(System.nanoTime() - startedNanos).toMillis());
  }

  static Set<String> actions(String action) {
    return Set.of(action);
  }
}

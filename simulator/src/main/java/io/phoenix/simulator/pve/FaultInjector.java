package io.phoenix.simulator.pve;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Holds the fault rules and picks the one that hits a call (using up its count). */
final class FaultInjector {

  private final List<FaultRule> rules = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();

  synchronized FaultRule add(FaultRule rule) {
    if (rule.operation() == null || rule.operation().isBlank()) {
      throw new IllegalArgumentException(
          "a fault rule needs an operation, e.g. \"lxc.clone\" or \"*\"");
    }
    if (rule.status() == null
        && rule.taskError() == null
        && rule.latencyMs() == null
        && rule.timeoutAfterMs() == null
        && rule.taskWarnings() == null
        && !Boolean.TRUE.equals(rule.resetConnection())
        && rule.plantLock() == null) {
      throw new IllegalArgumentException(
          "a fault rule needs an effect: status+message, taskError, taskWarnings, latencyMs,"
              + " timeoutAfterMs, resetConnection or plantLock");
    }
    if (rule.plantLock() != null && !rule.plantLock().matches("[a-z][a-z-]*")) {
      throw new IllegalArgumentException(
          "plantLock must be a Proxmox lock name such as backup, migrate, snapshot or create, got '"
              + rule.plantLock()
              + "'");
    }
    if (rule.probability() != null && (rule.probability() < 0 || rule.probability() > 1)) {
      throw new IllegalArgumentException("probability must be between 0 and 1");
    }
    FaultRule stored = rule.withId("f" + ids.incrementAndGet());
    rules.add(stored);
    return stored;
  }

  synchronized List<FaultRule> list() {
    return List.copyOf(rules);
  }

  synchronized void clear() {
    rules.clear();
  }

  synchronized boolean remove(String id) {
    return rules.removeIf(r -> r.id().equals(id));
  }

  /** The first rule that hits this call, with its count used up by one. */
  synchronized Optional<FaultRule> hit(String operation, Set<Integer> vmids) {
    for (int i = 0; i < rules.size(); i++) {
      FaultRule rule = rules.get(i);
      if (!rule.matches(operation, vmids)) {
        continue;
      }
      if (rule.probability() != null
          && ThreadLocalRandom.current().nextDouble() >= rule.probability()) {
        continue;
      }
      rules.set(i, rule.used());
      return Optional.of(rule);
    }
    return Optional.empty();
  }
}

package io.phoenix.simulator.effects;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** The command faults in force; thread-safe. */
public final class CommandFaults {

  private final List<CommandFault> rules = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();

  /** Adds a rule; returns it with its id. */
  public synchronized CommandFault add(CommandFault fault) {
    if (fault.match() == null || fault.match().isEmpty()) {
      throw new IllegalArgumentException("a command fault needs a non-empty 'match'");
    }
    CommandFault stored = fault.withId("c" + ids.incrementAndGet());
    rules.add(stored);
    return stored;
  }

  public synchronized List<CommandFault> list() {
    return List.copyOf(rules);
  }

  public synchronized boolean remove(String id) {
    return rules.removeIf(r -> r.id().equals(id));
  }

  public synchronized void clear() {
    rules.clear();
  }

  /** The first rule matching the command, used up by one hit. */
  synchronized Optional<CommandFault> hit(int vmid, List<String> argv) {
    for (int i = 0; i < rules.size(); i++) {
      CommandFault rule = rules.get(i);
      if (rule.matches(vmid, argv)) {
        CommandFault used = rule.used();
        if (used.count() != null && used.count() <= 0) {
          rules.remove(i);
        } else {
          rules.set(i, used);
        }
        return Optional.of(rule);
      }
    }
    return Optional.empty();
  }
}

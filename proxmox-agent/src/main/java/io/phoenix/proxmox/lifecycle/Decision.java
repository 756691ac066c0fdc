package io.phoenix.proxmox.lifecycle;

import io.phoenix.common.agent.StepContext;
import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import java.util.List;
import java.util.Map;

/** What a step decided after observing the guest: the pure part of every handler. */
sealed interface Decision {

  /**
   * The effect exists already.
   *
   * @param notes what was found (e.g. what the API cannot set)
   * @param outputs public outputs for later steps
   */
  record Noop(List<String> notes, Map<String, String> outputs) implements Decision {
    public Noop {
      notes = List.copyOf(notes);
      outputs = Map.copyOf(outputs);
    }

    static Noop of(String... notes) {
      return new Noop(List.of(notes), Map.of());
    }
  }

  /**
   * The world must change.
   *
   * @param outcome {@code CREATED} or {@code UPDATED} (a dry run reports {@code would-...})
   * @param changes what changes, e.g. {@code memory: 2048 -> 4096}
   * @param action does it; returns public outputs
   */
  record Change(Outcome outcome, List<String> changes, Action action) implements Decision {
    public Change {
      changes = List.copyOf(changes);
    }
  }

  /**
   * The effect exists but has not settled (a started VM whose guest agent is not up yet): the
   * action waits for it and the step reports {@code noop} with the action's outputs. A dry run does
   * not wait.
   *
   * @param notes what was found
   * @param action waits; returns public outputs
   */
  record Settle(List<String> notes, Action action) implements Decision {
    public Settle {
      notes = List.copyOf(notes);
    }
  }

  /**
   * Another operation holds the guest; observe again after a pause.
   *
   * @param why what is waited for, for the progress event
   */
  record Wait(String why) implements Decision {}

  /**
   * The step cannot be done as asked.
   *
   * @param failure the reason, and whether a later attempt may succeed
   */
  record Refuse(StepFailed failure) implements Decision {}

  /** The mutating part of a {@link Change}. */
  @FunctionalInterface
  interface Action {
    Map<String, String> run(StepContext context) throws Exception;
  }
}

package io.phoenix.cli.replay;

import io.phoenix.common.contract.Envelopes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The replay report for a program: the same facts as {@link TextReport}, as one JSON object. */
final class JsonReport {

  private JsonReport() {}

  static ObjectNode of(
      Timeline t, CriticalPath path, Diagnosis diagnosis, Verifier.Report verify, String settings) {
    ObjectNode root = Envelopes.json().createObjectNode();
    root.put("buildId", t.buildId());
    root.put("action", t.action());
    strings(root.putArray("guests"), t.guests().stream().map(String::valueOf).toList());
    root.put("result", t.result());
    instant(root, "acceptedAt", t.acceptedAt());
    instant(root, "endedAt", t.endedAt());
    instant(root, "at", t.at());
    ArrayNode steps = root.putArray("steps");
    for (StepRow s : t.steps()) {
      ObjectNode step = steps.addObject();
      step.put("id", s.id());
      step.put("status", s.status().label());
      step.put("instance", s.instance());
      step.put("attempts", s.attempts());
      instant(step, "start", s.dispatchedAt());
      instant(step, "agentStart", s.startedAt());
      instant(step, "end", s.endedAt());
      Duration d = s.duration(t.at());
      if (d != null) {
        step.put("durationMs", d.toMillis());
      }
      step.put("outcome", s.outcome());
      if (s.simulated() != null) {
        step.put("simulated", s.simulated());
      }
      step.put("error", s.error());
    }
    ObjectNode critical = root.putObject("criticalPath");
    strings(critical.putArray("taken"), path.taken());
    critical.put("method", path.method());
    strings(critical.putArray("planned"), path.planned());
    critical.put("plannedEstimateMs", path.plannedEstimateMs());
    if (diagnosis != null) {
      ObjectNode cause = root.putObject("rootCause");
      cause.put("step", diagnosis.rootCause());
      cause.put("error", diagnosis.error());
      instant(cause, "failedAt", diagnosis.failedAt());
      cause.put("attempts", diagnosis.attempts());
      strings(root.putArray("blocked"), diagnosis.blocked());
    }
    if (t.cancelReason() != null) {
      root.put("cancelReason", t.cancelReason());
    }
    if (verify != null) {
      ObjectNode v = root.putObject("verify");
      v.put("settings", settings);
      v.put("inputs", verify.inputs());
      v.put("decisionsChecked", verify.checked());
      ArrayNode divergences = v.putArray("divergences");
      for (Verifier.Divergence d : verify.divergences()) {
        ObjectNode item = divergences.addObject();
        item.put("line", d.line());
        item.put("message", d.message());
      }
    }
    return root;
  }

  private static void instant(ObjectNode node, String field, Instant value) {
    if (value != null) {
      node.put(field, value.toString());
    }
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}

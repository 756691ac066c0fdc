package io.phoenix.service.features;

import io.phoenix.service.params.Settings;
import io.phoenix.service.scripts.StepAbort;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A feature's binary from a configured source ({@code params.settings.artifact = {url, sha256}},
 * rendered by the planner from the inventory's {@code artifacts} section): the script variables
 * {@code ARTIFACT_NAME}, {@code ARTIFACT_URL} and {@code ARTIFACT_SHA256} (the last two empty
 * without one) and the shell library {@code features/lib/artifact.sh} that downloads, checks and
 * installs it.
 */
final class Artifact {

  /** The library the features that install an artifact are rendered with. */
  static final List<String> LIBRARIES = List.of("artifact");

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private Artifact() {}

  /**
   * {@code ARTIFACT_NAME} (the inventory's key for {@code feature}'s artifact), {@code
   * ARTIFACT_URL} and {@code ARTIFACT_SHA256} for {@code settings.artifact}.
   */
  static Map<String, Object> variables(String feature, Settings settings) throws StepAbort {
    Settings artifact = settings.child("artifact");
    String url = artifact.text("url", "");
    String sha256 = artifact.text("sha256", "");
    if (url.isEmpty() != sha256.isEmpty()) {
      throw StepAbort.invalid(
          "params.settings.artifact needs both url and sha256 (or neither), got url '"
              + url
              + "' and sha256 '"
              + sha256
              + "'");
    }
    if (!url.isEmpty()) {
      String scheme = URI.create(url).getScheme();
      if (scheme == null || !List.of("http", "https", "file").contains(scheme)) {
        throw StepAbort.invalid(
            "params.settings.artifact.url must be an http, https or file URL, got '" + url + "'");
      }
      if (!SHA256.matcher(sha256).matches()) {
        throw StepAbort.invalid(
            "params.settings.artifact.sha256 must be 64 lower-case hex digits, got '"
                + sha256
                + "'");
      }
    }
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put(
        "ARTIFACT_NAME",
        io.phoenix.common.inventory.Artifact.nameFor(feature)
            .orElseThrow(() -> new IllegalArgumentException(feature + " installs no artifact")));
    vars.put("ARTIFACT_URL", url);
    vars.put("ARTIFACT_SHA256", sha256);
    return vars;
  }
}

package io.phoenix.service.features;

import io.phoenix.service.scripts.RenderedScript;
import io.phoenix.service.scripts.ScriptTemplate;
import io.phoenix.service.scripts.StepAbort;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The features the agent knows, by name, and how each renders for a guest. */
final class FeatureCatalog {

  /** Where features are staged in a guest: {@code <root>/<feature>/run.sh} and its files. */
  static final String STAGE_ROOT = "/var/lib/phoenix/features";

  private final Map<String, Feature> features;

  FeatureCatalog(List<Feature> features) {
    this.features =
        features.stream()
            .collect(
                Collectors.toMap(
                    Feature::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
  }

  static FeatureCatalog standard() {
    return new FeatureCatalog(
        List.of(
            new BaseSetup(),
            new TrustedCa(),
            new StepCa(),
            new StepCli(),
            new Nginx(),
            new Traefik(),
            new Docker(),
            new Portainer(),
            new PortainerAgent()));
  }

  Optional<Feature> feature(String name) {
    return Optional.ofNullable(features.get(name));
  }

  List<String> names() {
    return List.copyOf(features.keySet());
  }

  /** The feature's script for this guest, with its staged files. */
  RenderedScript render(Feature feature, FeatureRequest request) throws StepAbort {
    String stage = STAGE_ROOT + "/" + feature.name();
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("STAGE", stage);
    vars.putAll(feature.variables(request));
    StringBuilder body = new StringBuilder();
    for (String library : feature.libraries()) {
      body.append(ScriptTemplate.body("features/lib/" + library + ".sh")).append('\n');
    }
    body.append(ScriptTemplate.body("features/" + feature.name() + ".sh"));
    String text =
        ScriptTemplate.render(
            // No guest id in the text: a clone carries its source's stamp, and the same settings
            // rendered for it are then rightly "already applied".
            "Phoenix feature " + feature.name(), vars, body.toString());
    return new RenderedScript("feature " + feature.name(), stage, text, feature.files(request));
  }
}

package io.phoenix.common.inventory.phoenix;

import io.phoenix.common.inventory.Stack;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** Maps {@code phoenix_stacks_config.json}: one stack per entry, production environment only. */
final class StackMapper {

  private static final Pattern SECRET =
      Pattern.compile("(?i).*(pass|secret|token|key|credential).*");

  private StackMapper() {}

  /** {@code qdrant_service} becomes {@code qdrant}: step ids read {@code 1002/stack/qdrant}. */
  static String nativeName(String original) {
    String name = original.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "_");
    return name.endsWith("_service")
        ? name.substring(0, name.length() - "_service".length())
        : name;
  }

  /** The original deployed the Portainer server itself as a stack; Phoenix uses a feature. */
  static boolean isPortainerItself(String original) {
    return nativeName(original).equals("portainer");
  }

  static Map<String, Stack> map(OriginalFile file, Map<String, String> nativeToPath) {
    Map<String, Stack> stacks = new LinkedHashMap<>();
    OriginalFile.Entry root = file.entry(file.root(), "$", "stacks config");
    OriginalFile.Entry all = root.object("docker_stacks");
    root.consume("$schema");
    root.warnUnmapped(Map.of());
    if (all == null) {
      return stacks;
    }
    for (String name : all.node.propertyNames()) {
      OriginalFile.Entry stack = all.object(name);
      if (stack == null) {
        continue;
      }
      OriginalFile.Entry entry = file.entry(stack.node, stack.path, "stack '" + name + "'");
      if (isPortainerItself(name)) {
        file.warn(
            entry.path,
            "stack '"
                + name
                + "' is the Portainer server itself; not imported as a stack (the Portainer server guest gets the 'portainer' feature)",
            "nothing to do");
        continue;
      }
      String path = entry.string("compose_file_path");
      if (path != null) {
        file.warn(
            entry.at("compose_file_path"),
            "stack '"
                + name
                + "': the compose file '"
                + path
                + "' is not part of the configs, so the stack has no compose content",
            "paste the file's content into stacks." + nativeName(name) + ".compose");
      }
      Map<String, String> env = new LinkedHashMap<>();
      OriginalFile.Entry environments = entry.object("environments");
      if (environments != null) {
        for (String environment : environments.node.propertyNames()) {
          OriginalFile.Entry settings = environments.object(environment);
          if (settings == null) {
            continue;
          }
          if (!environment.equals("production")) {
            file.warn(
                settings.path,
                "stack '"
                    + name
                    + "': environment '"
                    + environment
                    + "' is not imported; Phoenix deploys the production one",
                "make a separate inventory for " + environment);
            continue;
          }
          for (OriginalFile.Entry variable : settings.objects("variables")) {
            String key = variable.string("name");
            String value = variable.string("value");
            if (key == null) {
              continue;
            }
            if (SECRET.matcher(key).matches()) {
              file.warn(
                  variable.path,
                  "stack '"
                      + name
                      + "': "
                      + key
                      + " looks like a secret and is not imported; secrets never go in the inventory",
                  "give it to the service agent's secret store");
            } else {
              env.put(key, value == null ? "" : value);
            }
            variable.warnUnmapped(Map.of());
          }
          JsonNode files = settings.raw("files");
          if (files != null && files.isArray() && !files.isEmpty()) {
            file.warn(
                settings.at("files"),
                "stack '"
                    + name
                    + "': "
                    + files.size()
                    + " file(s) copied into containers are not imported",
                "bake them into the image or the compose file");
          }
          JsonNode services = settings.raw("services");
          if (services != null && services.isObject() && !services.isEmpty()) {
            file.warn(
                settings.at("services"),
                "stack '" + name + "': per-service Traefik labels are not imported",
                "put the labels into the compose file");
          }
          settings.warnUnmapped(Map.of());
        }
      }
      entry.warnUnmapped(
          Map.of(
              "description",
              "stacks have no description in the inventory",
              "nginx_proxy",
              "gateway routes come from guests' services"));
      stacks.put(nativeName(name), new Stack(null, env));
      nativeToPath.put(nativeName(name), entry.path);
    }
    return stacks;
  }
}

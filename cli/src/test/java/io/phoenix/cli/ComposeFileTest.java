package io.phoenix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * No Docker engine here, so docker-compose.yml is checked by reading it: every environment variable
 * a Phoenix service gets is bound by that service's configuration (Spring's relaxed binding against
 * the configuration metadata), and every build and image it names exists.
 */
class ComposeFileTest {

  private static final Path ROOT = Path.of("..");
  private static JsonNode compose;

  @BeforeAll
  static void read() throws Exception {
    compose = YAMLMapper.builder().build().readTree(ROOT.resolve("docker-compose.yml").toFile());
  }

  @Test
  void everyBuildNamesAnExistingDockerfileThatCopiesTheModulesArtifact() throws Exception {
    int builds = 0;
    for (Map.Entry<String, JsonNode> service : compose.get("services").properties()) {
      JsonNode build = service.getValue().get("build");
      if (build == null) {
        continue;
      }
      builds++;
      Path dockerfile =
          ROOT.resolve(build.get("context").asString()).resolve(build.get("dockerfile").asString());
      assertThat(dockerfile).as(service.getKey()).exists();
      String module = dockerfile.getParent().getFileName().toString();
      assertThat(ROOT.resolve(module).resolve("pom.xml")).exists();
      assertThat(Files.readString(dockerfile))
          .as("%s builds module %s", service.getKey(), module)
          .contains("-pl " + module)
          .contains("/src/" + module + "/target/phoenix-" + module + "-");
    }
    assertThat(builds).isEqualTo(5);
  }

  @Test
  void kafkaImageIsTheManagedKafkaVersion() {
    String image = compose.get("services").get("kafka").get("image").asString();
    assertThat(image).isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
  }

  @Test
  void agentsCanScaleNoFixedNamesOrHostPorts() {
    for (String agent : List.of("proxmox-agent", "pki-agent", "service-agent")) {
      JsonNode service = compose.get("services").get(agent);
      assertThat(service.has("container_name")).as(agent).isFalse();
      assertThat(service.has("ports")).as(agent).isFalse();
    }
  }

  @Test
  void everyEnvironmentVariableOfAServiceIsBoundByItsConfiguration() throws Exception {
    Set<String> common = metadataNames(ROOT.resolve("common"));
    common.addAll(springBootMetadataNames());
    Map<String, List<String>> unbound = new TreeMap<>();
    for (String module : List.of("orchestrator", "proxmox-agent", "pki-agent", "service-agent")) {
      Set<String> known = new HashSet<>(common);
      known.addAll(metadataNames(ROOT.resolve(module)));
      Set<String> directEnv = directEnvironmentVariables(ROOT.resolve(module));
      for (String variable : environment(compose.get("services").get(module))) {
        if (!bound(variable, known) && !directEnv.contains(variable)) {
          unbound.computeIfAbsent(module, m -> new ArrayList<>()).add(variable);
        }
      }
    }
    assertThat(unbound).as("environment variables no configuration binds").isEmpty();
  }

  /** Variables the service reads itself: the defaults of its {@code *-env} settings. */
  private static Set<String> directEnvironmentVariables(Path module) throws Exception {
    Set<String> names = new HashSet<>();
    JsonNode meta = metadata(module);
    if (meta != null) {
      for (JsonNode p : meta.get("properties")) {
        if (p.get("name").asString().endsWith("-env") && p.has("defaultValue")) {
          names.add(p.get("defaultValue").asString());
        }
      }
    }
    return names;
  }

  private static List<String> environment(JsonNode service) {
    List<String> names = new ArrayList<>();
    JsonNode env = service.get("environment");
    if (env == null) {
      return names;
    }
    if (env.isArray()) {
      for (JsonNode e : env) {
        String entry = e.asString();
        names.add(entry.contains("=") ? entry.substring(0, entry.indexOf('=')) : entry);
      }
    } else {
      env.propertyNames().forEach(names::add);
    }
    return names;
  }

  /** Spring's environment-variable forms of each property name (relaxed binding). */
  private static boolean bound(String variable, Set<String> properties) {
    for (String property : properties) {
      String dotted = property.toUpperCase(Locale.ROOT).replace('.', '_');
      String legacy = dotted.replace('-', '_');
      String canonical = dotted.replace("-", "");
      if (variable.equals(legacy) || variable.equals(canonical)) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode metadata(Path module) throws Exception {
    Path file = module.resolve("target/classes/META-INF/spring-configuration-metadata.json");
    return Files.exists(file) ? JsonMapper.builder().build().readTree(file.toFile()) : null;
  }

  private static Set<String> metadataNames(Path module) throws Exception {
    Set<String> names = new HashSet<>();
    JsonNode meta = metadata(module);
    if (meta != null) {
      meta.get("properties").forEach(p -> names.add(p.get("name").asString()));
    }
    return names;
  }

  /** Spring Boot's own properties (spring.kafka.*, server.*, spring.config.import, ...). */
  private static Set<String> springBootMetadataNames() throws Exception {
    Set<String> names = new HashSet<>();
    JsonMapper json = JsonMapper.builder().build();
    for (String resource :
        List.of(
            "META-INF/spring-configuration-metadata.json",
            "META-INF/additional-spring-configuration-metadata.json")) {
      Enumeration<URL> urls = ComposeFileTest.class.getClassLoader().getResources(resource);
      while (urls.hasMoreElements()) {
        URL url = urls.nextElement();
        if (!url.toString().contains("/springframework/boot/")) {
          continue;
        }
        try (InputStream in = url.openStream()) {
          JsonNode meta = json.readTree(in);
          if (meta.has("properties")) {
            meta.get("properties").forEach(p -> names.add(p.get("name").asString()));
          }
        }
      }
    }
    return names;
  }
}

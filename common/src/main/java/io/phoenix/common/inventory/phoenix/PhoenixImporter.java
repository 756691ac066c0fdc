package io.phoenix.common.inventory.phoenix;

import io.phoenix.common.inventory.CaSettings;
import io.phoenix.common.inventory.FeatureCatalog;
import io.phoenix.common.inventory.Guest;
import io.phoenix.common.inventory.Inventory;
import io.phoenix.common.inventory.InventoryResult;
import io.phoenix.common.inventory.InventoryValidator;
import io.phoenix.common.inventory.LocatedTree;
import io.phoenix.common.inventory.Network;
import io.phoenix.common.inventory.NetworkInterface;
import io.phoenix.common.inventory.Node;
import io.phoenix.common.inventory.PortainerRole;
import io.phoenix.common.inventory.PortainerSettings;
import io.phoenix.common.inventory.Problem;
import io.phoenix.common.inventory.SourceMap;
import io.phoenix.common.inventory.Stack;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Imports the original phoenix tool's configuration directory ({@code phoenix_lxc_configs.json},
 * {@code phoenix_vm_configs.json}, {@code phoenix_hypervisor_config.json}, {@code
 * phoenix_stacks_config.json}, {@code certificate-manifest.json}) as a native inventory.
 *
 * <p>Whatever cannot be mapped becomes a warning naming the file, line, guest and key; nothing is
 * dropped silently. The result is validated like a native inventory; its problems point at the
 * original files.
 */
public final class PhoenixImporter {

  public static final String LXC_FILE = "phoenix_lxc_configs.json";
  public static final String VM_FILE = "phoenix_vm_configs.json";
  public static final String HYPERVISOR_FILE = "phoenix_hypervisor_config.json";
  public static final String STACKS_FILE = "phoenix_stacks_config.json";
  public static final String MANIFEST_FILE = "certificate-manifest.json";

  /** The old tool renewed 24 h certificates hourly; Phoenix keeps the lifetime. */
  static final String DEFAULT_LIFETIME = "24h";

  private final Path directory;
  private final List<Problem> problems = new ArrayList<>();
  private final ImportSettings settings = new ImportSettings();

  private PhoenixImporter(Path directory) {
    this.directory = directory;
  }

  /** Imports {@code directory}; never throws for bad input. */
  public static InventoryResult importDirectory(Path directory) {
    return new PhoenixImporter(directory).run();
  }

  private InventoryResult run() {
    SourceMap sources = new SourceMap(directory.toString());
    if (!Files.isDirectory(directory)) {
      problems.add(
          sources.error(
              "$",
              "'" + directory + "' is not a directory",
              "pass the directory that holds " + LXC_FILE + " and " + VM_FILE));
      return new InventoryResult(null, problems, sources);
    }
    OriginalFile hypervisor = read(HYPERVISOR_FILE, false);
    OriginalFile lxc = read(LXC_FILE, false);
    OriginalFile vm = read(VM_FILE, false);
    OriginalFile stacksFile = read(STACKS_FILE, false);
    OriginalFile manifest = read(MANIFEST_FILE, false);
    if (lxc == null && vm == null) {
      if (problems.stream().noneMatch(Problem::isError)) {
        problems.add(
            sources.error(
                "$",
                "'" + directory + "' has neither " + LXC_FILE + " nor " + VM_FILE,
                "pass the original phoenix configuration directory (usually /usr/local/phoenix_hypervisor/etc)"));
      }
      return new InventoryResult(null, problems, sources);
    }
    HypervisorMapper.Result host =
        hypervisor == null
            ? new HypervisorMapper.Result()
            : HypervisorMapper.map(hypervisor, settings);
    OriginalFile.Entry vmDefaults = vmDefaults(vm);
    GuestMapper mapper = new GuestMapper(settings);
    Map<Integer, GuestDraft> drafts = new LinkedHashMap<>();
    if (lxc != null) {
      readLxc(lxc, mapper, drafts);
    }
    if (vm != null) {
      readVms(vm, mapper, vmDefaults, drafts);
    }
    Map<String, String> stackPaths = new LinkedHashMap<>();
    Map<String, Stack> stacks =
        stacksFile == null ? Map.of() : StackMapper.map(stacksFile, stackPaths);
    inferTemplates(drafts);
    addPortainerFeatures(drafts);
    if (manifest != null) {
      CertificateMapper.map(manifest, drafts);
    }
    CaSettings ca = ca(drafts, host, hypervisor);
    PortainerSettings portainer = portainer(drafts, host, hypervisor);
    List<Guest> guests = drafts.values().stream().map(GuestDraft::build).toList();
    Inventory inventory =
        new Inventory(
            1,
            host.domain,
            List.of(
                new Node(
                    settings.node,
                    settings.lxcStorage,
                    settings.templateStorage,
                    settings.imageStorage)),
            networks(host, guests),
            ca,
            portainer,
            stacks,
            guests);
    mapSources(sources, drafts, host, hypervisor, stacksFile, stackPaths);
    problems.addAll(InventoryValidator.validate(inventory, sources));
    return new InventoryResult(inventory, problems, sources);
  }

  private OriginalFile read(String name, boolean required) {
    Path file = directory.resolve(name);
    if (!Files.isRegularFile(file)) {
      if (required) {
        problems.add(
            new Problem(
                Problem.Severity.ERROR, file.toString(), 0, null, "missing", "add " + name));
      }
      return null;
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      problems.add(
          new Problem(
              Problem.Severity.ERROR,
              file.toString(),
              0,
              null,
              "cannot be read: " + e.getMessage(),
              "check its permissions and encoding (UTF-8)"));
      return null;
    }
    LocatedTree.Outcome outcome = LocatedTree.read(text, file.toString());
    if (outcome instanceof LocatedTree.Unreadable unreadable) {
      problems.add(unreadable.problem());
      return null;
    }
    return new OriginalFile(((LocatedTree.Read) outcome).tree(), problems);
  }

  private OriginalFile.Entry vmDefaults(OriginalFile vm) {
    if (vm == null || !vm.root().isObject()) {
      return null;
    }
    OriginalFile.Entry root = vm.entry(vm.root(), "$", "vm config");
    OriginalFile.Entry defaults = root.object("vm_defaults");
    if (defaults == null) {
      return null;
    }
    OriginalFile.Entry tracked = vm.entry(defaults.node, defaults.path, "vm_defaults");
    String storage = tracked.string("storage_pool");
    if (storage != null) {
      settings.vmStorage = storage;
    }
    String bridge = tracked.string("network_bridge");
    if (bridge != null) {
      settings.vmBridge = bridge;
    }
    tracked.consume("cores", "memory_mb", "disk_size_gb");
    tracked.warnUnmapped(
        Map.of("template", "VMs come from a cloud image (template_image) or a clone"));
    return defaults;
  }

  private void readLxc(OriginalFile file, GuestMapper mapper, Map<Integer, GuestDraft> drafts) {
    if (!file.root().isObject()) {
      file.error("$", LXC_FILE + " should be an object with lxc_configs", "write a JSON object");
      return;
    }
    OriginalFile.Entry root = file.entry(file.root(), "$", "lxc config");
    root.consume("$schema");
    OriginalFile.Entry configs = root.object("lxc_configs");
    root.warnUnmapped(
        Map.of(
            "nvidia_driver_version",
            "GPU drivers are not supported yet",
            "nvidia_repo_url",
            "GPU drivers are not supported yet",
            "nvidia_runfile_url",
            "GPU drivers are not supported yet"));
    if (configs == null) {
      file.error("$", LXC_FILE + " has no lxc_configs", "add \"lxc_configs\": {\"<ctid>\": {...}}");
      return;
    }
    for (String key : configs.node.propertyNames()) {
      OriginalFile.Entry entry = configs.object(key);
      if (entry == null) {
        continue;
      }
      GuestDraft guest = mapper.lxc(file, file.entry(entry.node, entry.path, "guest " + key), key);
      putDraft(drafts, guest);
    }
  }

  private void readVms(
      OriginalFile file,
      GuestMapper mapper,
      OriginalFile.Entry defaults,
      Map<Integer, GuestDraft> drafts) {
    if (!file.root().isObject()) {
      file.error("$", VM_FILE + " should be an object with vms", "write a JSON object");
      return;
    }
    OriginalFile.Entry root = file.entry(file.root(), "$", "vm config");
    root.consume("$schema", "vm_defaults");
    List<OriginalFile.Entry> vms = root.objects("vms");
    root.warnUnmapped(Map.of());
    for (OriginalFile.Entry vm : vms) {
      String who = "guest " + vm.node.path("vmid").asString("?");
      putDraft(
          drafts,
          mapper.vm(
              file,
              file.entry(vm.node, vm.path, who),
              defaults == null ? null : file.entry(defaults.node, defaults.path, "vm_defaults")));
    }
  }

  private void putDraft(Map<Integer, GuestDraft> drafts, GuestDraft guest) {
    GuestDraft earlier = drafts.putIfAbsent(guest.id, guest);
    if (earlier != null) {
      guest.file.error(
          guest.originPath,
          "guest "
              + guest.id
              + " is defined twice (also at "
              + earlier.file.locate(earlier.originPath).file()
              + ":"
              + earlier.file.locate(earlier.originPath).line()
              + ")",
          "give each guest its own id");
    }
  }

  /** The old tool cloned a guest's final-form snapshot; Phoenix clones templates. */
  private static void inferTemplates(Map<Integer, GuestDraft> drafts) {
    Map<Integer, Set<Integer>> clonedBy = new LinkedHashMap<>();
    for (GuestDraft guest : drafts.values()) {
      if (guest.source != null && guest.source.isClone()) {
        clonedBy.computeIfAbsent(guest.source.cloneOf(), k -> new LinkedHashSet<>()).add(guest.id);
      }
    }
    for (Map.Entry<Integer, Set<Integer>> entry : clonedBy.entrySet()) {
      GuestDraft source = drafts.get(entry.getKey());
      if (source != null && !source.template) {
        source.template = true;
        source.file.warn(
            source.originPath,
            "guest "
                + source.id
                + " is cloned by "
                + entry.getValue()
                + " but not marked is_template; imported as a template (the old tool cloned its snapshot)",
            "set template: false and clone another guest if it must stay a running guest");
      }
    }
    for (GuestDraft guest : drafts.values()) {
      if (guest.template && !guest.snapshots.isEmpty()) {
        guest.snapshots.clear();
        guest.file.warn(
            guest.links.getOrDefault("snapshots", guest.originPath),
            "guest "
                + guest.id
                + " is a template; its lifecycle snapshots are not imported (Proxmox refuses to template a guest with snapshots)",
            "nothing to do");
      }
    }
  }

  /** Portainer's server and agents are features in Phoenix, not the old tool's stacks/scripts. */
  private static void addPortainerFeatures(Map<Integer, GuestDraft> drafts) {
    for (GuestDraft guest : drafts.values()) {
      String wanted =
          guest.portainer == PortainerRole.SERVER
              ? FeatureCatalog.PORTAINER
              : guest.portainer == PortainerRole.AGENT ? FeatureCatalog.PORTAINER_AGENT : null;
      if (wanted != null && !guest.features.contains(wanted)) {
        int docker = guest.features.indexOf(FeatureCatalog.DOCKER);
        guest.features.add(docker < 0 ? guest.features.size() : docker + 1, wanted);
        guest.file.warn(
            guest.links.getOrDefault("portainer", guest.originPath),
            "guest " + guest.id + ": feature '" + wanted + "' added for its Portainer role",
            "nothing to do");
      }
    }
  }

  private CaSettings ca(
      Map<Integer, GuestDraft> drafts, HypervisorMapper.Result host, OriginalFile hypervisor) {
    GuestDraft caGuest =
        drafts.values().stream()
            .filter(g -> g.features.contains(FeatureCatalog.STEP_CA))
            .findFirst()
            .orElse(null);
    if (caGuest == null) {
      if (host.caPath != null) {
        hypervisor.warn(
            host.caPath,
            "step_ca is configured but no guest runs the step_ca feature; no CA imported",
            "add step_ca to the CA guest's features");
      }
      return null;
    }
    Integer port = null;
    String address = address(caGuest);
    for (Map.Entry<Integer, String[]> url : settings.bootstrapCaUrls.entrySet()) {
      try {
        URI uri = URI.create(url.getValue()[0]);
        if (port == null && uri.getPort() > 0) {
          port = uri.getPort();
        }
        GuestDraft guest = drafts.get(url.getKey());
        if (guest != null && address != null && !address.equals(uri.getHost())) {
          guest.file.warn(
              url.getValue()[1],
              "guest "
                  + url.getKey()
                  + ": bootstrap_ca_url "
                  + url.getValue()[0]
                  + " is not the CA guest "
                  + caGuest.id
                  + "'s address "
                  + address
                  + " (a stale address); Phoenix uses the CA's address",
              "nothing to do");
        }
      } catch (IllegalArgumentException e) {
        drafts
            .get(url.getKey())
            .file
            .warn(
                url.getValue()[1],
                "guest " + url.getKey() + ": bootstrap_ca_url is not a URL",
                "nothing to do: it is not imported");
      }
    }
    return new CaSettings(
        caGuest.id,
        host.caName,
        host.caDnsNames,
        port == null ? CaSettings.DEFAULT_PORT : port,
        host.provisioner,
        DEFAULT_LIFETIME);
  }

  private static PortainerSettings portainer(
      Map<Integer, GuestDraft> drafts, HypervisorMapper.Result host, OriginalFile hypervisor) {
    GuestDraft server =
        drafts.values().stream()
            .filter(g -> g.portainer == PortainerRole.SERVER)
            .findFirst()
            .orElse(null);
    if (server == null) {
      return null;
    }
    String address = address(server);
    if (host.portainerServerIp != null
        && address != null
        && !address.equals(host.portainerServerIp)
        && hypervisor != null) {
      hypervisor.warn(
          "$.network.portainer_server_ip",
          "portainer_server_ip "
              + host.portainerServerIp
              + " is not the Portainer guest "
              + server.id
              + "'s address "
              + address
              + "; Phoenix uses the guest's",
          "nothing to do");
    }
    return new PortainerSettings(server.id, host.portainerPort, host.agentPort, host.adminUser);
  }

  /** Declared bridges, plus any bridge guests use, with the first gateway seen on it. */
  private static List<Network> networks(HypervisorMapper.Result host, List<Guest> guests) {
    Map<String, Network> networks = new LinkedHashMap<>();
    host.networks.forEach(n -> networks.put(n.bridge(), n));
    for (Guest guest : guests) {
      for (NetworkInterface nic : guest.network()) {
        if (nic.bridge() == null) {
          continue;
        }
        Network known = networks.get(nic.bridge());
        if (known == null) {
          networks.put(nic.bridge(), new Network(nic.bridge(), null, nic.gateway(), null));
        } else if (known.gateway() == null && nic.gateway() != null) {
          networks.put(
              nic.bridge(),
              new Network(known.bridge(), known.cidr(), nic.gateway(), known.nameserver()));
        }
      }
    }
    return List.copyOf(networks.values());
  }

  private static String address(GuestDraft guest) {
    return guest.network.stream()
        .filter(n -> !n.isDhcp())
        .map(NetworkInterface::address)
        .findFirst()
        .orElse(null);
  }

  /** Native paths point at the original files, so validation problems name their lines. */
  private static void mapSources(
      SourceMap sources,
      Map<Integer, GuestDraft> drafts,
      HypervisorMapper.Result host,
      OriginalFile hypervisor,
      OriginalFile stacksFile,
      Map<String, String> stackPaths) {
    int index = 0;
    for (GuestDraft guest : drafts.values()) {
      String path = "$.guests[" + index++ + "]";
      sources.replace(path, guest.file.locate(guest.originPath));
      for (Map.Entry<String, String> link : guest.links.entrySet()) {
        sources.replace(path + "." + link.getKey(), guest.file.locate(link.getValue()));
      }
    }
    if (hypervisor != null) {
      sources.replace("$", hypervisor.locate("$"));
      if (host.caPath != null) {
        sources.replace("$.ca", hypervisor.locate(host.caPath));
      }
      if (host.portainerPath != null) {
        sources.replace("$.portainer", hypervisor.locate(host.portainerPath));
      }
    }
    if (stacksFile != null) {
      stackPaths.forEach(
          (name, path) -> sources.replace("$.stacks." + name, stacksFile.locate(path)));
    }
  }
}

package io.phoenix.simulator.pve;

import io.phoenix.simulator.world.Guest;
import io.phoenix.simulator.world.StorageConfig;
import io.phoenix.simulator.world.Volume;
import io.phoenix.simulator.world.World;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /nodes/{node}/storage}: the storage list, content (stored volumes plus guest disks), and
 * {@code download-url}, whose task adds the volume when it ends without touching the network.
 */
final class StorageHandlers {

  private static final Map<String, String> EXTENSIONS =
      Map.of(
          "iso", "\\.(iso|img)$",
          "vztmpl", "\\.(tar\\.gz|tar\\.xz|tar\\.zst)$",
          "import", "\\.(img|qcow2|raw|vmdk|ova)$");

  private final GuestAccess access;
  private final World world;
  private final TaskEngine tasks;

  StorageHandlers(GuestAccess access, TaskEngine tasks) {
    this.access = access;
    this.world = access.world();
    this.tasks = tasks;
  }

  void register(Router router) {
    router.get("/nodes/{node}/storage", "storage.list", this::list);
    router.get("/nodes/{node}/storage/{storage}/content", "storage.content", this::content);
    router.mutate(
        "POST",
        "/nodes/{node}/storage/{storage}/download-url",
        "storage.download-url",
        this::download);
    router.get("/nodes/{node}/aplinfo", "node.aplinfo", this::appliances);
    router.mutate(
        "POST", "/nodes/{node}/aplinfo", "node.aplinfo.download", this::downloadAppliance);
  }

  private Object appliances(Call call) {
    access.checkNode(call.node());
    return Appliances.ALL.stream().map(Appliances.Appliance::describe).toList();
  }

  /** pveam's download by name: a {@code download} task that adds {@code STORAGE:vztmpl/NAME}. */
  private Object downloadAppliance(Call call) {
    StorageConfig storage = storage(call);
    String template = call.params().string("template");
    Appliances.Appliance appliance =
        Appliances.named(template)
            .orElseThrow(() -> PveException.invalid("template", "no such template"));
    if (!storage.accepts("vztmpl")) {
      throw PveException.fail("storage '" + storage.id() + "' does not support templates");
    }
    String volid = storage.id() + ":vztmpl/" + template;
    String location = (String) appliance.describe().get("location");
    return tasks.start(
            call.node(),
            "download",
            template,
            call.user(),
            List.of("downloading " + location + " to /var/lib/vz/template/cache/" + template),
            t -> {
              t.log("calculating checksum...OK, checksum verified");
              t.log(
                  "download of '"
                      + location
                      + "' to '/var/lib/vz/template/cache/"
                      + template
                      + "' finished");
              String format =
                  template.endsWith(".zst") ? "tzst" : template.endsWith(".xz") ? "txz" : "tgz";
              world.addVolume(call.node(), new Volume(volid, "vztmpl", format, 600_000_000L));
            },
            null,
            call.taskError())
        .upid;
  }

  private StorageConfig storage(Call call) {
    access.checkNode(call.node());
    String id = call.params().string("storage");
    return world
        .storage(call.node(), id)
        .orElseThrow(() -> PveException.fail("storage '" + id + "' does not exist"));
  }

  private Object list(Call call) {
    access.checkNode(call.node());
    String content = call.params().string("content", null);
    List<Map<String, Object>> out = new ArrayList<>();
    for (StorageConfig storage : world.node(call.node()).orElseThrow().storages()) {
      if (content != null && !storage.accepts(content)) {
        continue;
      }
      long used = used(call.node(), storage);
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("storage", storage.id());
      entry.put("type", storage.type());
      entry.put("content", String.join(",", storage.content()));
      entry.put("active", 1);
      entry.put("enabled", 1);
      entry.put("shared", storage.shared() ? 1 : 0);
      entry.put("total", storage.totalBytes());
      entry.put("used", used);
      entry.put("avail", storage.totalBytes() - used);
      entry.put("used_fraction", (double) used / storage.totalBytes());
      out.add(entry);
    }
    return out;
  }

  private long used(String node, StorageConfig storage) {
    long sum = 0;
    for (Map<String, Object> volume : volumes(node, storage)) {
      sum += ((Number) volume.get("size")).longValue();
    }
    return sum;
  }

  private Object content(Call call) {
    StorageConfig storage = storage(call);
    String content = call.params().string("content", null);
    Integer vmid = call.params().optionalInteger("vmid").orElse(null);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> volume : volumes(call.node(), storage)) {
      boolean contentOk = content == null || content.equals(volume.get("content"));
      boolean vmidOk = vmid == null || vmid.equals(volume.get("vmid"));
      if (contentOk && vmidOk) {
        out.add(volume);
      }
    }
    return out;
  }

  /** Stored volumes, then the disks of guests that live on this storage. */
  private List<Map<String, Object>> volumes(String node, StorageConfig storage) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Volume volume : world.volumes(node, storage.id())) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("volid", volume.volid());
      entry.put("content", volume.content());
      entry.put("format", volume.format());
      entry.put("size", volume.size());
      entry.put("ctime", 1_760_000_000L);
      out.add(entry);
    }
    for (Guest guest : world.guests()) {
      if (!guest.node().equals(node)) {
        continue;
      }
      guest
          .config()
          .forEach(
              (key, value) -> {
                boolean disk =
                    key.equals("rootfs")
                        || key.matches("^mp\\d+$")
                        || QemuDisks.DISK_KEY.matcher(key).matches();
                if (!disk
                    || !value.startsWith(storage.id() + ":")
                    || value.contains("media=cdrom")) {
                  return;
                }
                Map<String, String> parts = PropertyStrings.parse(value, "volume");
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("volid", parts.get("volume"));
                entry.put(
                    "content", key.equals("rootfs") || key.startsWith("mp") ? "rootdir" : "images");
                entry.put("format", "raw");
                entry.put("size", GuestAccess.sizeBytes(parts.getOrDefault("size", "0")));
                entry.put("vmid", guest.vmid());
                out.add(entry);
              });
    }
    return out;
  }

  private Object download(Call call) {
    StorageConfig storage = storage(call);
    String content = call.params().string("content");
    String filename = call.params().string("filename");
    if (!storage.accepts(content)) {
      throw PveException.fail(
          "storage '" + storage.id() + "' does not support content-type '" + content + "'");
    }
    String pattern = EXTENSIONS.get(content);
    if (pattern == null || !filename.matches("^[^/]+" + pattern)) {
      throw PveException.invalid("filename", "invalid filename or wrong extension");
    }
    String volid = storage.id() + ":" + content + "/" + filename;
    if (world.hasVolume(call.node(), volid)) {
      throw PveException.fail(
          "refusing to override existing file '/var/lib/vz/template/"
              + content
              + "/"
              + filename
              + "'");
    }
    String url = call.params().string("url");
    long size = content.equals("import") ? 3_758_096_384L : 600_000_000L;
    String format = filename.replaceAll("^.*\\.", "");
    return tasks.start(
            call.node(),
            "download",
            filename,
            call.user(),
            List.of("downloading " + url + " to /var/lib/vz/template/" + content + "/" + filename),
            t -> {
              t.log(
                  "download of '"
                      + url
                      + "' to '/var/lib/vz/template/"
                      + content
                      + "/"
                      + filename
                      + "' finished");
              world.addVolume(call.node(), new Volume(volid, content, format, size));
            },
            null,
            call.taskError())
        .upid;
  }
}

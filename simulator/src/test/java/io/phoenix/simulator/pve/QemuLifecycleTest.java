package io.phoenix.simulator.pve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class QemuLifecycleTest {

  static final String IMAGE = "local:import/noble-server-cloudimg-amd64.img";
  static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPhoenixTestKey phoenix@test\n";
  static PveSimulator simulator;
  PveHttp pve;

  @BeforeAll
  static void start() {
    simulator = PveSimulator.start(SimulatorFixture.fast());
  }

  @AfterAll
  static void stop() {
    simulator.close();
  }

  @BeforeEach
  void reset() {
    simulator.reset();
    pve = new PveHttp(simulator);
  }

  private void downloadImage() {
    String upid =
        pve.post(
                "/nodes/pve/storage/local/download-url",
                "content",
                "import",
                "filename",
                "noble-server-cloudimg-amd64.img",
                "url",
                "https://cloud-images.ubuntu.com/noble/current/noble-server-cloudimg-amd64.img")
            .data()
            .asString();
    assertThat(upid).contains(":download:");
    assertThat(pve.waitTask(upid).path("exitstatus").asString()).isEqualTo("OK");
  }

  private PveHttp.Reply createVm(int vmid, String... extra) {
    String[] base = {
      "vmid",
      String.valueOf(vmid),
      "name",
      "vm" + vmid,
      "memory",
      "2048",
      "scsi0",
      "local-lvm:0,import-from=" + IMAGE,
      "ide2",
      "local-lvm:cloudinit",
      "ciuser",
      "phoenix",
      "sshkeys",
      URLEncoder.encode(KEY, StandardCharsets.UTF_8).replace("+", "%20"),
      "ipconfig0",
      "ip=dhcp",
      "agent",
      "1",
      "serial0",
      "socket",
      "vga",
      "serial0",
      "boot",
      "order=scsi0"
    };
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return pve.post("/nodes/pve/qemu", all);
  }

  @Test
  void downloadUrlAddsTheCloudImageWhenItsTaskEnds() {
    assertThat(pve.get("/nodes/pve/storage/local/content", "content", "import").data()).isEmpty();

    downloadImage();

    assertThat(
            pve.get("/nodes/pve/storage/local/content", "content", "import")
                .data()
                .findValuesAsString("volid"))
        .containsExactly(IMAGE);
  }

  @Test
  void importFromNeedsTheImageAndSizeZero() {
    assertThat(createVm(9000).reason()).isEqualTo("volume '" + IMAGE + "' does not exist");
    downloadImage();

    PveHttp.Reply sized =
        pve.post("/nodes/pve/qemu", "vmid", "9000", "scsi0", "local-lvm:32,import-from=" + IMAGE);

    assertThat(sized.status()).isEqualTo(400);
    assertThat(sized.json().path("errors").path("scsi0").asString())
        .isEqualTo(
            "'import-from' requires special syntax - use <storage ID>:0,import-from=<source>");
  }

  @Test
  void createImportsTheDiskAndKeepsCloudInitSettings() {
    downloadImage();
    String upid = createVm(9000).data().asString();
    assertThat(pve.waitTask(upid).path("exitstatus").asString()).isEqualTo("OK");

    JsonNode config = pve.get("/nodes/pve/qemu/9000/config").data();
    assertThat(config.path("scsi0").asString()).isEqualTo("local-lvm:vm-9000-disk-0,size=3584M");
    assertThat(config.path("ide2").asString()).isEqualTo("local-lvm:vm-9000-cloudinit,media=cdrom");
    assertThat(config.path("sshkeys").asString()).startsWith("ssh-ed25519%20AAAA");
    assertThat(config.path("agent").asString()).isEqualTo("1");
    assertThat(config.path("memory").asString()).isEqualTo("2048");
    assertThat(config.path("serial0").asString()).isEqualTo("socket");
  }

  @Test
  void cloudInitPasswordIsStoredHashedAndNeverReturned() {
    PveHttp.Reply created =
        pve.post(
            "/nodes/pve/qemu", "vmid", "1001", "scsi0", "local-lvm:8", "cipassword", "s3cret!");
    pve.waitTask(created.data().asString());

    assertThat(simulator.world().requireGuest(1001).config("cipassword"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("$6$").doesNotContain("s3cret"));
    assertThat(pve.get("/nodes/pve/qemu/1001/config").data().path("cipassword").asString())
        .isEqualTo("**********");
    pve.put("/nodes/pve/qemu/1001/config", "cipassword", "other");
    assertThat(simulator.world().requireGuest(1001).config("cipassword"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("$6$").doesNotContain("other"));
  }

  @Test
  void sshkeysMustArriveStillPercentEncoded() {
    downloadImage();

    PveHttp.Reply reply = pve.post("/nodes/pve/qemu", "vmid", "9000", "sshkeys", KEY);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().path("errors").path("sshkeys").asString())
        .startsWith("invalid urlencoded string: ");
  }

  @Test
  void cloneLocksTheNewVmAndConfigChangesTimeOutOnItsFileLock() {
    downloadImage();
    pve.waitTask(createVm(9000).data().asString());
    pve.waitTask(pve.post("/nodes/pve/qemu/9000/template").data().asString());
    pve.durations(Map.of("qmclone", 5_000L));

    String upid =
        pve.post("/nodes/pve/qemu/9000/clone", "newid", "1001", "name", "portainer", "full", "1")
            .data()
            .asString();

    assertThat(upid.split(":")[5]).isEqualTo("qmclone");
    assertThat(upid.split(":")[6]).isEqualTo("9000");
    assertThat(pve.get("/nodes/pve/qemu/1001/status/current").data().path("lock").asString())
        .isEqualTo("clone");
    java.time.Instant before = java.time.Instant.now();
    PveHttp.Reply edit = pve.put("/nodes/pve/qemu/1001/config", "memory", "4096");
    assertThat(edit.status()).isEqualTo(500);
    // it waited for the config file lock (300 ms in these tests) before giving up
    assertThat(java.time.Duration.between(before, java.time.Instant.now()))
        .isGreaterThanOrEqualTo(java.time.Duration.ofMillis(300));
    assertThat(edit.reason())
        .isEqualTo("can't lock file '/var/lock/qemu-server/lock-1001.conf' - got timeout");
    // QEMU takes a shared lock on the source: a second clone of the template is allowed
    String second =
        pve.post("/nodes/pve/qemu/9000/clone", "newid", "1002", "name", "drphoenix", "full", "1")
            .data()
            .asString();

    assertThat(pve.waitTask(upid).path("exitstatus").asString()).isEqualTo("OK");
    assertThat(pve.waitTask(second).path("exitstatus").asString()).isEqualTo("OK");
    assertThat(pve.get("/nodes/pve/qemu/1001/status/current").data().has("lock")).isFalse();
    assertThat(pve.put("/nodes/pve/qemu/1001/config", "memory", "4096").status()).isEqualTo(200);
    assertThat(simulator.world().requireGuest(1001).config("scsi0"))
        .contains("local-lvm:vm-1001-disk-0,size=3584M");
  }

  @Test
  void startWhenRunningReturnsATaskThatFails() {
    downloadImage();
    pve.waitTask(createVm(1001).data().asString());
    pve.waitTask(pve.post("/nodes/pve/qemu/1001/status/start").data().asString());

    PveHttp.Reply again = pve.post("/nodes/pve/qemu/1001/status/start");

    assertThat(again.status()).isEqualTo(200);
    JsonNode task = pve.waitTask(again.data().asString());
    assertThat(task.path("exitstatus").asString()).isEqualTo("VM 1001 already running");
    JsonNode log = pve.get("/nodes/pve/tasks/" + again.data().asString() + "/log").data();
    assertThat(log.get(log.size() - 1).path("t").asString())
        .isEqualTo("TASK ERROR: VM 1001 already running");
  }

  @Test
  void statusCurrentShowsQmpStatusAndAgent() {
    downloadImage();
    pve.waitTask(createVm(1001).data().asString());
    pve.waitTask(pve.post("/nodes/pve/qemu/1001/status/start").data().asString());

    JsonNode status = pve.get("/nodes/pve/qemu/1001/status/current").data();

    assertThat(status.path("status").asString()).isEqualTo("running");
    assertThat(status.path("qmpstatus").asString()).isEqualTo("running");
    assertThat(status.path("agent").asInt()).isEqualTo(1);
  }

  @Test
  void resizeReturnsATaskThatRefusesToShrink() {
    downloadImage();
    pve.waitTask(createVm(1001).data().asString());

    PveHttp.Reply shrink = pve.put("/nodes/pve/qemu/1001/resize", "disk", "scsi0", "size", "2G");
    assertThat(shrink.status()).isEqualTo(200);
    assertThat(pve.waitTask(shrink.data().asString()).path("exitstatus").asString())
        .isEqualTo("shrinking disks is not supported");

    PveHttp.Reply grow = pve.put("/nodes/pve/qemu/1001/resize", "disk", "scsi0", "size", "32G");
    assertThat(pve.waitTask(grow.data().asString()).path("exitstatus").asString()).isEqualTo("OK");
    assertThat(simulator.world().requireGuest(1001).config("scsi0"))
        .contains("local-lvm:vm-1001-disk-0,size=32G");
  }

  @Test
  void templateIsATaskAndRefusedWhileRunning() {
    downloadImage();
    pve.waitTask(createVm(9000).data().asString());
    pve.waitTask(pve.post("/nodes/pve/qemu/9000/status/start").data().asString());
    assertThat(pve.post("/nodes/pve/qemu/9000/template").reason())
        .isEqualTo("you can't convert a VM to template if VM is running");
    pve.waitTask(pve.post("/nodes/pve/qemu/9000/status/stop").data().asString());

    String upid = pve.post("/nodes/pve/qemu/9000/template").data().asString();

    assertThat(upid).contains(":qmtemplate:9000:");
    pve.waitTask(upid);
    assertThat(pve.get("/nodes/pve/qemu/9000/config").data().path("template").asInt()).isEqualTo(1);
    assertThat(pve.get("/cluster/resources", "type", "vm").data().get(0).path("template").asInt())
        .isEqualTo(1);
  }

  @Test
  void asyncConfigPostReturnsAQmconfigTask() {
    downloadImage();
    pve.waitTask(createVm(1001).data().asString());

    String upid =
        pve.post("/nodes/pve/qemu/1001/config", "cores", "4", "delete", "vga").data().asString();

    assertThat(upid).contains(":qmconfig:1001:");
    pve.waitTask(upid);
    assertThat(simulator.world().requireGuest(1001).config("cores")).contains("4");
    assertThat(simulator.world().requireGuest(1001).config("vga")).isEmpty();
  }

  @Test
  void snapshotConfigReturnsWhatTheVmHadWhenTheSnapshotWasTaken() {
    downloadImage();
    assertThat(pve.waitTask(createVm(9000).data().asString()).path("exitstatus").asString())
        .isEqualTo("OK");
    pve.waitTask(pve.post("/nodes/pve/qemu/9000/snapshot", "snapname", "base").data().asString());
    assertThat(pve.put("/nodes/pve/qemu/9000/config", "memory", "4096").status()).isEqualTo(200);

    JsonNode captured = pve.get("/nodes/pve/qemu/9000/config", "snapshot", "base").data();

    assertThat(captured.path("memory").asString()).isEqualTo("2048");
    assertThat(captured.path("cipassword").isMissingNode()).isTrue();
    assertThat(captured.path("scsi0").asString())
        .isEqualTo(pve.get("/nodes/pve/qemu/9000/config").data().path("scsi0").asString());
    assertThat(captured.path("snaptime").isNumber()).isTrue();
    assertThat(pve.get("/nodes/pve/qemu/9000/config").data().path("memory").asString())
        .isEqualTo("4096");
  }

  @Test
  void destroyIsRefusedWhileRunning() {
    downloadImage();
    pve.waitTask(createVm(1001).data().asString());
    pve.waitTask(pve.post("/nodes/pve/qemu/1001/status/start").data().asString());

    assertThat(pve.delete("/nodes/pve/qemu/1001").reason())
        .isEqualTo("VM 1001 is running - destroy failed");
    pve.waitTask(pve.post("/nodes/pve/qemu/1001/status/stop").data().asString());
    assertThat(
            pve.waitTask(pve.delete("/nodes/pve/qemu/1001").data().asString())
                .path("type")
                .asString())
        .isEqualTo("qmdestroy");
    assertThat(simulator.world().guest(1001)).isEmpty();
  }
}

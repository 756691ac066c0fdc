"""Drives the Phoenix PVE simulator with Debian's python3-proxmoxer, a client we did not write.

Usage: proxmoxer_check.py HOST PORT USER@REALM!TOKENID=SECRET
Prints one "OK <fact>" line per checked behaviour; exits 1 with "FAIL <why>" otherwise.
"""
import sys
import time
import urllib.parse

from proxmoxer import ProxmoxAPI
from proxmoxer.core import ResourceException

host, port, token = sys.argv[1], int(sys.argv[2]), sys.argv[3]
user_token, secret = token.split("=", 1)
user, token_name = user_token.split("!", 1)
pve = ProxmoxAPI(host, port=port, user=user, token_name=token_name, token_value=secret,
                 verify_ssl=False, timeout=30)
node = pve.nodes("pve")


def fail(why):
    print("FAIL " + why, flush=True)
    sys.exit(1)


def ok(fact):
    print("OK " + fact, flush=True)


def wait(upid, deadline=60):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        status = node.tasks(upid).status.get()
        if status["status"] == "stopped":
            return status
        time.sleep(0.2)
    fail("task did not finish: " + upid)


def expect_error(call, status, text):
    try:
        call()
    except ResourceException as e:
        if e.status_code != status or text not in str(e):
            fail("expected %d %r, got %s" % (status, text, e))
        return str(e)
    fail("expected %d %r, got success" % (status, text))


version = pve.version.get()
if not version["version"].startswith("9.1"):
    fail("version " + str(version))
nextid = pve.cluster.nextid.get()
if not isinstance(nextid, str):
    fail("nextid is not a string: %r" % (nextid,))
ok("nextid string " + nextid)

template = "local:vztmpl/ubuntu-24.04-standard_24.04-2_amd64.tar.zst"
upid = node.lxc.create(vmid=900, ostemplate=template, hostname="copy-base", rootfs="local-lvm:8",
                       net0="name=eth0,bridge=vmbr0,ip=dhcp", unprivileged=1, memory=512)
status = wait(upid)
if status["exitstatus"] != "OK" or status["type"] != "vzcreate":
    fail("create: " + str(status))
ok("lxc create " + upid)
ok("create again -> " + expect_error(
    lambda: node.lxc.create(vmid=900, ostemplate=template), 500, "CT 900 already exists on node 'pve'"))
ok("bad boolean -> " + expect_error(
    lambda: node.lxc.create(vmid=901, ostemplate=template, unprivileged="true"), 400,
    "Parameter verification failed."))
if node.lxc(900).template.post() is not None:
    fail("template should return null")

clone = node.lxc(900).clone.post(newid=103, hostname="step-ca", full=1)
if clone.split(":")[5:7] != ["vzclone", "900"]:
    fail("clone UPID must name the source: " + clone)
ok("second clone -> " + expect_error(
    lambda: node.lxc(900).clone.post(newid=104, full=1), 500, "CT is locked (disk)"))
if wait(clone)["exitstatus"] != "OK":
    fail("clone failed")
ok("lxc clone " + clone)
if wait(node.lxc(103).status.start.post())["exitstatus"] != "OK":
    fail("start failed")
ok("lxc start again -> " + expect_error(
    lambda: node.lxc(103).status.start.post(), 500, "CT 103 already running"))

download = node.storage("local")("download-url").post(
    content="import", filename="noble-server-cloudimg-amd64.img",
    url="https://cloud-images.ubuntu.com/noble/current/noble-server-cloudimg-amd64.img")
if wait(download)["exitstatus"] != "OK":
    fail("download failed")
volids = [v["volid"] for v in node.storage("local").content.get(content="import")]
if "local:import/noble-server-cloudimg-amd64.img" not in volids:
    fail("downloaded image not listed: " + str(volids))
ok("download-url")

keys = urllib.parse.quote("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample phoenix@test\n", safe="")
vm = node.qemu.create(vmid=9000, name="ubuntu-cloud", memory=2048, cores=2,
                      scsi0="local-lvm:0,import-from=local:import/noble-server-cloudimg-amd64.img",
                      ide2="local-lvm:cloudinit", ciuser="phoenix", sshkeys=keys,
                      ipconfig0="ip=dhcp", agent="enabled=1", serial0="socket", vga="serial0",
                      boot="order=scsi0", scsihw="virtio-scsi-pci", net0="virtio,bridge=vmbr0")
if wait(vm)["exitstatus"] != "OK":
    fail("qemu create failed")
ok("qemu create " + vm)
if wait(node.qemu(9000).status.start.post())["exitstatus"] != "OK":
    fail("qemu start failed")
again = wait(node.qemu(9000).status.start.post())
if again["exitstatus"] != "VM 9000 already running":
    fail("second qemu start should fail in its task: " + str(again))
ok("qemu start again -> task " + again["exitstatus"])

try:
    node.qemu(9000).agent.ping.post()
    fail("agent answered before it booted")
except ResourceException as e:
    if "QEMU guest agent is not running" not in str(e):
        fail("agent: " + str(e))
    ok("agent not yet -> " + str(e))
end = time.monotonic() + 60
while True:
    try:
        node.qemu(9000).agent.ping.post()
        break
    except ResourceException:
        if time.monotonic() > end:
            fail("agent never came up")
        time.sleep(0.2)
ok("agent ping")
pid = node.qemu(9000).agent.exec.post(command=["cat", "/etc/os-release"])["pid"]
while True:
    status = node.qemu(9000).agent("exec-status").get(pid=pid)
    if status["exited"]:
        break
    time.sleep(0.1)
if status["exitcode"] != 0:
    fail("exec: " + str(status))
ok("agent exec exitcode 0")
node.qemu(9000).agent("file-write").post(file="/etc/phoenix/hello.txt", content="hello from proxmoxer")
read = node.qemu(9000).agent("file-read").get(file="/etc/phoenix/hello.txt")
if read["content"] != "hello from proxmoxer":
    fail("file-read: " + str(read))
ok("agent file round trip")

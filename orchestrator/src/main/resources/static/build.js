// One build: summary, failures, the step DAG and a Gantt timeline, kept live by the build's
// server-sent event stream (GET api/builds/{id}/stream). Each event is remembered for the steps'
// log tails and triggers a (debounced) re-read of GET api/builds/{id}, the one source of the view.
"use strict";

const buildId = new URLSearchParams(location.search).get("id");
const STATUSES = ["pending", "dispatched", "running", "retry-wait", "succeeded", "noop", "failed", "cancelled"];
const LOG_TAIL = 15;
const logs = new Map(); // stepId -> [line]
let build = null;
let selected = null;
let refreshTimer = null;

function start() {
  if (!buildId) {
    document.getElementById("load-error").textContent =
      "No build named: open this page as build.html?id=<buildId> (the builds list links here).";
    return;
  }
  document.getElementById("build-id").textContent = buildId;
  document.title = "Phoenix build " + buildId;
  document.getElementById("legend").replaceChildren(
    ...STATUSES.map((s) => el("span", {}, el("i", { class: "badge " + s }), s)));
  document.getElementById("cancel").addEventListener("click", () => act("cancel"));
  document.getElementById("retry").addEventListener("click", () => act("retry"));
  const path = "api/builds/" + encodeURIComponent(buildId);
  const stream = new EventSource(path + "/stream");
  const live = document.getElementById("live");
  stream.onopen = () => { live.className = "live on"; live.textContent = "live"; };
  stream.onerror = () => { live.className = "live"; live.textContent = "reconnecting…"; };
  stream.onmessage = (message) => {
    remember(JSON.parse(message.data));
    scheduleRefresh();
  };
  refresh();
  window.addEventListener("resize", () => { if (build) renderGantt(build); });
  // In-flight bars grow with time even when no event arrives.
  setInterval(() => { if (build && isOpen(build)) renderGantt(build); }, 1000);
}

/** Drops absent parts (replaceChildren would insert null as the text "null"). */
function present(...nodes) {
  return nodes.filter((n) => n !== null && n !== undefined);
}

function isOpen(b) {
  return b.status === "accepted" || b.status === "running";
}

function scheduleRefresh() {
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => { refreshTimer = null; refresh(); }, 150);
}

async function refresh() {
  const error = document.getElementById("load-error");
  try {
    build = await getJson("api/builds/" + encodeURIComponent(buildId));
    error.textContent = "";
    render(build);
  } catch (e) {
    // A build just submitted is not in the read model yet: its first event will refresh the page.
    error.textContent = e.status === 404 ? e.message + " (waiting for it to appear)" : "Cannot read the build: " + e.message;
  }
}

/** Keeps a readable line per step event for the log tail (heartbeats only say "alive"). */
function remember(event) {
  if (!event.stepid || event.type === "phoenix.step.heartbeat") return;
  const data = event.data || {};
  const kind = event.type.replace("phoenix.step.", "");
  let text;
  switch (kind) {
    case "dispatched": text = "dispatched to " + (data.agent || "?"); break;
    case "started": text = "started on " + (data.instance || "?"); break;
    case "progress": text = (data.percent != null ? data.percent + "% " : "") + (data.message || ""); break;
    case "succeeded":
      text = "succeeded: " + (data.outcome || "") + (simulatedReason(data) ? " SIMULATED: " + simulatedReason(data) : "");
      break;
    case "failed": text = "FAILED " + (data.reason || "") + ": " + (data.message || ""); break;
    default: text = kind;
  }
  const time = event.time ? new Date(event.time).toLocaleTimeString() : "";
  const lines = logs.get(event.stepid) || [];
  lines.push(time + " #" + (event.attempt || "?") + " " + text);
  if (lines.length > LOG_TAIL) lines.splice(0, lines.length - LOG_TAIL);
  logs.set(event.stepid, lines);
}

function render(b) {
  renderSummary(b);
  renderFailures(b);
  renderDag(b);
  renderGantt(b);
  renderDetail(b);
}

/** Why a step's success was simulated (its effects faked, nothing ran for real), or null. */
function simulatedReason(s) {
  return (s && s.outputs && s.outputs.simulated) || null;
}

function renderSummary(b) {
  const end = b.endedAt ? new Date(b.endedAt) : new Date();
  const status = badge(b.status);
  status.id = "build-status";
  status.dataset.status = b.status;
  const field = (label, value) => el("div", {}, el("span", { text: label }), value);
  document.getElementById("summary").replaceChildren(...present(
    field("Status", status),
    field("Action", (b.action || "") + (b.dryRun ? " (dry run)" : "")),
    field("Guests", el("span", { class: "mono", text: (b.guests || []).join(" ") })),
    b.pulledIn && b.pulledIn.length ? field("Pulled in", el("span", { class: "mono", text: b.pulledIn.join(" ") })) : null,
    field("Started", formatTime(b.acceptedAt)),
    field("Duration", b.acceptedAt ? formatDuration(end - new Date(b.acceptedAt)) : ""),
    b.retries ? field("Retries", b.retries) : null,
    simulatedCount(b) ? field("Simulated", el("span", { class: "simulated-count", text: simulatedCount(b) + " steps (effects faked)" })) : null,
    b.requestId ? field("Request", el("span", { class: "mono", text: b.requestId })) : null));
}

function simulatedCount(b) {
  return (b.steps || []).filter(simulatedReason).length;
}

function renderFailures(b) {
  const blocks = [];
  if (b.rejectedReason) blocks.push(el("div", { class: "failure" }, el("h3", { text: "Rejected" }), el("div", { text: b.rejectedReason })));
  if (b.cancelReason) blocks.push(el("div", { class: "failure" }, el("h3", { text: "Cancelled" }), el("div", { text: b.cancelReason })));
  if (b.status === "failed" && b.failureReason) {
    blocks.push(el("div", { class: "failure build-failure" },
      el("h3", { text: "Build failed at " + (b.failedStep || "?") }),
      el("div", { class: "reason", text: b.failureReason }),
      b.blocked ? el("div", { class: "muted", text: "Blocked: " + b.blocked.join(", ") }) : null));
  }
  for (const step of b.steps || []) {
    if (step.status !== "failed" || !step.error) continue;
    blocks.push(el("div", { class: "failure step-failure", "data-step": step.id },
      el("h3", {}, el("span", { class: "mono", text: step.id }), " — attempt " + step.attempt + (step.instance ? " on " + step.instance : "")),
      errorView(step.error),
      logView(step.id)));
  }
  document.getElementById("failures").replaceChildren(...blocks);
}

function errorView(error) {
  const details = Object.entries(error.details || {}).map(([k, v]) => k + ": " + v).join("\n");
  return el("div", {},
    el("div", { class: "error-text" }, el("strong", { text: error.reason }), ": ", error.message || ""),
    details ? el("pre", { class: "error-details", text: details }) : null);
}

function logView(stepId) {
  const lines = logs.get(stepId);
  if (!lines || !lines.length) return null;
  return el("div", {}, el("div", { class: "muted", text: "Log tail" }), el("pre", { class: "log-tail", text: lines.join("\n") }));
}

/** Column = longest chain of dependencies within the build; rows in plan order. */
function layers(steps) {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const depth = new Map();
  const visit = (s, seen) => {
    if (depth.has(s.id)) return depth.get(s.id);
    if (seen.has(s.id)) return 0; // a cycle cannot come from the planner; never loop on one
    seen.add(s.id);
    let d = 0;
    for (const dep of s.dependsOn || []) if (byId.has(dep)) d = Math.max(d, visit(byId.get(dep), seen) + 1);
    depth.set(s.id, d);
    return d;
  };
  steps.forEach((s) => visit(s, new Set()));
  return depth;
}

/** Top to bottom: one row per dependency depth, the steps of a row side by side and centred. */
function renderDag(b) {
  const steps = b.steps || [];
  const depth = layers(steps);
  const W = 168, H = 24, GX = 10, GY = 26, PAD = 10;
  const rows = [];
  for (const s of steps) (rows[depth.get(s.id)] ||= []).push(s);
  const widest = Math.max(0, ...rows.map((r) => (r ? r.length : 0)));
  const pos = new Map();
  rows.forEach((row, r) => {
    const offset = ((widest - row.length) * (W + GX)) / 2;
    row.forEach((s, c) => pos.set(s.id, { x: PAD + offset + c * (W + GX), y: PAD + r * (H + GY) }));
  });
  const root = document.getElementById("dag");
  root.setAttribute("width", PAD * 2 + widest * (W + GX) - GX);
  root.setAttribute("height", PAD * 2 + rows.length * (H + GY) - GY);
  const edges = [];
  for (const s of steps) {
    const to = pos.get(s.id);
    for (const dep of s.dependsOn || []) {
      const from = pos.get(dep);
      if (!from) continue;
      const x1 = from.x + W / 2, y1 = from.y + H, x2 = to.x + W / 2, y2 = to.y, my = (y1 + y2) / 2;
      edges.push(svg("path", { class: "edge", d: `M${x1},${y1} C${x1},${my} ${x2},${my} ${x2},${y2}` }));
    }
  }
  const boxes = steps.map((s) => {
    const p = pos.get(s.id);
    const cls = stepClass(s);
    const label = s.id.length > 24 ? s.id.slice(0, 23) + "…" : s.id;
    const simulated = simulatedReason(s);
    return svg("g", { class: "step " + cls + (simulated ? " simulated" : "") + (s.id === selected ? " selected" : ""), "data-step": s.id, "data-status": cls,
                      "data-simulated": simulated ? "true" : "false", transform: `translate(${p.x},${p.y})`, onclick: () => select(s.id) },
      svg("title", { text: s.id + " — " + cls + (simulated ? " (simulated: " + simulated + ")" : "") + (s.attempt > 1 ? " (attempt " + s.attempt + ")" : "") }),
      svg("rect", { class: cls, width: W, height: H }),
      svg("text", { x: 7, y: H / 2 + 4, text: label }));
  });
  root.replaceChildren(...edges, ...boxes);
}

function renderGantt(b) {
  const steps = b.steps || [];
  const root = document.getElementById("gantt");
  if (!b.acceptedAt) { root.replaceChildren(); return; }
  const t0 = new Date(b.acceptedAt).getTime();
  const now = Date.now();
  const end = Math.max(t0 + 1000, b.endedAt ? new Date(b.endedAt).getTime() : now,
    ...steps.filter((s) => s.endedAt).map((s) => new Date(s.endedAt).getTime()));
  const LABEL = 200, ROW = 18, PAD = 8, AXIS = 20;
  // The chart fills its panel (beside the graph on a wide window, below it on a narrow one).
  const WIDTH = Math.max(240, document.getElementById("gantt-panel").clientWidth - LABEL - 50);
  const scale = WIDTH / (end - t0);
  const x = (t) => LABEL + (t - t0) * scale;
  const guests = new Map();
  for (const s of steps) {
    const guest = s.id.split("/")[0];
    (guests.get(guest) || guests.set(guest, []).get(guest)).push(s);
  }
  const items = [];
  let y = AXIS;
  const tick = niceTick((end - t0) / 8);
  for (let t = 0; t <= end - t0; t += tick) {
    items.push(svg("line", { class: "axis", x1: x(t0 + t), x2: x(t0 + t), y1: AXIS - 4, y2: 10000 }));
    items.push(svg("text", { x: x(t0 + t) + 2, y: 12, class: "muted", text: formatDuration(t) }));
  }
  for (const [guest, list] of guests) {
    items.push(svg("text", { class: "guest-label", x: PAD, y: y + 13, text: "guest " + guest }));
    y += ROW;
    for (const s of list) {
      const cls = stepClass(s);
      items.push(svg("text", { x: PAD + 12, y: y + 13, text: s.id.length > 28 ? s.id.slice(0, 27) + "…" : s.id }));
      if (s.dispatchedAt) {
        const from = new Date(s.dispatchedAt).getTime();
        const to = s.endedAt && !["dispatched", "running"].includes(s.status) ? new Date(s.endedAt).getTime() : now;
        const bar = svg("g", { class: "step bar " + cls, "data-step": s.id, "data-status": cls, onclick: () => select(s.id) },
          svg("title", { text: s.id + " — " + cls + (s.durationMs != null ? ", " + formatDuration(s.durationMs) : "") }),
          svg("rect", { class: cls, x: x(from), y: y + 3, width: Math.max(2, (to - from) * scale), height: ROW - 6 }));
        items.push(bar);
      }
      y += ROW;
    }
  }
  root.setAttribute("width", LABEL + WIDTH + 40);
  root.setAttribute("height", y + PAD);
  root.replaceChildren(...items);
}

function niceTick(raw) {
  for (const t of [100, 250, 500, 1000, 2000, 5000, 10000, 15000, 30000, 60000, 120000, 300000, 600000, 1800000, 3600000]) {
    if (t >= raw) return t;
  }
  return 3600000;
}

function select(stepId) {
  selected = stepId;
  if (build) { renderDag(build); renderDetail(build); }
}

function renderDetail(b) {
  const target = document.getElementById("detail");
  const s = (b.steps || []).find((x) => x.id === selected);
  if (!s) return;
  const row = (k, v) => (v === null || v === undefined || v === "" ? [] : [el("dt", { text: k }), el("dd", {}, v)]);
  target.replaceChildren(...present(
    el("h3", { class: "mono", text: s.id }),
    el("dl", {},
      row("Status", badge(stepClass(s))), row("Agent", s.agent), row("Action", s.action),
      row("Attempt", s.attempt), row("Instance", s.instance), row("Depends on", (s.dependsOn || []).join(", ")),
      row("Lock", s.lock), row("Dispatched", formatTime(s.dispatchedAt)), row("Started", formatTime(s.startedAt)),
      row("Ended", formatTime(s.endedAt)), row("Duration", formatDuration(s.durationMs)),
      row("Retry at", formatTime(s.retryAt)), row("Outcome", s.outcome ? s.outcome + (simulatedReason(s) ? " (simulated)" : "") : null),
      row("Simulated", simulatedReason(s)),
      row("Changes", s.changes ? s.changes.join("; ") : null),
      row("Last message", s.lastMessage ? (s.percent != null ? s.percent + "% " : "") + s.lastMessage : null)),
    s.error ? errorView(s.error) : null,
    logView(s.id)));
}

async function act(action) {
  const message = document.getElementById("action-message");
  message.className = "message";
  message.textContent = action + "…";
  try {
    const answer = await postJson("api/builds/" + encodeURIComponent(buildId) + "/" + action, action === "cancel" ? { reason: "cancelled in the web UI" } : {});
    if (answer.ok) {
      message.className = "message sent";
      message.textContent = action + " requested";
    } else {
      message.className = "message refused";
      message.textContent = (answer.body && answer.body.detail) || "refused (HTTP " + answer.status + ")";
    }
  } catch (e) {
    message.className = "message refused";
    message.textContent = action + " failed: " + e.message;
  }
  scheduleRefresh();
}

start();

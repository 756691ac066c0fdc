// Shared helpers of the Phoenix web UI. Every text from the server is inserted with textContent
// (never innerHTML), so an error message that contains markup is shown as text, not run.
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";

/** An HTML element with attributes and children (strings become text nodes). */
function el(tag, attrs, ...children) {
  return assemble(document.createElement(tag), attrs, children);
}

/** An SVG element with attributes and children. */
function svg(tag, attrs, ...children) {
  return assemble(document.createElementNS(SVG_NS, tag), attrs, children);
}

function assemble(node, attrs, children) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") node.textContent = String(v);
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** 1234 -> "1.2 s", 125000 -> "2 min 5 s". */
function formatDuration(ms) {
  if (ms === null || ms === undefined || isNaN(ms)) return "";
  if (ms < 1000) return ms + " ms";
  const s = ms / 1000;
  if (s < 60) return s.toFixed(1) + " s";
  const m = Math.floor(s / 60);
  if (m < 60) return m + " min " + Math.round(s % 60) + " s";
  return Math.floor(m / 60) + " h " + (m % 60) + " min";
}

/** An ISO instant as local date and time, or "". */
function formatTime(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return isNaN(d) ? String(iso) : d.toLocaleString();
}

/** The colour class of a step: a succeeded step that changed nothing is a noop. */
function stepClass(step) {
  if (step.status === "succeeded" && step.outcome === "noop") return "noop";
  return step.status;
}

function badge(status) {
  return el("span", { class: "badge " + status, text: status });
}

/** GET as JSON; a problem detail (RFC 9457) becomes an Error carrying its detail. */
async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error(problemText(response, body));
    error.status = response.status;
    throw error;
  }
  return body;
}

/** POST; resolves to {ok, status, body}. */
async function postJson(url, payload) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(payload || {}),
  });
  const body = await response.json().catch(() => null);
  return { ok: response.ok, status: response.status, body };
}

function problemText(response, body) {
  if (body && typeof body.detail === "string") return body.detail;
  if (body && typeof body.title === "string") return body.title;
  return "HTTP " + response.status + " " + response.statusText;
}

// The builds list: GET /api/builds every two seconds (a list of summaries is cheap to read).
"use strict";

const REFRESH_MS = 2000;

async function refresh() {
  const error = document.getElementById("error");
  try {
    const builds = await getJson("api/builds");
    render(builds);
    error.textContent = "";
    document.getElementById("refresh").className = "live on";
    document.getElementById("refresh").textContent = "refreshed " + new Date().toLocaleTimeString();
  } catch (e) {
    error.textContent = "Cannot read the builds: " + e.message;
    document.getElementById("refresh").className = "live";
  } finally {
    setTimeout(refresh, REFRESH_MS);
  }
}

function render(builds) {
  const rows = builds.map((b) => {
    const end = b.endedAt ? new Date(b.endedAt) : new Date();
    const duration = b.acceptedAt ? end - new Date(b.acceptedAt) : null;
    const steps = Object.entries(b.steps || {}).map(([s, n]) => n + " " + s).join(", ");
    return el("tr", { "data-build": b.buildId },
      el("td", {}, el("a", { class: "mono", href: "build.html?id=" + encodeURIComponent(b.buildId), text: b.buildId })),
      el("td", { text: b.action + (b.dryRun ? " (dry run)" : "") }),
      el("td", { class: "mono", text: (b.guests || []).join(" ") }),
      el("td", {}, badge(b.status)),
      el("td", { class: "muted", text: steps }),
      el("td", { text: formatTime(b.acceptedAt) }),
      el("td", { text: formatDuration(duration) + (b.endedAt ? "" : " …") }));
  });
  document.querySelector("#builds tbody").replaceChildren(...rows);
  document.getElementById("empty").hidden = builds.length > 0;
}

refresh();

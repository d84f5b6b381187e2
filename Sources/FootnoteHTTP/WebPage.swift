/// The single-page UI served at `/`: search, ask, citations in context and drag-and-drop upload.
/// Self-contained (no external assets), keyboard-friendly ("/" focuses search, Escape closes the
/// citation panel) and readable on a phone. `/?q=…`, `/?ask=…` and `/?cite=…` are deep links.
enum WebPage {
    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Footnote</title>
<link rel="icon" href="data:,">
<style>
:root { --fg:#1d1d1f; --muted:#5f6368; --line:#d9dce1; --accent:#0b57d0; --mark:#fff3b0; --bg:#fff; --panel:#f6f8fa; }
@media (prefers-color-scheme: dark) { :root { --fg:#e8eaed; --muted:#a8adb4; --line:#3c4043; --accent:#8ab4f8; --mark:#5c4b00; --bg:#16181b; --panel:#1f2226; } }
* { box-sizing: border-box; }
body { margin:0; font:16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color:var(--fg); background:var(--bg); }
main { max-width: 52rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.4rem; margin: .2rem 0 1rem; } h1 small { color: var(--muted); font-weight: normal; font-size: .9rem; }
form { display:flex; gap:.5rem; flex-wrap:wrap; margin-bottom: .75rem; }
input[type=search], input[type=password], select { flex: 1 1 12rem; padding:.6rem .7rem; font: inherit; color: inherit; background: var(--bg); border:1px solid var(--line); border-radius:.5rem; }
select { flex: 0 0 auto; }
button { padding:.6rem 1rem; font: inherit; border:0; border-radius:.5rem; background:var(--accent); color:#fff; cursor:pointer; }
button.link { background:none; color:var(--accent); padding:0; text-decoration: underline; text-align: left; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
#status, .muted { color: var(--muted); font-size: .9rem; }
ol#results { padding-left: 1.4rem; } ol#results li { margin: 0 0 1rem; }
.where { font-weight: 600; word-break: break-all; } .heading { color: var(--muted); font-size: .9rem; }
mark { background: var(--mark); color: inherit; padding: 0 .1em; }
#answer { background: var(--panel); border-radius: .5rem; padding: .75rem 1rem; margin-bottom: 1rem; }
#answer:empty { display: none; }
#cite { position: fixed; inset: auto 0 0 0; max-height: 60vh; overflow: auto; background: var(--panel); border-top: 1px solid var(--line); padding: 1rem; box-shadow: 0 -4px 16px rgba(0,0,0,.15); }
#cite[hidden] { display: none; } #cite pre { white-space: pre-wrap; font: inherit; margin: .5rem 0; }
#drop { border: 2px dashed var(--line); border-radius: .5rem; padding: 1rem; text-align: center; margin: 1.5rem 0; }
#drop.over { border-color: var(--accent); }
#auth[hidden] { display: none; }
</style>
</head>
<body>
<main>
<h1>Footnote <small>search and ask your documents, with exact citations</small></h1>
<form id="auth" hidden>
  <label for="token" class="muted">This server needs an access token:</label>
  <input id="token" type="password" autocomplete="off" placeholder="token">
  <button type="submit">Use token</button>
</form>
<form id="search-form" role="search">
  <label for="q" hidden>Search</label>
  <input id="q" name="q" type="search" placeholder="Search (press / to focus)" autofocus>
  <select id="mode" aria-label="Ranking"><option value="">auto</option><option>lexical</option><option>semantic</option><option>hybrid</option></select>
  <button type="submit">Search</button>
</form>
<form id="ask-form">
  <label for="question" hidden>Ask</label>
  <input id="question" type="search" placeholder="Ask a question">
  <button type="submit">Ask</button>
</form>
<p id="status" role="status" aria-live="polite"></p>
<div id="answer" aria-live="polite"></div>
<ol id="results"></ol>
<div id="drop" tabindex="0" role="button" aria-label="Upload documents">Drop files here to upload, or press Enter to choose files
  <input id="file" type="file" multiple hidden></div>
</main>
<aside id="cite" hidden aria-label="Cited passage" tabindex="-1">
  <button class="link" id="cite-close" type="button">Close (Esc)</button>
  <div id="cite-body"></div>
</aside>
<script>
"use strict";
const $ = (id) => document.getElementById(id);
const state = { token: sessionStorage.getItem("footnote.token") || "" };
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const marked = (snippet) => esc(snippet).replace(/\[([^\]]*)\]/g, "<mark>$1</mark>");
const status = (text) => { $("status").textContent = text; };

async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  if (state.token) headers["Authorization"] = "Bearer " + state.token;
  const response = await fetch(path, Object.assign({}, options, { headers }));
  const isJSON = (response.headers.get("Content-Type") || "").includes("json");
  const body = isJSON ? await response.json() : await response.text();
  if (response.status === 401) { $("auth").hidden = false; $("token").focus(); }
  if (!response.ok) throw new Error((body && body.error && body.error.message) || response.statusText);
  return body;
}

function where(hit) {
  const parts = [hit.path];
  if (hit.page) parts.push("page " + hit.page);
  if (hit.lineStart) parts.push("lines " + hit.lineStart + "–" + (hit.lineEnd || hit.lineStart));
  return parts.join(" · ");
}

async function search(query) {
  status("Searching…");
  const params = new URLSearchParams({ q: query, limit: "10" });
  if ($("mode").value) params.set("mode", $("mode").value);
  history.replaceState(null, "", "?" + new URLSearchParams(Object.assign(Object.fromEntries(new URLSearchParams(location.search)), { q: query })));
  try {
    const result = await api("/v1/search?" + params.toString());
    $("results").innerHTML = result.hits.map((hit) =>
      `<li class="hit"><div class="where">${esc(where(hit))}</div>` +
      (hit.headingPath.length ? `<div class="heading">${esc(hit.headingPath.join(" › "))}</div>` : "") +
      `<div class="snippet">${marked(hit.snippet)}</div>` +
      `<button class="link cite-link" type="button" data-citation="${esc(hit.citation)}">${esc(hit.citation)}</button></li>`).join("");
    status(result.hits.length ? `${result.hits.length} passages (${result.mode})` : `No passages match “${query}”.`);
  } catch (error) { $("results").innerHTML = ""; status(error.message); }
}

async function openCitation(citation) {
  try {
    const view = await api("/v1/cite/" + encodeURIComponent(citation) + "?context=400");
    $("cite-body").innerHTML = `<p class="where">${esc(view.path)}</p><p class="muted">${esc(citation)} · file ${esc(view.drift)}` +
      `${view.isCurrentVersion ? "" : " · older version"}</p><pre>${esc(view.contextBefore)}<mark id="cited">${esc(view.text)}</mark>${esc(view.contextAfter)}</pre>`;
    $("cite").hidden = false; $("cite").focus();
    $("cited").scrollIntoView({ block: "center" });
  } catch (error) { status(error.message); }
}

async function ask(question) {
  status("Asking…"); $("answer").textContent = "";
  const headers = { "Content-Type": "application/json", "Accept": "text/event-stream" };
  if (state.token) headers["Authorization"] = "Bearer " + state.token;
  try {
    const response = await fetch("/v1/ask", { method: "POST", headers, body: JSON.stringify({ question }) });
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      if (response.status === 401) { $("auth").hidden = false; $("token").focus(); }
      throw new Error((body.error && body.error.message) || response.statusText);
    }
    const reader = response.body.getReader(); const decoder = new TextDecoder(); let buffer = "", draft = "";
    for (;;) {
      const { value, done } = await reader.read(); if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut); buffer = buffer.slice(cut + 2);
        const name = (block.match(/^event: (.*)$/m) || [])[1], data = JSON.parse((block.match(/^data: (.*)$/m) || [, "{}"])[1]);
        if (name === "token") { draft += data.text; $("answer").textContent = draft; }
        if (name === "answer") renderAnswer(data);
        if (name === "error") throw new Error(data.error.message);
      }
    }
  } catch (error) { status(error.message); }
}

function renderAnswer(answer) {
  // Quoted document text is data: shown as a quotation, escaped like everything else.
  const sentences = answer.sentences.map((sentence) => (sentence.sourceText !== undefined
    ? `<q class="source-text">${esc(sentence.sourceText)}</q>` : esc(sentence.text)) + sentence.citations.filter((c) => c.supports).map((c) =>
    ` <button class="link cite-link" type="button" data-citation="${esc(c.citation)}" aria-label="citation ${c.number}">[${c.number}]</button>`).join("")).join(" ");
  // An abstention cites nothing: it lists the nearest passages instead, with the evidence that fell short.
  const abstained = answer.kind === "abstained";
  const listed = abstained ? answer.sources : answer.sources.filter((s) => s.cited);
  const gate = answer.gate ? ` · evidence ${answer.gate.score.toFixed(2)} ${answer.gate.abstain ? "<" : "≥"} threshold ${answer.gate.threshold.toFixed(2)}` : "";
  $("answer").innerHTML = `<p class="answer-text">${sentences}</p>` + (listed.length ? (abstained ? "<p class=\"muted\">Nearest passages</p>" : "") +
    "<ol class=\"sources\">" + listed.map((s) =>
    `<li value="${s.number}"><button class="link cite-link" type="button" data-citation="${esc(s.hit.citation)}">${esc(where(s.hit))}</button></li>`).join("") + "</ol>" : "") +
    `<p class="muted">${esc(answer.kind)}${answer.model ? " · " + esc(answer.model) : ""}${gate}</p>`;
  status("");
}

async function upload(files) {
  if (!files.length) return;
  const form = new FormData();
  for (const file of files) form.append("file", file, file.name);
  status(`Uploading ${files.length} file(s)…`);
  try {
    const result = await api("/v1/documents", { method: "POST", body: form });
    status(`Stored ${result.documents.length} document(s): ${result.added} added, ${result.updated} updated` +
      (result.failed.length ? `, ${result.failed.length} failed` : ""));
  } catch (error) { status(error.message); }
}

$("search-form").addEventListener("submit", (event) => { event.preventDefault(); const q = $("q").value.trim(); if (q) search(q); });
$("ask-form").addEventListener("submit", (event) => { event.preventDefault(); const q = $("question").value.trim(); if (q) ask(q); });
$("auth").addEventListener("submit", (event) => {
  event.preventDefault(); state.token = $("token").value.trim(); sessionStorage.setItem("footnote.token", state.token);
  $("auth").hidden = true; if ($("q").value.trim()) search($("q").value.trim());
});
document.addEventListener("click", (event) => {
  const link = event.target.closest(".cite-link"); if (link) openCitation(link.dataset.citation);
});
$("cite-close").addEventListener("click", () => { $("cite").hidden = true; });
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && !$("cite").hidden) { $("cite").hidden = true; $("q").focus(); }
  if (event.key === "/" && !["INPUT", "SELECT", "TEXTAREA"].includes(document.activeElement.tagName)) { event.preventDefault(); $("q").focus(); }
});
const drop = $("drop");
drop.addEventListener("dragover", (event) => { event.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (event) => { event.preventDefault(); drop.classList.remove("over"); upload([...event.dataTransfer.files]); });
drop.addEventListener("keydown", (event) => { if (event.key === "Enter" || event.key === " ") { event.preventDefault(); $("file").click(); } });
drop.addEventListener("click", () => $("file").click());
$("file").addEventListener("change", () => upload([...$("file").files]));
// Deep links: ?q= runs a search, ?ask= asks, ?cite= opens a citation in context.
const link = new URLSearchParams(location.search);
if (link.get("q")) { $("q").value = link.get("q"); search(link.get("q")); }
if (link.get("ask")) { $("question").value = link.get("ask"); ask(link.get("ask")); }
if (link.get("cite")) openCitation(link.get("cite"));
</script>
</body>
</html>
"""#
}

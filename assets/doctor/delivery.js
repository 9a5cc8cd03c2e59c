// The doctor's side of the data channel's delivery (the station's is station/call/delivery.py):
// every request, note, identity, conclusion and document chunk is kept until the station
// acknowledges it, and sent again on every new channel and after a while without an
// acknowledgement (the station drops an id it has seen). Also where each request stands:
// asked, received by the station, done at the station, arrived here.
// Loaded before doctor.js, whose `channel` it sends on.
"use strict";

const RESEND_AFTER_MS = 3000;
const RESEND_MAX_MS = 30000;
const outbox = new Map();  // id -> {text, tries, lastTry}

function transmit(entry) {
  entry.tries += 1;
  entry.lastTry = performance.now();
  if (typeof channel === "undefined" || !channel || channel.readyState !== "open") return false;
  try { channel.send(entry.text); return true; } catch (e) { return false; }
}
function reliableSend(message) {
  const full = Object.assign({v: 1}, message);
  if (!outbox.has(full.id)) outbox.set(full.id, {text: JSON.stringify(full), tries: 0, lastTry: 0});
  return transmit(outbox.get(full.id));
}
function acknowledged(id) { return outbox.delete(id); }
function resendAll() { for (const entry of outbox.values()) transmit(entry); }
function unacknowledged() { return outbox.size; }
setInterval(() => {
  const now = performance.now();
  for (const entry of outbox.values()) {
    const wait = Math.min(RESEND_AFTER_MS * 2 ** Math.max(0, entry.tries - 1), RESEND_MAX_MS);
    if (now - entry.lastTry >= wait) transmit(entry);
  }
}, 1000);

// ---- where each request stands ------------------------------------------------------------
const STAGE_WORDS = {asked: "demandée", received: "reçue par la station", done: "faite à la station",
  arrived: "arrivée ici", refused: "pas possible"};
const requests = new Map();  // id -> {label, action, kind, stage, text}

function trackRequest(id, label, action, kind) {
  requests.set(id, {label, action, kind: kind || "", stage: "asked", text: ""});
  renderRequests();
}
function requestStage(id, stage, text) {
  const r = requests.get(id);
  if (!r) return;
  const order = ["asked", "received", "done", "arrived"];
  // never backwards: a late acknowledgement after the answer changes nothing
  if (stage !== "refused" && r.stage !== "refused" && order.indexOf(stage) < order.indexOf(r.stage)) return;
  if (r.stage === "arrived" && stage === "refused") return;
  r.stage = stage;
  if (text) r.text = text;
  renderRequests();
}
// A reply from the station about a request: what it says, and how far the request got
// (final false: a word on the way, or one step of it, such as a site to record again).
function requestReplied(id, ok, text, final) {
  const r = requests.get(id);
  if (!r) return;
  let stage;
  if (!ok) stage = final === false ? "done" : "refused";
  else if (final === false) stage = "received";
  else if (r.action === "capture-still") stage = "done";
  else if (r.action === "take-measurement") stage = measurementShown(r.kind) ? "arrived" : "done";
  else stage = "arrived";
  requestStage(id, stage, text);
}
function missingRequests() {
  return Array.from(requests.values()).filter((r) => r.stage !== "arrived" && r.stage !== "refused");
}
function renderRequests() {
  const list = document.getElementById("request-list");
  if (!list) return;
  list.replaceChildren();
  for (const [id, r] of requests) {
    const li = document.createElement("li");
    li.dataset.request = id;
    li.dataset.stage = r.stage;
    li.textContent = r.label + " — " + STAGE_WORDS[r.stage] + (r.text ? " (" + r.text + ")" : "");
    list.append(li);
  }
}

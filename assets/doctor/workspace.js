// The doctor's workspace around the call (doctor.js): who the doctor is (signed in, or
// declared on an invitation), the live waiting room, the structured conclusion (a draft kept
// across a reload, re-read, then signed) and the documents handed to the station.
// Loaded after doctor.js; nothing here parses what the station sends as HTML.
"use strict";

let assertion = room ? sessionStorage.getItem("station-assertion-" + room) : null;
let declared = room ? JSON.parse(sessionStorage.getItem("station-declared-" + room) || "null") : null;

let identitySent = false;
function sendIdentity() {
  // Once per page, kept until acknowledged (sent again on every new channel till then).
  const who = assertion ? {assertion} : declared ? {name: declared.name, rpps: declared.rpps} : null;
  if (!who || identitySent) return;
  identitySent = true;
  reliableSend(Object.assign({type: "doctor", id: newId("who")}, who));
}

// ---- the waiting room -------------------------------------------------------------------
let queueEntries = [];
function minutesSince(iso) { return Math.max(0, Math.floor((Date.now() - new Date(iso).getTime()) / 60000)); }

function renderQueue() {
  const list = $("queue");
  list.replaceChildren();
  $("queue-state").textContent = queueEntries.length
    ? queueEntries.length + " consultation(s) en attente." : "Personne n’attend pour l’instant.";
  for (const entry of queueEntries) {
    const li = document.createElement("li");
    li.dataset.room = String(entry.room);
    const title = document.createElement("strong");
    title.textContent = String(entry.station) + (entry.place ? " — " + String(entry.place) : "");
    const wait = document.createElement("div");
    wait.textContent = "Attend depuis " + minutesSince(entry.since) + " min" + (entry.named ? " (vous est adressé)" : "");
    const reason = document.createElement("div");
    reason.textContent = "Motif : " + (entry.reason ? String(entry.reason) : "—");
    li.append(title, wait, reason);
    if (Array.isArray(entry.measurements) && entry.measurements.length) {
      const taken = document.createElement("div");
      taken.textContent = "Déjà mesuré : " + entry.measurements.map(String).join(" ; ");
      li.append(taken);
    }
    const take = document.createElement("button");
    take.type = "button";
    take.className = "take";
    take.textContent = "Prendre en charge";
    take.addEventListener("click", () => takeConsultation(String(entry.room), take));
    li.append(take);
    list.append(li);
  }
}
setInterval(() => { if (!$("queue-view").hidden) renderQueue(); }, 30000);

function openQueue() {
  $("queue-view").hidden = false;
  const socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/queue");
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "queue" && Array.isArray(message.entries)) { queueEntries = message.entries; renderQueue(); }
  };
  socket.onclose = (event) => {
    if ($("queue-view").hidden) return;  // a consultation taken: the queue waits
    if (event.code === 4001) { location.reload(); return; }  // session expired: sign in again
    $("queue-state").textContent = "Salle d’attente injoignable, nouvelle tentative…";
    setTimeout(openQueue, 2000);
  };
}

async function takeConsultation(taken, button) {
  button.disabled = true;
  const response = await fetch("/api/queue/" + encodeURIComponent(taken) + "/take", {method: "POST"});
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    $("queue-state").textContent = String(body.message || "Consultation indisponible.");
    button.disabled = false;
    return;
  }
  room = String(body.room);
  token = String(body.token);
  assertion = String(body.assertion);
  sessionStorage.setItem("station-room", room);
  sessionStorage.setItem("station-assertion-" + room, assertion);
  startCall();
}

$("sign-out").addEventListener("click", async () => {
  await fetch("/auth/logout", {method: "POST"});
  sessionStorage.clear();
  location.replace("/");
});

// ---- an invited doctor says who they are ---------------------------------------------------
$("declare-go").addEventListener("click", () => {
  const name = $("declared-name").value.trim(), rpps = $("declared-rpps").value.trim();
  if (name.length < 3 || !/^[0-9]{11}$/.test(rpps)) {
    $("declare-state").textContent = "Indiquez votre nom et votre numéro RPPS (11 chiffres).";
    return;
  }
  declared = {name, rpps};
  sessionStorage.setItem("station-declared-" + room, JSON.stringify(declared));
  startCall();
});

// ---- the conclusion: a draft, re-read, then signed ------------------------------------------
const FIELDS = {findings: "c-findings", impression: "c-impression", advice: "c-advice", follow_up: "c-follow-up"};
const ORIENTATION = {home: "Retour à domicile", "regular-doctor": "Revoir son médecin traitant",
  specialist: "Avis d’un spécialiste", emergency: "Urgences : appeler le 15 ou aller aux urgences"};

function conclusionValue() {
  const chosen = document.querySelector("input[name=orientation]:checked");
  const value = {};
  for (const [name, id] of Object.entries(FIELDS)) value[name] = $(id).value.trim();
  value.orientation = chosen ? chosen.value : "";
  value.orientation_days = value.orientation === "regular-doctor" && $("c-days").value !== "" ? Number($("c-days").value) : null;
  value.specialist = value.orientation === "specialist" ? $("c-specialist").value.trim() : "";
  return value;
}
function saveDraft() { if (room) sessionStorage.setItem("station-draft-" + room, JSON.stringify(conclusionValue())); }
function restoreDraft() {
  const draft = room && JSON.parse(sessionStorage.getItem("station-draft-" + room) || "null");
  if (!draft) return;
  for (const [name, id] of Object.entries(FIELDS)) $(id).value = draft[name] || "";
  const radio = document.querySelector(`input[name=orientation][value="${CSS.escape(String(draft.orientation || ""))}"]`);
  if (radio) radio.checked = true;
  if (draft.orientation_days !== null && draft.orientation_days !== undefined) $("c-days").value = String(draft.orientation_days);
  $("c-specialist").value = draft.specialist || "";
}
$("conclusion").addEventListener("input", saveDraft);
$("conclusion").addEventListener("change", saveDraft);

$("review-conclusion").addEventListener("click", () => {
  const value = conclusionValue();
  if (!value.orientation) { $("conclusion-state").textContent = "Choisissez une orientation."; return; }
  if (!value.findings && !value.impression) { $("conclusion-state").textContent = "Indiquez au moins les constatations ou l’impression."; return; }
  const list = $("review-list");
  list.replaceChildren();
  let orientation = ORIENTATION[value.orientation];
  if (value.orientation_days !== null) orientation += " sous " + value.orientation_days + " jour(s)";
  if (value.specialist) orientation += " : " + value.specialist;
  for (const [label, text] of [["Constatations", value.findings], ["Impression diagnostique", value.impression],
    ["Conseils pour le patient", value.advice], ["Orientation", orientation], ["Suivi", value.follow_up]]) {
    const dt = document.createElement("dt"), dd = document.createElement("dd");
    dt.textContent = label;
    dd.textContent = text || "—";
    list.append(dt, dd);
  }
  $("conclusion").hidden = true;
  $("review").hidden = false;
  $("conclusion-state").textContent = "";
  $("sign-conclusion").focus();
});
$("edit-conclusion").addEventListener("click", () => { $("review").hidden = true; $("conclusion").hidden = false; });

$("sign-conclusion").addEventListener("click", async () => {
  const missing = missingRequests();
  if (missing.length && !confirm("Ce que vous avez demandé n’est pas encore arrivé : " +
      missing.map((r) => r.label + " (" + STAGE_WORDS[r.stage] + ")").join(", ") +
      ". Signer quand même ?")) {
    $("conclusion-state").textContent = "Signature suspendue : en attente de " +
      missing.map((r) => r.label).join(", ") + ".";
    return;
  }
  const value = conclusionValue();
  const message = Object.assign({type: "conclusion", id: newId("concl")}, value);
  if (assertion) {  // a signed-in doctor: the service signs it for them, on their session
    const response = await fetch("/api/sign", {method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify({room, conclusion: value})});
    const body = await response.json().catch(() => ({}));
    if (!response.ok) { $("conclusion-state").textContent = "⚠ " + String(body.message || "Signature impossible."); return; }
    message.signature = String(body.signature);
  }
  if (sendOnChannel(message, $("conclusion-state"), "Conclusion signée, envoyée à la station…")) $("sign-conclusion").disabled = true;
});
function conclusionAnswered(ok, text) {
  $("conclusion-state").textContent = text;
  $("sign-conclusion").disabled = false;
  if (ok) { $("review").hidden = true; $("conclusion").hidden = false; }
}

// ---- documents: chunked under the data channel's 64 KiB message cap -------------------------
const CHUNK_BYTES = 36000;  // 48,000 characters of base64, with room for the message around it
const pendingChunks = new Map();
function documentProgress(id) {
  const [doc] = id.split("_");
  const left = pendingChunks.get(doc);
  if (left === undefined) return;
  pendingChunks.set(doc, left - 1);
  if (left - 1 > 0) $("documents-state").textContent = "Envoi… " + (left - 1) + " morceau(x) restant(s).";
}
function toBase64(bytes) {
  let text = "";
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
  return btoa(text);
}
async function sendDocument(kind, title, contentType, bytes) {
  if (bytes.length > 5 * 1024 * 1024) { $("documents-state").textContent = "Document trop lourd (5 Mo au plus)."; return; }
  const digest = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)))
    .map((b) => b.toString(16).padStart(2, "0")).join("");
  const doc = newId("docu");
  const count = Math.max(1, Math.ceil(bytes.length / CHUNK_BYTES));
  pendingChunks.set(doc, count);
  $("documents-state").textContent = "Envoi de " + title + "…";
  for (let index = 0; index < count; index += 1) {
    while (channel && channel.bufferedAmount > 1024 * 1024) await new Promise((resolve) => setTimeout(resolve, 20));
    reliableSend({type: "document", id: doc + "_" + index, document: doc, index, count, kind,
      title, content_type: contentType, sha256: digest,
      data_b64: toBase64(bytes.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES))});
  }
}
$("send-prescription").addEventListener("click", async () => {
  const file = $("prescription-file").files[0];
  if (!file) { $("documents-state").textContent = "Choisissez d’abord le PDF de l’ordonnance."; return; }
  await sendDocument("prescription", file.name.slice(0, 200), "application/pdf", new Uint8Array(await file.arrayBuffer()));
});
$("send-advice-sheet").addEventListener("click", async () => {
  const text = $("advice-sheet").value.trim();
  if (!text) { $("documents-state").textContent = "Écrivez d’abord les conseils."; return; }
  await sendDocument("advice-sheet", "Fiche de conseils", "text/plain", new TextEncoder().encode(text));
});

// ---- which page: a call (an invitation, or a reload), the waiting room, or the sign-in ------
if (room && token) {
  if (assertion || declared) startCall();
  else $("declare").hidden = false;
} else {
  fetch("/api/me").then(async (response) => {
    if (!response.ok) { $("signin").hidden = false; show("non connecté(e)", false); return; }
    const me = await response.json();
    $("doctor-name").textContent = String(me.name) + " — RPPS " + String(me.rpps);
    $("who").hidden = false;
    show("connecté(e)", false);
    openQueue();
  }).catch(() => { $("signin").hidden = false; });
}

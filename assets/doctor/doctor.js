// The doctor's page: joins the room, answers the station's offer, shows the patient's video
// and the measurements sent on the "station" data channel, sends requests and notes.
// The room and the one-time token travel in the URL fragment (never sent to the server);
// the session token given at join lets a reloaded page rejoin.
"use strict";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.hash.slice(1));
const room = params.get("room") || sessionStorage.getItem("station-room");
if (room) sessionStorage.setItem("station-room", room);
const token = params.get("token") || sessionStorage.getItem("station-session-" + room);
history.replaceState(null, "", location.pathname);  // the link is not kept in the address bar

const CLOSE_TEXT = {4001: "lien invalide", 4002: "lien expiré", 4003: "lien d’une autre consultation",
  4004: "lien déjà utilisé : demandez un nouveau lien", 4005: "ouvert dans une autre fenêtre"};
const KINDS = {"blood-pressure": "Tension artérielle", "thermometer": "Température",
  "oximeter": "Oxymétrie", "scale": "Poids"};
const NAMES = {systolic: "systolique", diastolic: "diastolique", mean: "moyenne", pulse: "pouls",
  temperature: "température", spo2: "SpO2", weight: "poids", height: "taille", bmi: "IMC"};
const UNITS = {"mm[Hg]": "mmHg", "Cel": "°C", "kg/m2": "kg/m²"};
// Usual adult ranges: a value outside is highlighted and said in words.
const USUAL = {"8480-6": [90, 139], "8462-4": [60, 89], "8867-4": [50, 100], "8889-8": [50, 100],
  "8310-5": [36.0, 37.9], "59408-5": [95, 100]};
const FLAG_TEXT = {"implausible": "valeur impossible : à refaire", "irregular-heartbeat": "rythme irrégulier",
  "manual-entry": "saisie manuelle", "out-of-range": "hors plage de l’appareil"};

let ws = null, pc = null, channel = null, iceServers = [];
const seen = new Set();
let counter = 0;

function show(text, isError) { $("state").textContent = text; $("state").className = isError ? "error" : ""; }
function send(message) { ws.send(JSON.stringify(Object.assign({v: 1}, message))); }
function newId(prefix) { counter += 1; return prefix + "-" + Date.now().toString(36) + "-" + counter; }

function validMeasurement(m) {
  return m && typeof m.kind === "string" && Array.isArray(m.components) && m.components.length <= 16 &&
    m.components.every((c) => typeof c.loinc === "string" && typeof c.value === "number" && typeof c.unit === "string");
}

function renderMeasurement(m) {
  $("no-vitals").hidden = true;
  const li = document.createElement("li");
  const attention = [];
  const values = m.components.map((c) => {
    const range = USUAL[c.loinc];
    if (range && (c.value < range[0] || c.value > range[1])) {
      attention.push((NAMES[c.name] || c.loinc) + (c.value < range[0] ? " basse" : " élevée"));
    }
    const label = m.components.length > 1 ? (NAMES[c.name] || c.loinc) + " " : "";
    return label + String(c.value).replace(".", ",") + " " + (UNITS[c.unit] || c.unit);
  });
  const flags = (m.flags || []).filter((f) => FLAG_TEXT[f]).map((f) => FLAG_TEXT[f]);
  const time = new Date(m.time).toLocaleTimeString("fr-FR", {hour: "2-digit", minute: "2-digit"});
  const device = m.device ? [m.device.manufacturer, m.device.model].filter(Boolean).join(" ") : "";
  const title = document.createElement("strong");
  title.textContent = (KINDS[m.kind] || m.kind) + " : " + values.join(", ");
  const meta = document.createElement("div");
  meta.textContent = time + (device ? " — " + device : "");
  li.append(title, meta);
  if (attention.length || flags.length) {
    li.className = "attention";
    const warn = document.createElement("div");
    warn.className = "warning";
    warn.textContent = "À noter : " + attention.concat(flags).join(" ; ");
    li.append(warn);
  }
  li.dataset.kind = m.kind;
  $("vitals").prepend(li);
}

function onChannelMessage(event) {
  let message;
  try { message = JSON.parse(event.data); } catch (e) { return; }
  if (!message || message.v !== 1 || typeof message.type !== "string") return;
  if (message.type === "ack") {
    if (message.id && message.id.startsWith("req-")) $("request-state").textContent = "Demande reçue par la station.";
    if (message.id && message.id.startsWith("note-")) $("note-state").textContent = "Note reçue par la station.";
    return;
  }
  if (typeof message.id !== "string") return;
  channel.send(JSON.stringify({v: 1, type: "ack", id: message.id}));
  if (seen.has(message.id)) return;  // delivered again after a reconnection
  seen.add(message.id);
  if (message.type === "measurement" && validMeasurement(message.measurement)) renderMeasurement(message.measurement);
}

async function answer(sdp) {
  if (pc) pc.close();
  pc = new RTCPeerConnection({iceServers});
  pc.ontrack = (event) => { $("remote").srcObject = event.streams[0] || new MediaStream([event.track]); };
  pc.ondatachannel = (event) => { channel = event.channel; channel.onmessage = onChannelMessage; };
  pc.onconnectionstatechange = () => {
    const words = {connected: "en consultation", connecting: "connexion à la station…",
      disconnected: "liaison interrompue, reprise…", failed: "liaison perdue", closed: "terminée"};
    show(words[pc.connectionState] || pc.connectionState, pc.connectionState === "failed");
  };
  await pc.setRemoteDescription({type: "offer", sdp});
  await pc.setLocalDescription(await pc.createAnswer());
  // The station takes all candidates in the answer (no trickle): wait for gathering to end.
  if (pc.iceGatheringState !== "complete") {
    await new Promise((resolve) => {
      pc.addEventListener("icegatheringstatechange", () => { if (pc.iceGatheringState === "complete") resolve(); });
      setTimeout(resolve, 3000);
    });
  }
  send({type: "answer", sdp: pc.localDescription.sdp});
}

function sendOnChannel(message, stateEl, waitingText) {
  if (!channel || channel.readyState !== "open") { stateEl.textContent = "La station n’est pas connectée."; return false; }
  channel.send(JSON.stringify(Object.assign({v: 1}, message)));
  stateEl.textContent = waitingText;
  return true;
}

for (const button of document.querySelectorAll(".requests button")) {
  button.addEventListener("click", () => sendOnChannel(
    {type: "request", id: newId("req"), action: "take-measurement", kind: button.dataset.kind},
    $("request-state"), "Demande envoyée : " + button.textContent + "…"));
}
$("send-note").addEventListener("click", () => {
  const text = $("note").value.trim();
  if (!text) return;
  if (sendOnChannel({type: "note", id: newId("note"), kind: "observation", text}, $("note-state"), "Note envoyée…")) {
    $("note").value = "";
  }
});

if (!room || !token) {
  show("lien incomplet : ouvrez le lien reçu de la station", true);
} else {
  ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws");
  ws.onopen = () => send({type: "join", room, token});
  ws.onmessage = (event) => {
    const msg = JSON.parse(event.data);
    if (msg.type === "joined") {
      sessionStorage.setItem("station-session-" + room, msg.sessionToken);
      iceServers = msg.iceServers || [];
      show("connecté, en attente de la station");
      $("peers").textContent = msg.peers.includes("station") ? "station en ligne" : "station absente";
    } else if (msg.type === "peer-joined" && msg.role === "station") {
      $("peers").textContent = "station en ligne";
    } else if (msg.type === "peer-left" && msg.role === "station") {
      $("peers").textContent = "station déconnectée";
    } else if (msg.type === "offer") {
      answer(msg.sdp).catch((err) => show("appel impossible : " + err.name, true));
    }
  };
  ws.onclose = (event) => show(CLOSE_TEXT[event.code] || "déconnecté", event.code >= 4000);
}

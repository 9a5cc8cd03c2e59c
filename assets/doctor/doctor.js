// The doctor's page: a signed-in doctor's waiting room (workspace.js), then the call: joins
// the room, answers the station's offer, shows the patient's video, identity, context and the
// measurements sent on the "station" data channel, sends requests, notes, the signed conclusion
// and documents. An invitation link carries room and one-time token in the URL fragment (never
// sent to the server); the session token given at join lets a reloaded page rejoin.
"use strict";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.hash.slice(1));
let room = params.get("room") || sessionStorage.getItem("station-room");
if (room) sessionStorage.setItem("station-room", room);
let token = params.get("token") || sessionStorage.getItem("station-session-" + room);
let retryDelay = 500;
history.replaceState(null, "", location.pathname);  // the link is not kept in the address bar

const CLOSE_TEXT = {4001: "lien invalide", 4002: "lien expiré", 4003: "lien d’une autre consultation",
  4004: "lien déjà utilisé : demandez un nouveau lien", 4005: "ouvert dans une autre fenêtre",
  4006: "poste désactivé par l’exploitant : l’appel est terminé"};
const KINDS = {"blood-pressure": "Tension artérielle", "thermometer": "Température",
  "oximeter": "Oxymétrie", "scale": "Poids"};
const NAMES = {systolic: "systolique", diastolic: "diastolique", mean: "moyenne", pulse: "pouls",
  temperature: "température", spo2: "SpO2", weight: "poids", height: "taille", bmi: "IMC"};
const UNITS = {"mm[Hg]": "mmHg", "Cel": "°C", "kg/m2": "kg/m²"};
// Usual adult ranges, the station's own table (the report says the same): a value outside is
// highlighted and said in words. Loaded before the call starts; none means none is said.
let USUAL = {};
const usualLoaded = fetch("/doctor/usual_ranges.json").then((r) => r.json())
  .then((table) => { USUAL = table; }).catch(() => {});
const WORDS = {L: "basse", H: "élevée", LL: "très basse", HH: "très élevée"};
function interpret(loinc, value) {
  const r = USUAL[loinc];
  if (!r) return null;
  if (value < r.critical_low) return "LL";
  if (value > r.critical_high) return "HH";
  if (value < r.low) return "L";
  if (value > r.high) return "H";
  return null;
}
const FLAG_TEXT = {"implausible": "valeur impossible : à refaire", "irregular-heartbeat": "rythme irrégulier",
  "manual-entry": "saisie manuelle", "out-of-range": "hors plage de l’appareil"};

let ws = null, pc = null, channel = null, iceServers = [], ended = false;
let iceTransportPolicy = "all";
let roomStream = null, otoscopeStream = null, otoscopeLarge = false;

function showViews() {
  $("remote").srcObject = otoscopeLarge && otoscopeStream ? otoscopeStream : roomStream;
  $("otoscope").srcObject = otoscopeLarge ? roomStream : otoscopeStream;
  $("remote").setAttribute("aria-label", otoscopeLarge ? "Vidéo de l’otoscope" : "Vidéo du patient");
  $("otoscope").setAttribute("aria-label", otoscopeLarge ? "Vidéo du patient" : "Vidéo de l’otoscope");
  $("swap-views").textContent = otoscopeLarge ? "Agrandir la caméra du patient" : "Agrandir l’otoscope";
  $("swap-views").setAttribute("aria-pressed", String(otoscopeLarge));
}
const seen = new Set();
let counter = 0;

function show(text, isError) { $("state").textContent = text; $("state").className = isError ? "error" : ""; }
function send(message) { ws.send(JSON.stringify(Object.assign({v: 1}, message))); }
function newId(prefix) { counter += 1; return prefix + "-" + Date.now().toString(36) + "-" + counter; }

function validMeasurement(m) {
  return m && typeof m.kind === "string" && Array.isArray(m.components) && m.components.length <= 16 &&
    m.components.every((c) => typeof c.loinc === "string" && typeof c.value === "number" && typeof c.unit === "string");
}

const shownMeasurements = new Set();  // kind and time: one reading is listed once
function measurementShown(kind) { return Array.from(shownMeasurements).some((key) => key.startsWith(kind + "|")); }
function renderMeasurement(m) {
  const key = m.kind + "|" + m.time;
  if (shownMeasurements.has(key)) return;
  shownMeasurements.add(key);
  $("no-vitals").hidden = true;
  const li = document.createElement("li");
  const attention = [];
  const values = m.components.map((c) => {
    const code = interpret(c.loinc, c.value);
    if (code) attention.push((NAMES[c.name] || c.loinc) + " " + WORDS[code]);
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
    acknowledged(message.id);
    if (message.id && message.id.startsWith("req-")) {
      $("request-state").textContent = "Demande reçue par la station.";
      requestStage(message.id, "received");
    }
    if (message.id && message.id.startsWith("note-")) $("note-state").textContent = "Note reçue par la station.";
    if (message.id && message.id.startsWith("docu-")) documentProgress(message.id);
    return;
  }
  if (typeof message.id !== "string") return;
  channel.send(JSON.stringify({v: 1, type: "ack", id: message.id}));
  if (message.type === "ping") return;  // the station checks the media path is alive
  if (seen.has(message.id)) return;  // delivered again after a reconnection
  seen.add(message.id);
  if (typeof message.request === "string" && (message.type === "measurement" || message.type === "still")) {
    requestStage(message.request, "arrived");  // what the doctor asked for is here
  }
  if (message.type === "measurement" && validMeasurement(message.measurement)) renderMeasurement(message.measurement);
  else if (message.type === "checklist") renderChecklist(message);
  else if (message.type === "still") renderStill(message);
  else if (message.type === "clip") stethoscope.clipPart(message);
  else if (message.type === "video") { videoPaused = message.paused === true; $("video-paused").hidden = !videoPaused; }
  else if (message.type === "quality") stationQuality = message;
  else if (message.type === "reply" && typeof message.text === "string") {
    const text = (message.ok ? "" : "⚠ ") + message.text;
    const target = String(message.request || "");
    if (target.startsWith("concl-")) conclusionAnswered(message.ok, text);
    else if (target.startsWith("docu-")) $("documents-state").textContent = text;
    else if (target.startsWith("who-")) $("conclusion-state").textContent = text;
    else if (target.startsWith("clip-")) stethoscope.refused(target, text);
    else {
      $("request-state").textContent = text;
      requestReplied(target, message.ok === true, message.text, message.final);
    }
  }
}

// Call quality, from the browser's own statistics every 2 s, judged with the station's own
// lines (call_quality.json): the network, and the room camera's frame rate while video comes.
// Each side tells the other its level; both show the worse of the two.
let QUALITY = {poor: {rtt_ms: 400, loss_percent: 8, fps_below: 10}, fair: {rtt_ms: 150, loss_percent: 2, fps_below: 20}};
fetch("/doctor/call_quality.json").then((r) => r.json())
  .then((table) => { QUALITY = {poor: table.poor, fair: table.fair}; }).catch(() => {});
const LEVEL_WORDS = {good: "bonne", fair: "moyenne", poor: "faible"};
const LEVEL_RANK = {good: 0, fair: 1, poor: 2};
let stationQuality = null;  // the station's last word on its side: {level, rtt_ms, loss_percent, fps}
let videoPaused = false;
function judgeQuality(rtt, loss, fps) {
  for (const level of ["poor", "fair"]) {
    const line = QUALITY[level];
    if ((rtt || 0) > line.rtt_ms || (loss || 0) > line.loss_percent) return level;
    if (fps !== null && !videoPaused && fps < line.fps_below) return level;
  }
  return "good";
}
let lastStats = null;
async function showQuality() {
  if (!pc || pc.connectionState !== "connected") { $("quality").textContent = ""; lastStats = null; return; }
  const report = await pc.getStats();
  const roomTrack = roomStream ? roomStream.getVideoTracks()[0] : null;
  let bytes = 0, lost = 0, received = 0, fps = null, rtt = null;
  report.forEach((s) => {
    if (s.type === "inbound-rtp") {
      // sound counts too: when the station pauses its video, loss is measured on the voice
      bytes += s.bytesReceived || 0;
      lost += s.packetsLost || 0;
      received += s.packetsReceived || 0;
      if (s.kind === "video" && roomTrack && s.trackIdentifier === roomTrack.id) fps = s.framesPerSecond || 0;
    } else if (s.type === "candidate-pair" && s.nominated && s.currentRoundTripTime !== undefined) {
      rtt = s.currentRoundTripTime * 1000;
    }
  });
  const now = performance.now(), parts = [];
  let loss = null;
  if (rtt !== null) parts.push("aller-retour " + Math.round(rtt) + " ms");
  if (lastStats) {
    const packets = (received - lastStats.received) + (lost - lastStats.lost);
    loss = packets > 0 ? Math.max(0, (lost - lastStats.lost) / packets * 100) : 0;
    parts.push("pertes " + loss.toFixed(1).replace(".", ",") + " %");
    parts.push(Math.round((bytes - lastStats.bytes) * 8 / (now - lastStats.time)) + " kbit/s");
  }
  if (fps !== null) parts.push(Math.round(fps) + " image" + (Math.round(fps) > 1 ? "s" : "") + "/s");
  lastStats = {time: now, bytes, lost, received};
  const own = judgeQuality(rtt, loss, fps);
  if (channel && channel.readyState === "open") {
    const figures = {level: own};
    if (rtt !== null) figures.rtt_ms = Math.round(rtt);
    if (loss !== null) figures.loss_percent = Math.round(loss * 10) / 10;
    if (fps !== null) figures.fps = Math.round(fps);
    try { channel.send(JSON.stringify(Object.assign({v: 1, type: "quality", id: newId("qual")}, figures))); } catch (e) { /* the next sample */ }
  }
  const theirs = stationQuality && LEVEL_WORDS[stationQuality.level] ? stationQuality.level : null;
  const level = theirs && LEVEL_RANK[theirs] > LEVEL_RANK[own] ? theirs : own;
  if (theirs) parts.push("station : " + LEVEL_WORDS[theirs]);
  $("quality").textContent = "Qualité de l’appel : " + LEVEL_WORDS[level] + (parts.length ? " (" + parts.join(", ") + ")" : "");
  $("quality").dataset.level = level;
}
setInterval(() => { showQuality().catch(() => {}); }, 2000);

function renderStill(message) {
  if (typeof message.jpeg_b64 !== "string" || !/^[A-Za-z0-9+/=]+$/.test(message.jpeg_b64)) return;
  $("no-stills").hidden = true;
  const figure = document.createElement("figure");
  const img = document.createElement("img");
  const time = new Date(message.time).toLocaleTimeString("fr-FR", {hour: "2-digit", minute: "2-digit"});
  img.src = "data:image/jpeg;base64," + message.jpeg_b64;
  img.alt = "Photo " + String(message.caption || "") + ", " + time;
  const caption = document.createElement("figcaption");
  caption.textContent = String(message.caption || "Photo") + " — " + time;
  figure.append(img, caption);
  $("stills").prepend(figure);
}

const STATES = {identification: "identification du patient", consent: "information et consentement",
  checks: "vérifications avant l’appel", call: "en attente du médecin", examination: "examen en cours",
  closure: "clôture", report: "compte rendu", stopped: "téléconsultation arrêtée"};

const SEX = {female: "femme", male: "homme", F: "femme", M: "homme"};
const INS = {qualified: "INS qualifiée", provisional: "INS provisoire", none: "sans INS"};
const PROFESSION = {nurse: "infirmier(ère)", pharmacist: "pharmacien(ne)", assistant: "assistant(e) médical(e)"};
function renderIdentity(message) {
  const p = message.patient || {};
  if (p.name) {
    const parts = [String(p.name)];
    if (typeof p.age === "number") parts.push(p.age + " ans");
    if (SEX[p.sex]) parts.push(SEX[p.sex]);
    parts.push(INS[p.ins_status] || "INS non qualifiée");
    $("patient-identity").textContent = parts.join(", ");
  }
  const a = message.assistant || {};
  const profession = PROFESSION[a.profession] || (a.profession ? String(a.profession) : "");
  if (a.name) $("patient-assistant").textContent = String(a.name) + (profession ? ", " + profession : "");
  const st = message.station || {};
  if (st.name) $("patient-place").textContent = [st.name, st.address].filter(Boolean).map(String).join(", ");
  const byRole = (role) => (Array.isArray(message.answers) ? message.answers : [])
    .filter((x) => x.role === role).map((x) => {
      const v = x.value;
      return (role === "screening" ? String(x.label || "") + " — " : "") +
        (Array.isArray(v) ? v.join(", ") : v === true ? "oui" : v === false ? "non" : String(v ?? ""));
    });
  const fill = (id, lines) => { if (lines.length) $(id).textContent = lines.join(" ; "); };
  fill("patient-reason", byRole("reason"));
  fill("patient-context", byRole("context"));
  fill("patient-screening", byRole("screening"));
  if (message.consent) $("patient-consent").textContent = message.consent.given ? "donné" : "refusé";
}

function renderChecklist(message) {
  // Text only (textContent): nothing the station sends is ever parsed as HTML.
  renderIdentity(message);
  $("checklist-state").textContent = "Étape : " + (STATES[message.state] || String(message.state || ""));
  $("checklist-stop").hidden = !message.stop;
  $("checklist-stop").textContent = message.stop ? "Arrêt : " + String(message.stop) : "";
  stethoscope.showClips(Array.isArray(message.clips) ? message.clips : []);
  const list = $("checklist");
  list.replaceChildren();
  for (const answer of Array.isArray(message.answers) ? message.answers.slice(0, 100) : []) {
    const dt = document.createElement("dt");
    dt.textContent = String(answer.label || answer.step || "");
    const dd = document.createElement("dd");
    const value = answer.value;
    dd.textContent = Array.isArray(value) ? value.join(", ")
      : value === true ? "oui" : value === false ? "non" : String(value ?? "");
    list.append(dt, dd);
  }
}

// The doctor's own camera and microphone: optional (the call goes on without them).
let localStream = null;
const mediaReady = (navigator.mediaDevices && navigator.mediaDevices.getUserMedia
  ? navigator.mediaDevices.getUserMedia({video: true, audio: true})
  : Promise.reject(new Error("no media devices")))
  .then((stream) => { localStream = stream; $("self").srcObject = stream; })
  .catch(() => { $("media-state").textContent = "Caméra ou micro indisponible : la station ne vous verra pas."; });

function toggleTracks(kind, button, offText, onText) {
  if (!localStream) return;
  const tracks = kind === "audio" ? localStream.getAudioTracks() : localStream.getVideoTracks();
  const muted = button.getAttribute("aria-pressed") !== "true";
  for (const track of tracks) track.enabled = !muted;
  button.setAttribute("aria-pressed", String(muted));
  button.textContent = muted ? onText : offText;
}
$("mute-mic").addEventListener("click", () =>
  toggleTracks("audio", $("mute-mic"), "Couper le micro", "Rétablir le micro"));
$("mute-camera").addEventListener("click", () =>
  toggleTracks("video", $("mute-camera"), "Couper la caméra", "Rétablir la caméra"));
function finished() {
  // A normal end, by either side: said as such, never as a lost link.
  ended = true;
  if (pc) pc.close();
  if (ws) ws.close(1000);
  if (localStream) for (const track of localStream.getTracks()) track.stop();
  show("consultation terminée", false);
  $("peers").textContent = "";
  sessionStorage.removeItem("station-room");  // the next visit opens the waiting room
}
$("end-call").addEventListener("click", () => {
  if (ws && ws.readyState === WebSocket.OPEN) send({type: "bye"});
  finished();
});

// The SDP media section of a line (by its mid), to read its direction.
function sdpSection(sdp, mid) {
  return sdp.split(/\r?\nm=/).find((section) => new RegExp("\\r?\\na=mid:" + mid + "\\r?\\n").test("\n" + section + "\n")) || "";
}

async function answer(sdp) {
  if (pc) pc.close();
  pc = new RTCPeerConnection({iceServers, iceTransportPolicy});
  await mediaReady;
  // The station's offer has video and sound both ways: our camera and microphone ride on them.
  if (localStream) for (const track of localStream.getTracks()) pc.addTrack(track, localStream);
  pc.ontrack = (event) => {
    if (event.track.kind === "audio") {
      // The stethoscope's line has its own player (stethoscope.js); the other is the voice.
      if (stethoscope.isStethoscope(event.transceiver, pc.remoteDescription && pc.remoteDescription.sdp)) {
        stethoscope.receive(event.track);
        event.track.addEventListener("ended", stethoscope.ended);
      } else {
        $("remote-audio").srcObject = new MediaStream([event.track]);
      }
      return;
    }
    if (event.track.kind !== "video") return;
    // The offer's first video line is the room camera (receive-only when the station has
    // none), the second (if any) the otoscope.
    const stream = new MediaStream([event.track]);
    const line = pc.getTransceivers().filter((t) => t.receiver.track.kind === "video").indexOf(event.transceiver);
    if (line === 0) roomStream = stream; else { otoscopeStream = stream; $("otoscope-box").hidden = false; }
    showViews();
  };
  pc.ondatachannel = (event) => {
    channel = event.channel;
    channel.onmessage = onChannelMessage;
    const opened = () => { sendIdentity(); resendAll(); };  // what waits goes on the new channel
    channel.onopen = opened;
    if (channel.readyState === "open") opened();
  };
  pc.onconnectionstatechange = () => {
    if (ended) return;
    const words = {connected: "en consultation", connecting: "connexion à la station…",
      disconnected: "liaison interrompue, reprise…", failed: "liaison perdue", closed: "terminée"};
    show(words[pc.connectionState] || pc.connectionState, pc.connectionState === "failed");
  };
  await pc.setRemoteDescription({type: "offer", sdp});
  // A first video line the station only receives on: it has no room camera.
  const roomLine = pc.getTransceivers().find((t) => t.receiver.track.kind === "video");
  $("no-room-camera").hidden = !roomLine || /a=sendrecv|a=sendonly/.test(sdpSection(sdp, roomLine.mid));
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

// Kept until the station acknowledges it: sent now, or as soon as the station is back.
function sendOnChannel(message, stateEl, waitingText) {
  const sent = reliableSend(message);
  stateEl.textContent = sent ? waitingText
    : waitingText + " La station n’est pas connectée : l’envoi partira dès son retour.";
  return true;
}

// A request, followed from the click to its answer (delivery.js: where it stands).
function sendRequest(action, kind, label, waitingText) {
  const id = newId("req");
  trackRequest(id, label, action, kind);
  const message = {type: "request", id, action};
  if (kind) message.kind = kind;
  sendOnChannel(message, $("request-state"), waitingText);
}
// Only the measurement buttons: the photo button has its own request (capture-still).
for (const button of document.querySelectorAll(".requests button[data-kind]")) {
  button.addEventListener("click", () => sendRequest("take-measurement", button.dataset.kind,
    button.textContent, "Demande envoyée : " + button.textContent + "…"));
}
// Auscultation: the assistant is guided site by site; each clip's outcome comes back as a reply.
for (const button of document.querySelectorAll(".requests button[data-region]")) {
  button.addEventListener("click", () => sendRequest("auscultate", button.dataset.region,
    button.textContent, "Demande envoyée : " + button.textContent.toLowerCase() + "…"));
}
$("swap-views").addEventListener("click", () => { otoscopeLarge = !otoscopeLarge; showViews(); });
$("capture-still").addEventListener("click", () => sendRequest("capture-still", "",
  "Photo à l’otoscope", "Demande envoyée : photo à l’otoscope…"));
$("send-note").addEventListener("click", () => {
  const text = $("note").value.trim();
  if (!text) return;
  if (sendOnChannel({type: "note", id: newId("note"), kind: "observation", text}, $("note-state"), "Note envoyée…")) {
    $("note").value = "";
    const li = document.createElement("li");
    li.textContent = text;
    $("sent-notes").append(li);  // what was sent stays in view
  }
});

function startCall() {
  $("signin").hidden = true;
  $("queue-view").hidden = true;
  $("declare").hidden = true;
  $("call-view").hidden = false;
  restoreDraft();
  usualLoaded.then(connect);  // the ranges first: the first measurement is said as the next
}

// Signaling reconnects by itself (backoff up to 10 s) with the session token; a refused join
// (close codes 4000+: bad, expired, replayed link, or opened elsewhere) needs a new link.
function connect() {
  ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws");
  ws.onopen = () => send({type: "join", room, token});
  ws.onmessage = (event) => {
    const msg = JSON.parse(event.data);
    if (msg.type === "joined") {
      retryDelay = 500;
      token = msg.sessionToken;
      sessionStorage.setItem("station-session-" + room, msg.sessionToken);
      iceServers = msg.iceServers || [];
      iceTransportPolicy = msg.iceTransportPolicy === "relay" ? "relay" : "all";
      if (!pc || pc.connectionState !== "connected") show("connecté, en attente de la station");
      $("peers").textContent = msg.peers.includes("station") ? "station en ligne" : "station absente";
    } else if (msg.type === "peer-joined" && msg.role === "station") {
      $("peers").textContent = "station en ligne";
    } else if (msg.type === "peer-left" && msg.role === "station") {
      $("peers").textContent = "station déconnectée";
    } else if (msg.type === "offer") {
      answer(msg.sdp).catch((err) => show("appel impossible : " + err.name, true));
    } else if (msg.type === "bye" && msg.from === "station") {
      finished();  // the station closed the consultation
    }
  };
  ws.onclose = (event) => {
    if (ended) return;
    if (event.code === 4006 && pc) pc.close();  // the station was revoked: the media go too
    if (event.code >= 4000) { show(CLOSE_TEXT[event.code] || "connexion refusée", true); return; }
    show("serveur injoignable, nouvelle tentative…", true);
    setTimeout(connect, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 10000);
  };
}

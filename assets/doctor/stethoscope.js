"use strict";
// The stethoscope's line on the doctor's page: heard as it came (no voice processing: a
// received track has none), with the doctor's own filter and volume, drawn live as a waveform
// and a spectrogram (phonocardiogram), and a check that the doctor's headphones play 40 Hz.
// The clips recorded site by site are listed and heard again the same way, when asked for.
//
// Which audio line is the stethoscope: the only one the station sends one way (its offer says
// "sendonly"); the voice goes both ways. doctor.js hands every received audio track here.

const stethoscope = (() => {
  const box = document.getElementById("stethoscope-box");
  const state = document.getElementById("stethoscope-state");
  const wave = document.getElementById("stethoscope-wave");
  const spectrogram = document.getElementById("stethoscope-spectrogram");
  const gainInput = document.getElementById("steth-gain");
  const gainValue = document.getElementById("steth-gain-value");
  const listen = document.getElementById("steth-listen");
  const level = document.getElementById("steth-level");
  const clipsBox = document.getElementById("steth-clips-box");
  const clipList = document.getElementById("steth-clips");
  const SHOWN_HZ = 1000;  // heart 20–150 Hz, lungs up to about 1 kHz
  // What is heard goes into `head`, then the filter, then the analyser and the volume: the live
  // line and a recorded clip are heard and drawn the same way, one at a time.
  let context = null, head = null, filters = [], gain = null, analyser = null, holder = null;
  let live = null, replay = null, drawing = false;
  const clips = new Map();  // clip id → {info, row, button, status, parts, buffer, request}

  function isStethoscope(transceiver, remoteSdp) {
    // The m-section of this transceiver's mid, in the station's offer: "a=sendonly" there.
    if (!transceiver || transceiver.mid === null || !remoteSdp) return false;
    for (const section of remoteSdp.split(/\r?\nm=/).slice(1)) {
      const mid = /\r?\na=mid:(\S+)/.exec(section);
      if (mid && mid[1] === transceiver.mid) return /\r?\na=sendonly\b/.test(section);
    }
    return false;
  }

  function filterChain(kind) {
    // Bell: low-pass about 200 Hz (heart sounds). Diaphragm: band-pass about 100–1,000 Hz
    // (lungs, high murmurs). Flat: nothing between the line and the ears.
    const make = (type, hz) => {
      const f = context.createBiquadFilter();
      f.type = type; f.frequency.value = hz; f.Q.value = Math.SQRT1_2;
      return f;
    };
    if (kind === "bell") return [make("lowpass", 200)];
    if (kind === "diaphragm") return [make("highpass", 100), make("lowpass", 1000)];
    return [];
  }

  function wire(kind) {
    head.disconnect();
    for (const f of filters) f.disconnect();
    filters = filterChain(kind);
    let last = head;
    for (const f of filters) { last.connect(f); last = f; }
    last.connect(analyser);  // drawn as filtered, before the volume: the scale stays put
    last.connect(gain);
  }

  function chain() {
    if (context) return;
    context = new AudioContext({latencyHint: "interactive"});
    head = context.createGain();
    gain = context.createGain();
    gain.connect(context.destination);
    analyser = context.createAnalyser();
    analyser.fftSize = 8192;  // 5.9 Hz per bin at 48 kHz: S3 and S4 stand apart from S1
    analyser.smoothingTimeConstant = 0;
    setGain();
    wire(chosenFilter());
    context.onstatechange = sayPlaying;
  }

  function setGain() {
    const db = Number(gainInput.value);
    gainValue.textContent = (db > 0 ? "+" : "") + db + " dB";
    if (gain) gain.gain.value = Math.pow(10, db / 20);
  }

  function chosenFilter() {
    const checked = document.querySelector('input[name="steth-filter"]:checked');
    return checked ? checked.value : "bell";
  }

  function sayPlaying() {
    const playing = context && context.state === "running";
    listen.hidden = playing;
    if (replay) state.textContent = "Réécoute : " + replay.entry.info.label + " (enregistrement du dossier).";
    else if (!playing) state.textContent = "Cliquez sur « Écouter » pour entendre le stéthoscope.";
    else if (live) state.textContent = "Son du stéthoscope en direct, sans traitement de la voix.";
    else state.textContent = "Le stéthoscope n’envoie plus de son.";
  }

  function draw() {
    if (!context) { drawing = false; return; }
    const samples = new Float32Array(analyser.fftSize);
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const x of samples) sum += x * x;
    const rms = Math.sqrt(sum / samples.length);
    const dbfs = rms > 0 ? 20 * Math.log10(rms) : -120;
    const w = wave.getContext("2d");
    w.fillStyle = "#fff"; w.fillRect(0, 0, wave.width, wave.height);
    w.strokeStyle = "#124"; w.beginPath();
    const step = samples.length / wave.width;
    for (let x = 0; x < wave.width; x++) {
      const y = (1 - samples[Math.floor(x * step)]) * wave.height / 2;
      if (x === 0) w.moveTo(x, y); else w.lineTo(x, y);
    }
    w.stroke();

    const bins = new Float32Array(analyser.frequencyBinCount);
    analyser.getFloatFrequencyData(bins);
    const hzPerBin = context.sampleRate / analyser.fftSize;
    const shown = Math.min(bins.length, Math.ceil(SHOWN_HZ / hzPerBin));
    let peak = 1;
    for (let i = 2; i < shown; i++) if (bins[i] > bins[peak]) peak = i;
    const s = spectrogram.getContext("2d");
    s.drawImage(spectrogram, -2, 0);  // scrolls left; the newest column on the right
    for (let y = 0; y < spectrogram.height; y++) {
      const bin = Math.floor((1 - y / spectrogram.height) * shown);
      const strength = Math.max(0, Math.min(1, (bins[bin] + 100) / 70));
      s.fillStyle = `hsl(${240 - 240 * strength}, 90%, ${10 + 50 * strength}%)`;
      s.fillRect(spectrogram.width - 2, y, 2, 1);
    }
    level.textContent = `Niveau ${Math.round(dbfs)} dBFS, fréquence dominante ${Math.round(peak * hzPerBin)} Hz`;
    box.dataset.levelDbfs = dbfs.toFixed(1);
    box.dataset.peakHz = (peak * hzPerBin).toFixed(0);
    requestAnimationFrame(draw);
  }

  function show() {
    box.hidden = false;
    context.resume().catch(() => {}).finally(sayPlaying);
    if (!drawing) { drawing = true; requestAnimationFrame(draw); }
  }

  function receive(track) {
    chain();
    const stream = new MediaStream([track]);
    // Chromium feeds a received track to Web Audio only while a media element plays it too.
    holder = holder || new Audio();
    holder.muted = true; holder.srcObject = stream; holder.play().catch(() => {});
    if (live) live.disconnect();
    live = context.createMediaStreamSource(stream);
    box.dataset.trackId = track.id;  // its statistics (inbound-rtp) are known by it
    if (!replay) live.connect(head);
    show();
  }

  function ended() {
    if (live) live.disconnect();
    live = null;
    sayPlaying();
  }

  // ---- recorded clips, heard again site by site -------------------------------------------
  const FAULTS = {silent: "sans son", clipping: "son saturé"};

  function clipText(info) {
    const at = new Date(info.time);
    const time = isNaN(at) ? "" : " — " + at.toLocaleTimeString("fr-FR", {hour: "2-digit", minute: "2-digit"});
    const seconds = Number(info.seconds) || 0;
    let remark = info.complete ? (FAULTS[info.fault] || "") : "interrompu";
    if (remark) remark = " (" + remark + ")";
    return String(info.label || info.site || "") + " — " + seconds.toLocaleString("fr-FR") + " s" + time + remark;
  }

  function showClips(list) {
    // Text only: nothing the station sends is parsed as HTML.
    for (const info of list.slice(0, 100)) {
      if (!info || typeof info.clip !== "string") continue;
      let entry = clips.get(info.clip);
      if (!entry) {
        const row = document.createElement("li");
        const text = document.createElement("span");
        const button = document.createElement("button");
        const status = document.createElement("span");
        button.type = "button";
        status.setAttribute("role", "status");
        row.append(text, " ", button, " ", status);
        row.dataset.clip = info.clip;
        clipList.append(row);
        entry = {info, row, text, button, status, parts: null, buffer: null, request: null};
        button.addEventListener("click", () => toggle(entry));
        clips.set(info.clip, entry);
      }
      entry.info = info;
      entry.text.textContent = clipText(info);
      entry.button.setAttribute("aria-label", (entry === (replay && replay.entry) ? "Arrêter : " : "Réécouter : ") + (info.label || info.site));
      if (entry !== (replay && replay.entry)) entry.button.textContent = "Réécouter";
    }
    clipsBox.hidden = clips.size === 0;
    if (clips.size) box.hidden = false;
  }

  function toggle(entry) {
    if (replay && replay.entry === entry) { stopReplay(); return; }
    if (entry.buffer) { play(entry); return; }
    if (entry.parts) return;  // on its way
    entry.parts = [];
    entry.request = newId("clip");
    entry.row.dataset.state = "loading";
    if (!sendOnChannel({type: "clip-wanted", id: entry.request, clip: entry.info.clip}, entry.status, "Chargement…")) {
      entry.parts = null;
    }
  }

  function clipPart(message) {
    const entry = clips.get(message.clip);
    if (!entry || !entry.parts || !Number.isInteger(message.index) || !Number.isInteger(message.count)) return;
    entry.parts[message.index] = message.data_b64;
    entry.sha256 = message.sha256;
    const received = entry.parts.filter((p) => p !== undefined).length;
    entry.status.textContent = "Chargement " + Math.floor(100 * received / message.count) + " %";
    if (received === message.count) assemble(entry).catch(() => damaged(entry));
  }

  function damaged(entry) {
    entry.parts = null;
    entry.row.dataset.state = "damaged";
    entry.status.textContent = "⚠ Enregistrement abîmé en chemin : cliquez sur « Réécouter » pour le redemander.";
  }

  async function assemble(entry) {
    const pieces = entry.parts.map((b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
    entry.parts = null;
    const bytes = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of pieces) { bytes.set(p, at); at += p.length; }
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    const hex = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
    if (hex !== entry.sha256) { damaged(entry); return; }
    chain();
    entry.buffer = await context.decodeAudioData(bytes.buffer);
    const samples = entry.buffer.getChannelData(0);
    let sum = 0;
    for (const x of samples) sum += x * x;
    entry.row.dataset.state = "ready";
    entry.row.dataset.seconds = entry.buffer.duration.toFixed(2);
    entry.row.dataset.rmsDbfs = (10 * Math.log10(sum / Math.max(1, samples.length) || 1e-12)).toFixed(1);
    play(entry);
  }

  function refused(request, text) {
    for (const entry of clips.values()) {
      if (entry.request !== request) continue;
      entry.parts = null;
      entry.row.dataset.state = "refused";
      entry.status.textContent = text;
    }
  }

  function play(entry) {
    stopReplay();
    chain();
    const source = context.createBufferSource();
    source.buffer = entry.buffer;
    if (live) live.disconnect();  // the recording alone, not mixed with the live line
    source.connect(head);
    replay = {entry, source};
    source.onended = () => { if (replay && replay.source === source) stopReplay(); };
    source.start();
    entry.button.textContent = "Arrêter";
    entry.button.setAttribute("aria-label", "Arrêter : " + (entry.info.label || entry.info.site));
    entry.status.textContent = "";
    box.dataset.replaying = entry.info.clip;
    show();
  }

  function stopReplay() {
    if (!replay) return;
    const {entry, source} = replay;
    replay = null;
    source.onended = null;
    try { source.stop(); } catch (e) { /* already ended */ }
    source.disconnect();
    entry.button.textContent = "Réécouter";
    entry.button.setAttribute("aria-label", "Réécouter : " + (entry.info.label || entry.info.site));
    delete box.dataset.replaying;
    if (live) live.connect(head);
    sayPlaying();
  }

  for (const input of document.querySelectorAll('input[name="steth-filter"]')) {
    input.addEventListener("change", () => { if (context) wire(chosenFilter()); });
  }
  gainInput.addEventListener("input", setGain);
  listen.addEventListener("click", () => { if (context) context.resume().finally(sayPlaying); });
  setGain();
  return {isStethoscope, receive, ended, showClips, clipPart, refused};
})();

// The headphone check: 40 Hz (S3/S4 sit at 30–50 Hz), then the doctor says whether it was heard.
(() => {
  const start = document.getElementById("headphone-check");
  const ask = document.getElementById("headphone-ask");
  const result = document.getElementById("headphone-state");
  let tone = null;

  function stop() {
    if (tone) { tone.oscillator.stop(); tone.context.close(); tone = null; }
  }

  start.addEventListener("click", () => {
    stop();
    const context = new AudioContext();
    const oscillator = context.createOscillator();
    const level = context.createGain();
    oscillator.frequency.value = 40;
    level.gain.value = 0.3;
    oscillator.connect(level).connect(context.destination);
    oscillator.start();
    oscillator.stop(context.currentTime + 4);
    tone = {context, oscillator};
    ask.hidden = false;
    result.textContent = "Un son très grave joue pendant 4 secondes. L’entendez-vous ?";
  });
  document.getElementById("headphone-yes").addEventListener("click", () => {
    stop(); ask.hidden = true;
    result.textContent = "Votre casque restitue 40 Hz : les bruits du cœur les plus graves (B3, B4) vous parviendront.";
  });
  document.getElementById("headphone-no").addEventListener("click", () => {
    stop(); ask.hidden = true;
    result.textContent = "Votre casque ne restitue pas 40 Hz : les bruits les plus graves (B3, B4) vous échapperont. " +
      "Prenez un casque fermé ou des écouteurs intra-auriculaires, pas les haut-parleurs de l’ordinateur.";
  });
})();

"use strict";
// The stethoscope's line on the doctor's page: heard as it came (no voice processing: a
// received track has none), with the doctor's own filter and volume, drawn live as a waveform
// and a spectrogram (phonocardiogram), and a check that the doctor's headphones play 40 Hz.
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
  const SHOWN_HZ = 1000;  // heart 20–150 Hz, lungs up to about 1 kHz
  let context = null, source = null, filters = [], gain = null, analyser = null, holder = null;
  let drawing = false;

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
    source.disconnect();
    for (const f of filters) f.disconnect();
    filters = filterChain(kind);
    let last = source;
    for (const f of filters) { last.connect(f); last = f; }
    last.connect(analyser);  // drawn as filtered, before the volume: the scale stays put
    last.connect(gain);
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
    state.textContent = playing
      ? "Son du stéthoscope en direct, sans traitement de la voix."
      : "Cliquez sur « Écouter » pour entendre le stéthoscope.";
  }

  function draw() {
    if (!analyser) { drawing = false; return; }
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

  function receive(track) {
    context = context || new AudioContext({latencyHint: "interactive"});
    const stream = new MediaStream([track]);
    // Chromium feeds a received track to Web Audio only while a media element plays it too.
    holder = holder || new Audio();
    holder.muted = true; holder.srcObject = stream; holder.play().catch(() => {});
    if (source) source.disconnect();
    source = context.createMediaStreamSource(stream);
    gain = gain || context.createGain();
    gain.connect(context.destination);
    analyser = analyser || context.createAnalyser();
    analyser.fftSize = 8192;  // 5.9 Hz per bin at 48 kHz: S3 and S4 stand apart from S1
    analyser.smoothingTimeConstant = 0;
    setGain();
    wire(chosenFilter());
    box.hidden = false;
    context.onstatechange = sayPlaying;
    context.resume().catch(() => {}).finally(sayPlaying);
    if (!drawing) { drawing = true; requestAnimationFrame(draw); }
  }

  function ended() {
    analyser = null;
    if (source) source.disconnect();
    state.textContent = "Le stéthoscope n’envoie plus de son.";
  }

  for (const input of document.querySelectorAll('input[name="steth-filter"]')) {
    input.addEventListener("change", () => { if (source) wire(chosenFilter()); });
  }
  gainInput.addEventListener("input", setGain);
  listen.addEventListener("click", () => { if (context) context.resume().finally(sayPlaying); });
  setGain();
  return {isStethoscope, receive, ended};
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

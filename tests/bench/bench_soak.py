"""A kiosk's call held for a long time: resident memory's slope (prints figures, asserts nothing).

    python tests/bench/bench_soak.py [--minutes 30] [--warmup 3] [--bare-minutes M]
        [--without otoscope|previews] [--keep FOLDER]

Two parts, one after the other, each in its own process, sampled every 10 s:

1. **The app**: the window (offscreen) on the demo environment, in a consultation's call
   (camera 1280×720 at 30 fps, the otoscope's line, the simulated devices) to a doctor in
   another process, an oximeter reading every 30 s.
2. **The baseline**: a bare aiortc pair in one process (a sender and a receiver, SDP handed
   over directly) sending the same 1280×720 30 fps test source. It decodes too, which the
   app does not: a conservative baseline.

After ``--warmup`` minutes, the least-squares slope of RSS over time, in MB/h, for each, and
their ratio. Goal of the resources issue: app ≤ 10 MB/h and ≤ 2× the bare pair. ``--minutes``
is per part (a release check runs 120). Linux (``/proc/self/status``).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from anywhere

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import tempfile
import time

SAMPLE_PERIOD = 10.0
READING_PERIOD = 30.0
HERE = Path(__file__).resolve()


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def c_heap_mb() -> dict[str, float]:
    """The C heap's bytes in use and held free, in MB (none off glibc)."""
    from station.linux_memory import c_heap

    heap = c_heap()
    if heap is None:
        return {}
    return {"heap_used": heap.in_use / 2**20, "heap_free": heap.free / 2**20}


def sample(started: float) -> None:
    sampled = {
        "t": time.monotonic() - started,
        "rss": rss_mb(),
        "cpu": time.process_time(),
        "threads": len(list(Path("/proc/self/task").iterdir())),  # Python's, Qt's and C's
        **c_heap_mb(),
    }
    print(json.dumps(sampled), flush=True)


# ---- the app, in a call ---------------------------------------------------------------------
def run_app(minutes: float, without: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["STATION_DATA_DIR"] = tempfile.mkdtemp(prefix="station-bench-soak-")
    from station.linux_memory import limit_malloc_arenas

    limit_malloc_arenas()  # as station's main() does, before any thread
    import qasync
    from PySide6.QtWidgets import QApplication

    from drivers.base import DeviceKind
    from station.demo_env import DemoEnvironment
    from station.ui import scripted, user
    from station.ui.demo import demo_workstation
    from station.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)

    async def call() -> None:
        async with DemoEnvironment() as env:
            window = MainWindow(demo_workstation(env))
            window.show()
            workstation = window.workstation
            if "otoscope" in without:
                workstation.otoscope = None
            scripted.sign_in(window)
            await scripted.until(lambda: window.stack.currentWidget() is window.home, 10)
            user.click(window.home.begin)
            scripted.identify(window)
            session = workstation.session
            assert session is not None
            await scripted.until(lambda: workstation.call is not None, 30, "call room")
            assert workstation.call is not None
            print("LINK " + workstation.call.doctor_link, flush=True)
            await scripted.fill_phase(window, scripted.STANDARD_ANSWERS)
            await scripted.next_phase(window)
            await scripted.until(lambda: session.call_connected, 120, "doctor connected")
            if "previews" in without:
                from station.ui.widgets import VideoView

                for view in window.findChildren(VideoView):
                    view._timer.stop()
            started = time.monotonic()
            next_reading = started
            while time.monotonic() - started < minutes * 60:
                if time.monotonic() >= next_reading:
                    await session.take_measurement(DeviceKind.OXIMETER)
                    next_reading += READING_PERIOD
                sample(started)
                await asyncio.sleep(SAMPLE_PERIOD)
            await workstation.end_call()
            if workstation.otoscope is not None:
                await workstation.otoscope.close()
            window.close()

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(call())
    finally:
        loop.close()  # its executor's threads stopped, as the app's run() does: Qt aborts
        # a process that destroys a running QThread
    return 0


def run_doctor(link: str) -> int:
    from station.call.doctor_peer import DoctorPeer

    async def listen() -> None:
        doctor = DoctorPeer.from_link(link)
        await doctor.start()
        while True:  # until the bench stops this process
            await asyncio.sleep(60)

    asyncio.run(listen())
    return 0


# ---- the baseline: a bare aiortc pair -------------------------------------------------------
def run_bare(minutes: float) -> int:
    from station.linux_memory import limit_malloc_arenas

    limit_malloc_arenas()

    async def pair() -> None:
        import contextlib

        from aiortc import MediaStreamTrack, RTCPeerConnection

        from drivers.uvc_camera import UvcCamera

        camera = UvcCamera("lavfi:testsrc2=size=1280x720:rate=30")

        class Track(MediaStreamTrack):
            kind = "video"

            async def recv(self):  # type: ignore[no-untyped-def]
                return await camera.read_frame()

        sender, receiver = RTCPeerConnection(), RTCPeerConnection()
        sender.addTrack(Track())
        tasks: list[asyncio.Task[None]] = []

        async def consume(track: MediaStreamTrack) -> None:
            with contextlib.suppress(Exception):
                while True:
                    await track.recv()

        receiver.on("track", lambda track: tasks.append(asyncio.ensure_future(consume(track))))
        await sender.setLocalDescription(await sender.createOffer())
        await receiver.setRemoteDescription(sender.localDescription)
        await receiver.setLocalDescription(await receiver.createAnswer())
        await sender.setRemoteDescription(receiver.localDescription)
        started = time.monotonic()
        while time.monotonic() - started < minutes * 60:
            sample(started)
            await asyncio.sleep(SAMPLE_PERIOD)
        for task in tasks:
            task.cancel()
        await sender.close()
        await receiver.close()
        await camera.close()

    asyncio.run(pair())
    return 0


# ---- the bench ------------------------------------------------------------------------------
def slope(
    samples: list[dict[str, float]], warmup_s: float, key: str = "rss"
) -> tuple[float, float, float, float]:
    """MB/h of ``key`` after the warm-up, its first and last value there, and the CPU %."""
    kept = [s for s in samples if s["t"] >= warmup_s and key in s]
    if len(kept) < 3:
        return float("nan"), float("nan"), float("nan"), float("nan")
    fit = statistics.linear_regression([s["t"] / 3600 for s in kept], [s[key] for s in kept])
    cpu = 100 * (kept[-1]["cpu"] - kept[0]["cpu"]) / (kept[-1]["t"] - kept[0]["t"])
    return fit.slope, kept[0][key], kept[-1][key], cpu


def part(
    role: str, minutes: float, without: list[str], kept: Path | None = None
) -> list[dict[str, float]]:
    command = [sys.executable, str(HERE), "--role", role, "--minutes", str(minutes)]
    command += [f"--without={part}" for part in without]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=tempfile.gettempdir())
    doctor: subprocess.Popen[str] | None = None
    samples: list[dict[str, float]] = []
    assert child.stdout is not None
    try:
        for line in child.stdout:
            if line.startswith("LINK "):
                doctor = subprocess.Popen(
                    [sys.executable, str(HERE), "--role", "doctor", "--link", line[5:].strip()],
                    cwd=tempfile.gettempdir(),
                )
            elif line.startswith("{"):
                samples.append(json.loads(line))
                if kept is not None:
                    with kept.open("a") as out:
                        out.write(line)
        child.wait()
    finally:
        if doctor is not None:
            doctor.kill()
            doctor.wait()
    return samples


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--bare-minutes", type=float, help="the baseline's (default: --minutes)")
    parser.add_argument("--role", choices=("app", "doctor", "bare"))
    parser.add_argument("--link", default="")
    parser.add_argument("--keep", help="a folder for every sample, app.jsonl and bare.jsonl")
    parser.add_argument(
        "--without",
        action="append",
        default=[],
        choices=("otoscope", "previews"),
        help="the app without its otoscope, or with the assistant's previews stopped",
    )
    args = parser.parse_args()
    if args.role == "app":
        return run_app(args.minutes, args.without)
    if args.role == "doctor":
        return run_doctor(args.link)
    if args.role == "bare":
        return run_bare(args.minutes)
    if args.keep:
        Path(args.keep).mkdir(parents=True, exist_ok=True)
    results = {}
    for role in ("app", "bare"):
        minutes = args.minutes if role == "app" else (args.bare_minutes or args.minutes)
        kept = Path(args.keep) / f"{role}.jsonl" if args.keep else None
        samples = part(role, minutes, args.without if role == "app" else [], kept)
        results[role] = slope(samples, args.warmup * 60)
        mb_h, first, last, cpu = results[role]
        print(
            f"{role:>4}: {len(samples)} samples over {minutes:g} min; after {args.warmup:g} min "
            f"warm-up RSS {first:.1f} → {last:.1f} MB, slope {mb_h:+.1f} MB/h, CPU {cpu:.0f} %",
            flush=True,
        )
        for key, what in (("heap_used", "C heap in use"), ("heap_free", "C heap held free")):
            mb_h, first, last, _ = slope(samples, args.warmup * 60, key)
            print(f"      {what}: {first:.1f} → {last:.1f} MB, {mb_h:+.1f} MB/h", flush=True)
        if samples:
            print(f"      threads: {samples[-1].get('threads', 0):g}", flush=True)
    app_slope, bare_slope = results["app"][0], results["bare"][0]
    ratio = app_slope / bare_slope if bare_slope > 0 else float("nan")
    print(f"app / bare pair slope: {ratio:.2f} (goal ≤ 10 MB/h and ≤ 2×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

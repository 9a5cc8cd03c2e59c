"""Video settings of the call: codec (VP8 by default, H.264 available) and caps on resolution
and frame rate, from ``[call]`` in station.toml::

    [call]
    codec = "VP8"        # or "H264"
    max_width = 1280
    max_height = 720
    max_fps = 30
    max_bitrate_kbps = 1500   # optional ceiling per video line (shared uplinks); none by default
    audio_only_fallback = true  # pause the video on a poor network, keep the voice
"""

from __future__ import annotations

from dataclasses import dataclass

from station.config import ConfigError, load

CODECS = ("VP8", "H264")
# Below 300 kbit/s the encoders cannot go (aiortc's floor for VP8 is 250, for H.264 500):
# a network that poor gets the audio-only fallback instead.
MIN_BITRATE_KBPS = 300
MAX_BITRATE_KBPS = 10_000


@dataclass(frozen=True)
class VideoSettings:
    codec: str = "VP8"
    max_width: int = 1280
    max_height: int = 720
    max_fps: float = 30.0
    max_bitrate_kbps: int | None = None  # None: aiortc's own range (VP8 up to 1.5 Mbit/s)
    audio_only_fallback: bool = True

    def __post_init__(self) -> None:
        if self.codec not in CODECS:
            raise ConfigError(f"Codec vidéo inconnu : {self.codec} (choisir VP8 ou H264).")
        if self.max_width < 160 or self.max_height < 120 or not 1 <= self.max_fps <= 60:
            raise ConfigError("Limites vidéo invalides (au moins 160×120, de 1 à 60 images/s).")
        if self.max_bitrate_kbps is not None and not (
            MIN_BITRATE_KBPS <= self.max_bitrate_kbps <= MAX_BITRATE_KBPS
        ):
            raise ConfigError("Débit vidéo maximal invalide (de 300 à 10 000 kbit/s).")

    @classmethod
    def from_config(cls) -> VideoSettings:
        section = load().get("call", {})
        if not isinstance(section, dict):
            return cls()
        try:
            return cls(
                codec=str(section.get("codec", cls.codec)).upper().replace(".", ""),
                max_width=int(section.get("max_width", cls.max_width)),
                max_height=int(section.get("max_height", cls.max_height)),
                max_fps=float(section.get("max_fps", cls.max_fps)),
                max_bitrate_kbps=(
                    int(section["max_bitrate_kbps"]) if "max_bitrate_kbps" in section else None
                ),
                audio_only_fallback=_flag(section.get("audio_only_fallback", True)),
            )
        except (TypeError, ValueError) as err:
            raise ConfigError(f"Réglages [call] invalides : {err}") from err

    def fit(self, width: int, height: int) -> tuple[int, int]:
        """The largest size within the caps with the same shape (even numbers, for codecs)."""
        scale = min(1.0, self.max_width / width, self.max_height / height)
        return max(2, int(width * scale) // 2 * 2), max(2, int(height * scale) // 2 * 2)


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise ConfigError("Réglage [call] audio_only_fallback : true ou false.")
    return value

"""Read aloud offline: Mandarin words and sentences spoken by eSpeak NG.

Why eSpeak NG, called as a program (measured; see the Anki-live report): it
is the only offline engine with a Mandarin voice on every Linux that the
other options end up driving anyway (speech-dispatcher's default module and
pyttsx3's Linux driver are eSpeak), it writes WAV files itself (audio on
cards needs files, which Qt's speech API only gives through QtMultimedia),
and it costs about 13 MB of Debian packages instead of PySide6-Addons' 175 MB
wheel (438 MB unpacked) for QtTextToSpeech.

eSpeak NG's Mandarin reads Chinese characters through its own dictionary,
which picks the wrong reading for many polyphones (银行 as yín xíng) and, in
1.51 (Debian 12), reads the tone digits of its multi-character entries aloud
in English.  So the text is converted to numbered pinyin first with the text
core's segmenter and dictionary readings - the readings the reader shows -
and spoken by the ``cmn-latn-pinyin`` voice, which reads Latin letters as
pinyin.  Without that voice the characters go to ``cmn`` as they are.

The core never plays audio through Qt: :func:`speak` starts eSpeak NG on the
system's audio output and returns an :class:`Utterance` to poll or stop.

Other platforms, when eSpeak NG is not there (written from the tools'
documentation, not run by the tests, which run on Linux): macOS's ``say``
with a ``zh_CN`` voice (Tingting and the like; ``say -v '?'`` lists them),
and on Windows the SAPI voices through PowerShell's ``System.Speech`` (a
``zh-*`` voice such as Microsoft Huihui, installed with the Chinese speech
language pack; OneCore-only voices are not visible to System.Speech).  Both
ship with the system: no new dependency.  They are given the characters,
which they read with their own dictionaries.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from reader.errors import DuizhaoError

INSTALL_HINT = "install eSpeak NG (Debian/Ubuntu: sudo apt install espeak-ng)"
DEFAULT_RATE = 140  # words per minute; eSpeak's default 175 is fast for a learner
_PUNCT = str.maketrans({"，": ", ", "、": ", ", "。": ". ", "！": "! ", "？": "? ", "：": ": ", "；": "; ",
                        "…": "... ", "—": ", ", "“": " ", "”": " ", "‘": " ", "’": " ", "（": " (", "）": ") ",
                        "《": " ", "》": " ", "「": " ", "」": " ", "『": " ", "』": " "})


class SpeechUnavailable(DuizhaoError):
    """No speech engine, or no Mandarin voice in it."""


class SpeechError(DuizhaoError):
    """The engine failed on a text."""


@dataclass(frozen=True)
class Voice:
    """A speech program and the Mandarin voice to use."""

    program: str
    name: str  # eSpeak NG: "cmn-latn-pinyin" (pinyin in) or "cmn" (characters in); else the system voice's name
    version: str = ""
    engine: str = "espeak-ng"  # "espeak-ng", "say" (macOS) or "sapi" (Windows, through PowerShell)

    @property
    def pinyin_input(self) -> bool:
        return self.engine == "espeak-ng" and self.name.lower() == "cmn-latn-pinyin"

    @property
    def label(self) -> str:
        """The engine's name in messages."""
        return {"say": "macOS say", "sapi": "Windows speech (SAPI)"}.get(self.engine, "eSpeak NG")

    @property
    def key(self) -> str:
        """What makes its audio differ (media file names depend on it)."""
        return f"{self.engine} {self.version} {self.name}".replace("  ", " ")


# -- macOS and Windows voices (see the module docstring) -------------------------------------------

_SAY_VOICE = re.compile(r"^(?P<name>.+?)\s+(?P<lang>zh[_-]CN|cmn[_-]\w+)\s+#", re.IGNORECASE)
_SAPI_LIST = ("Add-Type -AssemblyName System.Speech; "
              "(New-Object System.Speech.Synthesis.SpeechSynthesizer).GetInstalledVoices() | "
              "Where-Object { $_.Enabled } | ForEach-Object { $_.VoiceInfo.Culture.Name + '|' + $_.VoiceInfo.Name }")


def say_voices(listing: str) -> list[str]:
    """The Mandarin (mainland) voices in ``say -v '?'``'s listing, in its order."""
    return [m.group("name").strip() for m in map(_SAY_VOICE.match, listing.splitlines()) if m]


def sapi_voices(listing: str) -> list[str]:
    """The Chinese voices in our PowerShell listing (``culture|name`` a line), zh-CN first."""
    found = [line.strip().split("|", 1) for line in listing.splitlines() if "|" in line]
    chinese = [(culture, name) for culture, name in found if culture.lower().startswith("zh-")]
    return [name for culture, name in sorted(chinese, key=lambda v: v[0].lower() != "zh-cn")]


def _ps_quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _listing(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.decode("utf-8", "replace")


def _platform_voice() -> Voice | None:
    """macOS ``say`` or Windows SAPI with a Chinese voice, when this is one of those systems."""
    if sys.platform == "darwin" and (say := shutil.which("say")):
        names = say_voices(_listing([say, "-v", "?"]))
        return Voice(say, names[0], engine="say") if names else None
    if sys.platform == "win32" and (shell := shutil.which("powershell") or shutil.which("pwsh")):
        names = sapi_voices(_listing([shell, "-NoProfile", "-NonInteractive", "-Command",
                                      "[Console]::OutputEncoding=[Text.Encoding]::UTF8; " + _SAPI_LIST]))
        return Voice(shell, names[0], engine="sapi") if names else None
    return None


def _voices(program: str) -> list[str]:
    try:
        listing = subprocess.run([program, "--voices=cmn"], capture_output=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    names = []
    for line in listing.stdout.decode("utf-8", "replace").splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 2:
            names.append(parts[1].lower())
    return names


@functools.lru_cache(maxsize=4)
def _find_voice(program_path: str | None) -> Voice:
    program = program_path or shutil.which("espeak-ng")
    if not program:
        native = _platform_voice()
        if native is not None:
            return native
        raise SpeechUnavailable(f"no speech engine with a Mandarin voice for reading aloud: {_hint()}")
    names = _voices(program)
    if "cmn-latn-pinyin" in names:
        name = "cmn-latn-pinyin"
    elif "cmn" in names:
        name = "cmn"
    else:
        raise SpeechUnavailable(f"eSpeak NG ({program}) has no Mandarin voice (cmn); {INSTALL_HINT} 1.51 or later")
    try:
        out = subprocess.run([program, "--version"], capture_output=True, timeout=20, check=False).stdout
        match = re.search(rb"(\d+\.\d+[\w.+~-]*)", out)
        version = match.group(1).decode() if match else ""
    except (OSError, subprocess.SubprocessError):
        version = ""
    return Voice(program, name, version)


def _hint() -> str:
    if sys.platform == "darwin":
        return "add a Chinese (China mainland) voice in System Settings → Accessibility → Spoken Content, or " + INSTALL_HINT
    if sys.platform == "win32":
        return "add the Chinese (Simplified) speech pack in Settings → Time & language → Speech, or " + INSTALL_HINT
    return INSTALL_HINT


def find_voice(program: str | None = None) -> Voice:
    """The Mandarin voice to use, or :class:`SpeechUnavailable` saying what to install.

    ``program`` (or the environment variable ``DUIZHAO_ESPEAK``) names another eSpeak NG.
    """
    return _find_voice(program or os.environ.get("DUIZHAO_ESPEAK") or None)


def speech_text(text: str, voice: Voice) -> str:
    """What the engine is given: numbered pinyin per word for the pinyin voice, else the text."""
    text = " ".join((text or "").split())
    if voice.engine != "espeak-ng":
        return text  # the system voices read Chinese text and punctuation themselves
    if not voice.pinyin_input or not text:
        return text.translate(_PUNCT)
    from reader.text.pinyin import token_syllables
    from reader.text.script import to_simplified
    from reader.text.segment import segment

    base = to_simplified(text)
    if len(base) != len(text):
        base = text
    tokens = segment(base)
    words = []
    for token, syllables in zip(tokens, token_syllables(base, tokens)):
        if token.kind == "space":
            continue
        if syllables:
            # "yin2hang2": one word, so the voice applies the word's tone sandhi
            words.append("".join(s.lower().replace("u:", "ü") for s in syllables))
        else:
            words.append(text[token.start : token.end].translate(_PUNCT))
    return re.sub(r"\s+", " ", " ".join(words)).strip()


def _command(voice: Voice, rate: int, wav: str | None = None) -> list[str]:
    """The program's command line; the text always goes on stdin (never taken for an option)."""
    if voice.engine == "say":
        command = [voice.program, "-v", voice.name, "-r", str(int(rate))]
        if wav:
            command += ["-o", wav, "--file-format=WAVE", "--data-format=LEI16@22050"]
        return command + ["-f", "-"]
    if voice.engine == "sapi":
        # SAPI's rate is -10..10 around its normal speed (about eSpeak's 175 words per minute).
        sapi_rate = max(-10, min(10, round((int(rate) - 175) / 12)))
        output = f"$s.SetOutputToWaveFile({_ps_quote(wav)}); " if wav else ""
        script = ("$ErrorActionPreference='Stop'; [Console]::InputEncoding=[Text.Encoding]::UTF8; "
                  "Add-Type -AssemblyName System.Speech; $s=New-Object System.Speech.Synthesis.SpeechSynthesizer; "
                  f"$s.SelectVoice({_ps_quote(voice.name)}); $s.Rate={sapi_rate}; {output}"
                  "$s.Speak([Console]::In.ReadToEnd()); $s.Dispose()")
        return [voice.program, "-NoProfile", "-NonInteractive", "-Command", script]
    command = [voice.program, "-v", voice.name, "-s", str(int(rate))]
    if wav:
        command += ["-w", wav]
    return command + ["--stdin"]  # the text on stdin: never taken for an option


def synthesize(text: str, path: str | os.PathLike, *, voice: Voice | None = None, rate: int = DEFAULT_RATE) -> Path:
    """Speak ``text`` (Mandarin) into the WAV file ``path``."""
    voice = voice or find_voice()
    spoken = speech_text(text, voice)
    if not spoken:
        raise SpeechError("nothing to read aloud: the text is empty")
    path = Path(path)
    try:
        done = subprocess.run(_command(voice, rate, os.fspath(path)), input=spoken.encode("utf-8"),
                              capture_output=True, timeout=60 + len(spoken) / 10, check=False)
    except subprocess.TimeoutExpired:
        raise SpeechError(f"{voice.label} took too long on a {len(text)}-character text") from None
    except OSError as exc:
        raise SpeechUnavailable(f"cannot run {voice.program}: {exc.strerror or exc}; {INSTALL_HINT}") from None
    if done.returncode != 0 or not path.is_file() or path.stat().st_size <= 44:  # 44: a bare WAV header
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SpeechError(f"{voice.label} could not speak the text{': ' + message[-1] if message else ''}")
    return path


def synthesize_bytes(text: str, *, voice: Voice | None = None, rate: int = DEFAULT_RATE) -> bytes:
    """The WAV bytes of ``text`` spoken."""
    with tempfile.TemporaryDirectory(prefix="duizhao-speech-") as folder:
        return synthesize(text, Path(folder) / "speech.wav", voice=voice, rate=rate).read_bytes()


class Utterance:
    """Text being spoken on the audio output; :meth:`stop` ends it at once."""

    def __init__(self, process: subprocess.Popen):
        self._process = process

    def speaking(self) -> bool:
        """True until the text has been spoken (or stopped)."""
        return self._process.poll() is None

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until it ends; False if still speaking after ``timeout`` seconds."""
        try:
            self._process.wait(timeout)
        except subprocess.TimeoutExpired:
            return False
        return True

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()


def speak(text: str, *, voice: Voice | None = None, rate: int = DEFAULT_RATE) -> Utterance:
    """Start speaking ``text`` on the system's audio output (eSpeak NG plays it itself)."""
    voice = voice or find_voice()
    spoken = speech_text(text, voice)
    try:
        process = subprocess.Popen(_command(voice, rate), stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
    except OSError as exc:
        raise SpeechUnavailable(f"cannot run {voice.program}: {exc.strerror or exc}; {INSTALL_HINT}") from None
    try:
        assert process.stdin is not None  # stdin=PIPE
        process.stdin.write(spoken.encode("utf-8"))
        process.stdin.close()
    except OSError:  # it exited already (no audio device): polling shows it ended
        pass
    return Utterance(process)


class Reading:
    """Sentences read one after another (the article from the cursor), one eSpeak NG run each.

    No thread and no Qt: the window calls :meth:`poll` from a timer; it starts
    the next sentence when one ends and returns the index being read (to light
    that sentence), or None once everything was read or :meth:`stop` was called.
    """

    def __init__(self, sentences, *, voice: Voice | None = None, rate: int = DEFAULT_RATE):
        self._queue = [(index, text) for index, text in sentences if text and text.strip()]
        self._voice = voice or find_voice()
        self._rate = rate
        self._current: tuple[int, Utterance] | None = None

    def poll(self) -> int | None:
        """The index of the sentence being read now (starting the next one when needed)."""
        if self._current is not None and self._current[1].speaking():
            return self._current[0]
        self._current = None
        while self._queue:
            index, text = self._queue.pop(0)
            if not speech_text(text, self._voice):
                continue
            self._current = (index, speak(text, voice=self._voice, rate=self._rate))
            return index
        return None

    def stop(self) -> None:
        """Stop at once (Esc); :meth:`poll` returns None from now on."""
        self._queue.clear()
        if self._current is not None:
            self._current[1].stop()
            self._current = None

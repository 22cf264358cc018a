"""Read aloud: Mandarin spoken by eSpeak NG into real audio (installed by packaging/linux/system-deps.sh)."""

from __future__ import annotations

import array
import io
import math
import shutil
import wave

import pytest

from reader import speech
from reader.errors import DuizhaoError

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None,
                                  reason="eSpeak NG is not installed (Debian: apt install espeak-ng)")
SENTENCE = "八月十八，钱塘江大潮如期而至。"


def wav_facts(data: bytes) -> tuple[float, float, int, int]:
    """(seconds, RMS of the samples, channels, bytes per sample) of a 16-bit WAV."""
    with wave.open(io.BytesIO(data)) as wav:
        frames = wav.readframes(wav.getnframes())
        seconds = wav.getnframes() / wav.getframerate()
        channels, width = wav.getnchannels(), wav.getsampwidth()
    samples = array.array("h", frames)
    rms = math.sqrt(sum(s * s for s in samples) / max(1, len(samples)))
    return seconds, rms, channels, width


@needs_espeak
def test_a_mandarin_sentence_becomes_real_audio(tmp_path):
    path = speech.synthesize(SENTENCE, tmp_path / "s.wav")
    seconds, rms, channels, width = wav_facts(path.read_bytes())
    assert (channels, width) == (1, 2)
    assert 1.5 < seconds < 15  # 15 syllables at a learner's pace
    assert rms > 300  # speech, not silence (silence is 0)
    word_seconds, word_rms, _, _ = wav_facts(speech.synthesize_bytes("钱塘江"))
    assert 0.3 < word_seconds < seconds and word_rms > 300


@needs_espeak
def test_a_mandarin_voice_is_found():
    voice = speech.find_voice()
    assert voice.name in ("cmn-latn-pinyin", "cmn")
    assert voice.key.startswith("espeak-ng")


@needs_espeak
def test_the_voice_reads_the_readers_pinyin_not_its_own_guess():
    voice = speech.find_voice()
    if not voice.pinyin_input:
        pytest.skip("this eSpeak NG has no cmn-latn-pinyin voice: characters are passed as they are")
    # eSpeak's own dictionary reads 银行 as yin2 xing2; the text core's reading is yin2 hang2.
    assert speech.speech_text("我们去银行取钱。", voice) == "wo3men5 qu4 yin2hang2 qu3 qian2 ."
    assert speech.speech_text("女儿", voice) == "nü3er2"
    assert speech.speech_text("長江", voice) == "chang2jiang1"  # traditional read through its simplified form


@needs_espeak
def test_speaking_can_be_stopped_at_once():
    utterance = speech.speak(SENTENCE * 20)  # minutes of speech (or none, without an audio device)
    utterance.stop()
    assert not utterance.speaking()
    assert utterance.wait(5)


def test_no_engine_is_one_clear_line(monkeypatch, tmp_path):
    monkeypatch.setenv("DUIZHAO_ESPEAK", str(tmp_path / "no-such-espeak"))
    with pytest.raises(speech.SpeechUnavailable) as err:
        speech.find_voice()
    assert "espeak-ng" in str(err.value).lower() and "\n" not in str(err.value)
    assert isinstance(err.value, DuizhaoError)


def test_an_engine_without_mandarin_is_one_clear_line(monkeypatch, tmp_path):
    fake = tmp_path / "espeak-ng"  # an "engine" that lists no voices at all
    fake.write_text("#!/bin/sh\necho 'Pty Language Age/Gender VoiceName File Other Languages'\n")
    fake.chmod(0o755)
    monkeypatch.setenv("DUIZHAO_ESPEAK", str(fake))
    with pytest.raises(speech.SpeechUnavailable, match="no Mandarin voice"):
        speech.synthesize(SENTENCE, tmp_path / "x.wav")


@needs_espeak
def test_empty_text_is_refused(tmp_path):
    with pytest.raises(speech.SpeechError, match="empty"):
        speech.synthesize("  \n ", tmp_path / "x.wav")


@needs_espeak
def test_reading_goes_through_the_sentences_in_order_and_stops():
    import time

    reading = speech.Reading([(3, "潮来了。"), (4, "  "), (5, "人们欢呼。")])
    seen = []
    deadline = time.monotonic() + 60  # a hang bound, not a speed check
    while time.monotonic() < deadline:
        index = reading.poll()
        if index is None:
            break
        if not seen or seen[-1] != index:
            seen.append(index)
        time.sleep(0.02)
    assert seen == [3, 5]  # the blank sentence is skipped
    long = speech.Reading([(0, SENTENCE * 30), (1, SENTENCE)])
    assert long.poll() == 0
    long.stop()
    assert long.poll() is None


# -- macOS and Windows voices: their listings read, their command lines built (not run here) ---------------


def test_macos_say_listing_gives_the_mainland_voices():
    listing = ("Alex                en_US    # Most people recognize me by my voice.\n"
               "Sin-ji              zh_HK    # 您好！我叫善怡。\n"
               "Tingting            zh_CN    # 你好！我叫婷婷。\n"
               "Tingting (Enhanced) zh_CN    # 你好！我叫婷婷。\n"
               "Meijia              zh_TW    # 您好，我叫美佳。\n")
    assert speech.say_voices(listing) == ["Tingting", "Tingting (Enhanced)"]
    assert speech.say_voices("Alex en_US # hello\n") == []


def test_windows_sapi_listing_puts_mainland_chinese_first():
    listing = "en-US|Microsoft David Desktop\r\nzh-TW|Microsoft Hanhan Desktop\r\nzh-CN|Microsoft Huihui Desktop\r\n"
    assert speech.sapi_voices(listing) == ["Microsoft Huihui Desktop", "Microsoft Hanhan Desktop"]
    assert speech.sapi_voices("en-US|Microsoft Zira Desktop\n") == []


def test_platform_commands_take_the_text_on_stdin_and_quote_names():
    say = speech._command(speech.Voice("/usr/bin/say", "Tingting", engine="say"), 140, "/tmp/a b.wav")
    assert say[:3] == ["/usr/bin/say", "-v", "Tingting"] and say[-2:] == ["-f", "-"] and "/tmp/a b.wav" in say
    voice = speech.Voice("powershell.exe", "Li's voice", engine="sapi")
    script = speech._command(voice, 140, "C:\\o'k\\x.wav")[-1]
    assert "SelectVoice('Li''s voice')" in script and "SetOutputToWaveFile('C:\\o''k\\x.wav')" in script
    assert "[Console]::In.ReadToEnd()" in script and "$s.Rate=-3" in script
    assert not voice.pinyin_input and speech.speech_text(" 钱塘江。\n", voice) == "钱塘江。"

"""Cards straight into a running Anki: a client for the AnkiConnect add-on.

AnkiConnect (https://foosoft.net/projects/anki-connect/, API version 6) is a
JSON-over-HTTP interface that Anki serves on ``127.0.0.1:8765`` while it runs.
This module talks to it with the standard library only, and only to the
machine itself: an address that does not resolve to a loopback address
(127.0.0.0/8 or ::1) is refused before any connection is made, proxies are
never used, and every request has a timeout.  The offline path stays the
``.apkg`` export (:mod:`reader.export.anki`).

Two layers:

* :class:`AnkiConnect` - one method per action (``version``, ``deckNames``,
  ``createModel``, ``addNote``, ``findNotes``, ``storeMediaFile``, ...);
  errors are :class:`AnkiConnectError` with one readable line, and
  :class:`AnkiNotRunning` when nothing answers.
* :class:`AnkiSync` - the Duizhao note types and the add-or-update logic on
  top of it.

Identity of a note on this path.  AnkiConnect cannot set or search a note's
GUID (``addNote`` makes a random one; Anki's search has no ``guid:``), so the
``.apkg`` export's GUID scheme cannot be used to find a note again.  Notes are
found by their first field within the Duizhao note type instead, through
Anki's own duplicate search (``dupe:<note type id>,<first field>``) - the same
rule Anki uses for its duplicate warning and ``canAddNotes``, so the "already
in Anki" mark and add-or-update always agree, and notes that arrived through an
``.apkg`` import are found and updated too.  A hidden id field was rejected:
it would change the note types' fields, so the live notes would live in a
note type different from the ``.apkg`` one and the two paths would duplicate
each other.  The cost: importing an ``.apkg`` *after* sending live adds a
second copy (Anki's package importer matches GUIDs only).

Note types are created on first use with the ``.apkg`` export's fields,
templates and CSS (:mod:`reader.export.anki_templates`).  A note type whose
fields differ from ours (the user edited it) is never changed: the next
versioned name (``Duizhao Word v2``, ``v3`` ...) is used or created instead,
because Anki refuses field updates that do not match a note type's fields.
"""

from __future__ import annotations

import base64
import dataclasses
import ipaddress
import json
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from reader.errors import ExportError
from reader.export import anki
from reader.export.anki import AnyNote

DEFAULT_URL = "http://127.0.0.1:8765"
API_VERSION = 6
DEFAULT_TIMEOUT = 5.0

#: Where a duplicate is looked for (the first field compared, as Anki does):
#: the note type across the collection (AnkiConnect's default), only the
#: note's deck, or every note type of the collection.
DUPLICATE_SCOPES = ("notetype", "deck", "collection")
_SOUND_TAG = re.compile(r"\[sound:[^\]]+\]")


class AnkiConnectError(ExportError):
    """AnkiConnect answered with an error, or something that is not AnkiConnect answered."""


class AnkiNotRunning(AnkiConnectError):
    """Nothing answers at the AnkiConnect address: Anki is closed or the add-on is missing."""


class PermissionRefused(AnkiConnectError):
    """AnkiConnect refused Duizhao: permission denied, or an API key missing or wrong."""


class NotLoopback(AnkiConnectError):
    """The configured address is not this machine; Duizhao only talks to a local Anki."""


# --------------------------------------------------------------------------
# Address


def _is_loopback(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    mapped = getattr(ip, "ipv4_mapped", None)  # ::ffff:127.0.0.1 is loopback too
    return (mapped or ip).is_loopback


def loopback_url(url: str) -> tuple[str, str]:
    """``(url to connect to, what to call it in messages)`` for an AnkiConnect address.

    Accepts ``http://host:port`` (or ``host:port``); ``host`` must resolve to
    loopback addresses only.  The returned URL names the resolved address, so
    the check and the connection cannot see two different answers.
    """
    text = (url or "").strip() or DEFAULT_URL
    if "://" not in text:
        text = "http://" + text
    parts = urllib.parse.urlsplit(text)
    if parts.scheme != "http":
        raise NotLoopback(f"AnkiConnect address {url!r}: only http:// on this machine is supported")
    try:
        host, port = parts.hostname, parts.port or 8765
    except ValueError:
        raise NotLoopback(f"AnkiConnect address {url!r}: the port is not a number from 1 to 65535") from None
    if not host:
        raise NotLoopback(f"AnkiConnect address {url!r} names no host")
    label = f"{host}:{port}"
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise NotLoopback(f"AnkiConnect address {label}: the host name does not resolve on this machine") from None
    addresses = sorted({str(info[4][0]) for info in infos})
    if not addresses or not all(_is_loopback(a) for a in addresses):
        raise NotLoopback(
            f"AnkiConnect address {label} is not this machine ({', '.join(addresses) or 'no address'}); "
            "Duizhao only connects to Anki on 127.0.0.1 or ::1"
        )
    address = addresses[0]
    netloc = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
    return urllib.parse.urlunsplit(("http", netloc, parts.path or "/", "", "")), label


# --------------------------------------------------------------------------
# Protocol


class AnkiConnect:
    """One method per AnkiConnect action used by Duizhao (API version 6)."""

    def __init__(self, url: str = DEFAULT_URL, *, key: str | None = None, timeout: float = DEFAULT_TIMEOUT):
        self._url, self.label = loopback_url(url)
        self.key = key or None
        self.timeout = timeout
        # No proxy handler: an http_proxy in the environment must never see these requests.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def invoke(self, action: str, **params):
        """Run one action and return its ``result``; raise :class:`AnkiConnectError` on ``error``."""
        request = {"action": action, "version": API_VERSION, "params": params}
        if self.key:
            request["key"] = self.key
        body = json.dumps(request, ensure_ascii=False).encode("utf-8")
        http = urllib.request.Request(self._url, data=body, headers={"Content-Type": "application/json"})
        try:
            with self._opener.open(http, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            raise AnkiConnectError(f"AnkiConnect at {self.label} answered HTTP {exc.code} to {action}") from None
        except (ConnectionRefusedError, ConnectionResetError):
            raise self._not_running() from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (ConnectionRefusedError, ConnectionResetError, TimeoutError)):
                raise self._not_running(timed_out=isinstance(exc.reason, TimeoutError)) from None
            raise AnkiConnectError(f"cannot reach AnkiConnect at {self.label}: {exc.reason}") from None
        except TimeoutError:  # socket.timeout too
            raise self._not_running(timed_out=True) from None
        except OSError as exc:
            raise AnkiConnectError(f"cannot reach AnkiConnect at {self.label}: {exc.strerror or exc}") from None
        try:
            reply = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise AnkiConnectError(f"{self.label} does not answer like AnkiConnect (not JSON)") from None
        if not isinstance(reply, dict) or "result" not in reply or "error" not in reply:
            raise AnkiConnectError(f"{self.label} does not answer like AnkiConnect version {API_VERSION}")
        if reply["error"] is not None:
            raise AnkiConnectError(f"Anki refused {action}: {reply['error']}")
        return reply["result"]

    def _not_running(self, timed_out: bool = False) -> AnkiNotRunning:
        if timed_out:
            return AnkiNotRunning(f"Anki did not answer at {self.label} within {self.timeout:g} s")
        return AnkiNotRunning(
            f"Anki is not running at {self.label} (start Anki with the AnkiConnect add-on, or export an .apkg)"
        )

    # -- actions (names as in AnkiConnect's documentation) ---------------------------------------

    def version(self) -> int:
        return int(self.invoke("version"))

    def request_permission(self) -> dict:
        """``{"permission": "granted"|"denied", "requireApikey": bool, "version": int}``."""
        return self.invoke("requestPermission")

    def deck_names(self) -> list[str]:
        return list(self.invoke("deckNames"))

    def deck_names_and_ids(self) -> dict[str, int]:
        return {name: int(did) for name, did in self.invoke("deckNamesAndIds").items()}

    def create_deck(self, name: str) -> int:
        return int(self.invoke("createDeck", deck=name))

    def model_names(self) -> list[str]:
        return list(self.invoke("modelNames"))

    def model_names_and_ids(self) -> dict[str, int]:
        return {name: int(mid) for name, mid in self.invoke("modelNamesAndIds").items()}

    def model_field_names(self, model: str) -> list[str]:
        return list(self.invoke("modelFieldNames", modelName=model))

    def create_model(self, name: str, fields: Sequence[str], templates: Sequence[Mapping[str, str]], css: str,
                     cloze: bool = False) -> dict:
        """``templates``: ``{"Name", "Front", "Back"}`` per card type."""
        return self.invoke("createModel", modelName=name, inOrderFields=list(fields),
                           cardTemplates=[dict(t) for t in templates], css=css, isCloze=cloze)

    def can_add_notes_with_error_detail(self, notes: Sequence[dict]) -> list[dict]:
        return list(self.invoke("canAddNotesWithErrorDetail", notes=list(notes)))

    def can_add_notes(self, notes: Sequence[dict]) -> list[bool]:
        return [bool(ok) for ok in self.invoke("canAddNotes", notes=list(notes))]

    def add_note(self, note: dict) -> int:
        return int(self.invoke("addNote", note=note))

    def add_notes(self, notes: Sequence[dict]) -> list[int | None]:
        return list(self.invoke("addNotes", notes=list(notes)))

    def find_notes(self, query: str) -> list[int]:
        return [int(n) for n in self.invoke("findNotes", query=query)]

    def notes_info(self, note_ids: Sequence[int]) -> list[dict]:
        return list(self.invoke("notesInfo", notes=list(note_ids)))

    def update_note_fields(self, note_id: int, fields: Mapping[str, str]) -> None:
        self.invoke("updateNoteFields", note={"id": int(note_id), "fields": dict(fields)})

    def store_media_file(self, filename: str, data: bytes) -> str:
        """Store ``data`` as ``filename`` in Anki's media folder; returns the name Anki used."""
        return str(self.invoke("storeMediaFile", filename=filename, data=base64.b64encode(data).decode("ascii")))

    def gui_browse(self, query: str) -> list[int]:
        """Open Anki's browser on ``query``; returns the card ids it shows."""
        return [int(c) for c in self.invoke("guiBrowse", query=query)]


# --------------------------------------------------------------------------
# Duizhao notes in a live Anki


@dataclass(frozen=True)
class NoteType:
    """A Duizhao note type as Anki should have it."""

    kind: str  # "word", "sentence", "passage"
    name: str
    fields: tuple[str, ...]
    templates: tuple[dict, ...]  # {"Name", "Front", "Back"}
    css: str
    cloze: bool


def note_types() -> dict[str, NoteType]:
    """The ``.apkg`` export's note types, for ``createModel`` (same fields, templates and CSS)."""
    out = {}
    for kind, model in anki.note_models().items():
        out[kind] = NoteType(
            kind=kind,
            name=model.name,
            fields=tuple(f["name"] for f in model.fields),
            templates=tuple({"Name": t["name"], "Front": t["qfmt"], "Back": t["afmt"]} for t in model.templates),
            css=model.css,
            cloze=model.model_type == model.CLOZE,
        )
    return out


def versioned_name(base: str, version: int) -> str:
    """``Duizhao Word``, ``Duizhao Word v2``, ``Duizhao Word v3`` ..."""
    return base if version <= 1 else f"{base} v{version}"


def search_quote(text: str) -> str:
    """``text`` inside a double-quoted Anki search term (backslash and quote escaped)."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


@dataclass(frozen=True)
class SendResult:
    """What :meth:`AnkiSync.send` did, per note in input order."""

    note_ids: tuple[int, ...] = ()
    added: int = 0
    updated: int = 0
    media: tuple[str, ...] = ()  # media file names stored in Anki
    note_types: dict = field(default_factory=dict)  # kind -> the note type name used
    skipped: int = 0  # not added: a note of another type has the same first field ("collection" scope); id 0

    @property
    def total(self) -> int:
        return self.added + self.updated


class AnkiSync:
    """Duizhao's notes in a running Anki: note types on first use, duplicate marks, add-or-update."""

    def __init__(self, client: AnkiConnect, *, scope: str = "notetype"):
        if scope not in DUPLICATE_SCOPES:
            raise AnkiConnectError(f"unknown duplicate scope {scope!r} (one of {', '.join(DUPLICATE_SCOPES)})")
        self.client = client
        self.scope = scope
        self._types = note_types()
        self._names: dict[str, str] = {}  # kind -> note type name in this Anki
        self._ids: dict[str, int] = {}  # note type name -> id
        self._decks: dict[str, int] | None = None
        self._permitted = False

    def connect(self) -> str:
        """Ask AnkiConnect for permission (once) and say what answered; raises when refused.

        ``requestPermission`` needs no API key, so a missing or wrong key is named
        here rather than as a bare refusal of the first real action.
        """
        answer = self.client.request_permission()
        if not isinstance(answer, Mapping) or answer.get("permission") != "granted":
            raise PermissionRefused(f"Anki at {self.client.label} refused Duizhao's request "
                                    "(AnkiConnect asked you and permission was denied)")
        if answer.get("requireApikey") and not self.client.key:
            raise PermissionRefused(f"AnkiConnect at {self.client.label} asks for an API key: "
                                    "enter the key from its settings in Duizhao's Anki settings")
        try:
            version = self.client.version()
        except AnkiConnectError as exc:
            if "api key" in str(exc).lower():
                raise PermissionRefused(f"AnkiConnect at {self.client.label} refused the API key "
                                        "(check it in Duizhao's Anki settings)") from None
            raise
        self._permitted = True
        return f"AnkiConnect {version} at {self.client.label}"

    def _ensure_permitted(self) -> None:
        if not self._permitted:
            self.connect()

    # -- note types ---------------------------------------------------------------------------

    def note_type_name(self, kind: str, *, create: bool = True) -> str | None:
        """The name of the note type for ``kind`` in this Anki, created if missing (``create``).

        The first of ``Duizhao Word``, ``Duizhao Word v2``, ... that either has
        exactly our fields (used as it is: its templates are the user's) or
        does not exist (created).  None when it does not exist and ``create`` is False.
        """
        if kind in self._names:
            return self._names[kind]
        wanted = self._types[kind]
        models = self.client.model_names_and_ids()
        version = 1
        while True:
            name = versioned_name(wanted.name, version)
            if name not in models:
                if not create:
                    return None
                self.client.create_model(name, wanted.fields, wanted.templates, wanted.css, wanted.cloze)
                self._ids[name] = self.client.model_names_and_ids()[name]
                break
            if tuple(self.client.model_field_names(name)) == wanted.fields:
                self._ids[name] = models[name]
                break
            version += 1
        self._names[kind] = name
        return name

    def _deck_id(self, name: str, *, create: bool) -> int | None:
        if self._decks is None or (create and name not in self._decks):
            self._decks = self.client.deck_names_and_ids()
        if name not in self._decks and create:
            self.client.create_deck(name)
            self._decks = self.client.deck_names_and_ids()
        return self._decks.get(name)

    # -- notes --------------------------------------------------------------------------------

    def _fields(self, note: AnyNote, sounds: Mapping[str, str] | None = None) -> dict[str, str]:
        kind = anki.note_kind(note)
        values = anki.note_fields(note, sounds)
        return dict(zip(self._types[kind].fields, values))

    def _scope_options(self, deck: str) -> dict:
        if self.scope == "deck":
            return {"duplicateScope": "deck",
                    "duplicateScopeOptions": {"deckName": deck, "checkChildren": False, "checkAllModels": False}}
        if self.scope == "collection":
            return {"duplicateScope": "collection",
                    "duplicateScopeOptions": {"checkChildren": False, "checkAllModels": True}}
        return {"duplicateScope": "collection"}

    def in_anki(self, notes: Sequence[AnyNote]) -> list[bool]:
        """For each note: is a note with its first field already in Anki (in the chosen scope)?

        Read-only: creates no note type or deck (none existing means nothing is there yet).
        """
        self._ensure_permitted()
        notes = list(notes)
        out = [False] * len(notes)
        asks, where = [], []
        for i, note in enumerate(notes):
            kind = anki.note_kind(note)
            name = self.note_type_name(kind, create=False)
            if name is None and self.scope != "collection":
                continue
            deck = note.deck or anki.DEFAULT_DECK
            if self.scope == "deck" and self._deck_id(deck, create=False) is None:
                continue
            # canAddNotes needs an existing note type and deck to test against: use ours or the
            # first note type / deck there is (only the first field matters in "collection" scope).
            model = name or next(iter(self.client.model_names()), None)
            if model is None:
                continue
            fields = self._fields(note) if name else {}
            if not name:
                first = self.client.model_field_names(model)[0]
                fields = {first: anki.note_fields(note)[0]}
            if self._deck_id(deck, create=False) is None:
                deck = next(iter(self.client.deck_names()), deck)
            asks.append({"deckName": deck, "modelName": model, "fields": fields,
                         "options": {"allowDuplicate": False, **self._scope_options(deck)}})
            where.append(i)
        if asks:
            try:
                answers = self.client.can_add_notes_with_error_detail(asks)
            except AnkiConnectError as exc:
                if "unsupported action" not in str(exc):
                    raise
                # An add-on older than canAddNotesWithErrorDetail: our notes are valid, so a
                # note that cannot be added is a duplicate.
                answers = [{"canAdd": ok, "error": "" if ok else "duplicate"}
                           for ok in self.client.can_add_notes(asks)]
            for i, answer in zip(where, answers):
                out[i] = not answer.get("canAdd") and "duplicate" in str(answer.get("error", "")).lower()
        return out

    def find(self, note: AnyNote) -> list[int]:
        """Ids of the notes of our note type with ``note``'s first field (in its deck for "deck" scope)."""
        self._ensure_permitted()
        kind = anki.note_kind(note)
        name = self.note_type_name(kind, create=False)
        if name is None:
            return []
        first = anki.note_fields(note)[0]
        query = f'"dupe:{self._ids[name]},{search_quote(first)}"'
        if self.scope == "deck":
            did = self._deck_id(note.deck or anki.DEFAULT_DECK, create=False)
            if did is None:
                return []
            query += f" did:{did}"
        return self.client.find_notes(query)

    def send(self, notes: Iterable[AnyNote], media: Mapping[str, bytes] | None = None,
             sounds: Mapping[str, Mapping[str, str]] | None = None) -> SendResult:
        """Add each note, or update the fields of the note already there (found by :meth:`find`).

        ``media``: file name -> bytes, stored first (``storeMediaFile``);
        ``sounds``: note uid -> ``{"word"|"sentence": file name}`` as for
        :func:`reader.export.anki.note_fields`.  Tags and decks of notes already in
        Anki are left as the user has them.
        """
        self._ensure_permitted()
        notes = list(notes)
        stored: dict[str, str] = {}
        for filename, data in (media or {}).items():
            stored[filename] = self.client.store_media_file(filename, data)
        ids: list[int] = []
        added = updated = skipped = 0
        for note in notes:
            kind = anki.note_kind(note)
            name = self.note_type_name(kind)
            deck = note.deck or anki.DEFAULT_DECK
            note_sounds = {k: stored.get(v, v) for k, v in ((sounds or {}).get(note.uid) or {}).items()}
            fields = self._fields(note, note_sounds)
            existing = self.find(note)
            if existing:
                for nid in existing:
                    self.client.update_note_fields(nid, fields if note_sounds else self._keep_sounds(nid, fields))
                ids.append(existing[0])
                updated += 1
                continue
            self._deck_id(deck, create=True)
            try:
                ids.append(self.client.add_note({
                    "deckName": deck, "modelName": name, "fields": fields, "tags": anki.note_tags(note),
                    "options": {"allowDuplicate": False, **self._scope_options(deck)},
                }))
            except AnkiConnectError as exc:
                # "collection" scope: a note of another type has this first field; it is left alone.
                if "duplicate" not in str(exc):
                    raise
                ids.append(0)
                skipped += 1
                continue
            added += 1
        return SendResult(tuple(ids), added, updated, tuple(stored.values()), dict(self._names), skipped)

    def _keep_sounds(self, note_id: int, fields: dict[str, str]) -> dict[str, str]:
        """``fields`` with the ``[sound:...]`` tags the note has in Anki now (an update without audio keeps it)."""
        info = (self.client.notes_info([note_id]) or [{}])[0].get("fields") or {}
        kept = dict(fields)
        for name, value in fields.items():
            old = str((info.get(name) or {}).get("value", ""))
            tags = "".join(_SOUND_TAG.findall(old))
            if tags and not _SOUND_TAG.search(value):
                kept[name] = value + tags
        return kept

    def browse(self, note_ids: Sequence[int]) -> list[int]:
        """Show the notes in Anki's browser (``guiBrowse nid:...``)."""
        if not note_ids:
            return []
        self._ensure_permitted()
        return self.client.gui_browse("nid:" + ",".join(str(int(n)) for n in note_ids))



#: The library setting holding the connection: :class:`LiveSettings` as JSON (every key optional).
SETTINGS_KEY = "anki_connect"


@dataclass(frozen=True)
class LiveSettings:
    """How the window talks to Anki (the ``anki_connect`` setting)."""

    url: str = DEFAULT_URL
    key: str = ""  # AnkiConnect's optional API key
    deck: str = anki.DEFAULT_DECK  # where new notes go
    scope: str = "notetype"  # where a duplicate is looked for (DUPLICATE_SCOPES)
    audio: bool = False  # word and sentence audio on the cards (reader.speech)
    sentence: bool = True  # a word goes with its sentence as a cloze note
    timeout: float = DEFAULT_TIMEOUT
    enabled: bool = False  # used or set up once: the popup then asks Anki whether a word is there

    @classmethod
    def from_json(cls, value) -> LiveSettings:
        """From the stored setting; anything unreadable falls back to its default."""
        value = value if isinstance(value, Mapping) else {}
        default = cls()
        try:
            timeout = min(max(float(value.get("timeout") or DEFAULT_TIMEOUT), 0.5), 60.0)
        except (TypeError, ValueError):
            timeout = DEFAULT_TIMEOUT
        scope = value.get("scope")
        return cls(
            url=str(value.get("url") or default.url), key=str(value.get("key") or ""),
            deck=str(value.get("deck") or "").strip() or default.deck,
            scope=scope if scope in DUPLICATE_SCOPES else default.scope,
            audio=bool(value.get("audio", default.audio)), sentence=bool(value.get("sentence", default.sentence)),
            timeout=timeout, enabled=bool(value.get("enabled", default.enabled)),
        )

    def to_json(self) -> dict:
        return dataclasses.asdict(self)

    def sync(self) -> AnkiSync:
        """A client for these settings (:class:`NotLoopback` when the address is not this machine)."""
        return AnkiSync(AnkiConnect(self.url, key=self.key or None, timeout=self.timeout), scope=self.scope)


def sync_from_settings(value: Mapping | None) -> AnkiSync:
    """An :class:`AnkiSync` from the ``anki_connect`` setting (defaults: 127.0.0.1:8765, note type scope)."""
    value = value if isinstance(value, Mapping) else {}
    try:
        timeout = float(value.get("timeout") or DEFAULT_TIMEOUT)
    except (TypeError, ValueError):
        timeout = DEFAULT_TIMEOUT
    client = AnkiConnect(str(value.get("url") or DEFAULT_URL), key=value.get("key") or None,
                         timeout=min(max(timeout, 0.5), 60.0))
    return AnkiSync(client, scope=str(value.get("scope") or "notetype"))


def word_in_anki(sync: AnkiSync, simplified: str, deck: str = anki.DEFAULT_DECK) -> bool:
    """Is this word (a hovered one, saved or not) already a ``Duizhao Word`` in Anki?"""
    return sync.in_anki([anki.WordNote(uid="", simplified=simplified, deck=deck)])[0]


def word_note_ids(sync: AnkiSync, simplified: str, deck: str = anki.DEFAULT_DECK) -> list[int]:
    """The ids of the word's ``Duizhao Word`` notes in Anki (for "Show in Anki")."""
    return sync.find(anki.WordNote(uid="", simplified=simplified, deck=deck))


def send_items(
    sync: AnkiSync,
    *,
    words: Sequence,
    annotations: Sequence,
    articles: Mapping[int, object],
    translate,
    include_words: bool = True,
    include_sentences: bool = True,
    include_passages: bool = True,
    deck_per_article: bool = False,
    dictionary=None,
    audio: bool = False,
    voice=None,
    deck: str | None = None,
) -> SendResult:
    """The live twin of :func:`reader.export.anki_items.export_items`: the same notes, sent to Anki.

    Audio (``audio``) is spoken once per text, stored with ``storeMediaFile``
    and referenced from the same fields as in the ``.apkg``.  ``deck`` puts new
    notes in that deck instead of the export's (one deck, or one per article).
    """
    import tempfile
    from pathlib import Path

    from reader.export.anki_items import build_notes, note_audio

    if audio and voice is None:
        from reader.speech import find_voice

        voice = find_voice()
    annotations = [a for a in annotations if not a.deleted] if include_passages else []
    if dictionary is None and words:
        from reader.text.dictionary import get_dictionary

        dictionary = get_dictionary()
    notes = build_notes(words if (include_words or include_sentences) else [], annotations, articles, translate,
                        include_words=include_words, include_sentences=include_sentences,
                        deck_per_article=deck_per_article, dictionary=dictionary)
    if not notes:
        return SendResult()
    if deck and deck.strip():
        notes = [dataclasses.replace(note, deck=deck.strip()) for note in notes]
    if not audio:
        return sync.send(notes)
    with tempfile.TemporaryDirectory(prefix="duizhao-audio-") as folder:
        files, sounds = note_audio(notes, Path(folder), voice)
        return sync.send(notes, media={name: path.read_bytes() for name, path in files.items()}, sounds=sounds)


def send_library(
    library,
    sync: AnkiSync,
    *,
    article_id: int | None = None,
    word_ids: Sequence[int] | None = None,
    annotation_uuids: Sequence[str] | None = None,
    words: bool = True,
    sentences: bool = True,
    passages: bool = True,
    deck_per_article: bool = False,
    audio: bool = False,
    deck: str | None = None,
) -> SendResult:
    """``Library.send_anki``: the library's words and passages (all, one article's, or the chosen ones) to Anki.

    Reads through the facade's public methods only.  ``exported_at`` is left
    alone: it belongs to the ``.apkg`` path's "only what changed".
    """
    infos = {info.id: info for info in library.articles()}
    if article_id is not None and article_id not in infos:
        from reader.errors import InputError

        raise InputError(f"no article with id {article_id}")
    chosen_words = library.words(article_id) if (words or sentences) else []
    if word_ids is not None:
        wanted = set(word_ids)
        chosen_words = [w for w in chosen_words if w.id in wanted]
    chosen_annotations = library.annotations(article_id) if passages else []
    if annotation_uuids is not None:
        wanted_uuids = set(annotation_uuids)
        chosen_annotations = [a for a in chosen_annotations if a.uuid in wanted_uuids]
    partners = library.partner_texts(chosen_annotations) if chosen_annotations else {}
    return send_items(
        sync, words=chosen_words, annotations=chosen_annotations, articles=infos,
        translate=lambda annotation: partners[annotation.uuid], include_words=words, include_sentences=sentences,
        include_passages=passages, deck_per_article=deck_per_article, audio=audio, deck=deck,
    )

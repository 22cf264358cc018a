"""An AnkiConnect-compatible server over the real ``anki`` library, for the tests.

It serves the AnkiConnect actions Duizhao uses, over HTTP on a loopback port,
on a real :class:`anki.collection.Collection`: notes are really added,
searched, updated and media really written, with AnkiConnect's semantics
(https://git.foosoft.net/alex/anki-connect, ``plugin/__init__.py`` and
``plugin/web.py``): version 6 replies ``{"result", "error"}``; the API key is
checked except for ``requestPermission``; ``addNote`` needs an existing deck
and note type and refuses a duplicate first field in the chosen scope;
``addNotes`` rolls back when one note fails; ``storeMediaFile`` replaces a
file of the same name; ``findNotes`` is Anki's own search.  ``guiBrowse``
has no window to open here: it records the query and returns the cards it
matches, as AnkiConnect does.

Why not the ``anki-connect-server`` package from PyPI: it needs Python 3.12
(Duizhao supports 3.11), states no licence, and pulls in FastAPI, uvicorn and
an MCP server.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import anki.lang
import anki.utils
from anki.collection import Collection
from anki.consts import MODEL_CLOZE
from anki.errors import NotFoundError

API_VERSION = 6


class _Refused(Exception):
    """An action's error, sent back as AnkiConnect's ``error`` string."""


class AnkiConnectServer:
    """``with AnkiConnectServer(path) as server:`` serves ``server.url`` until the block ends."""

    def __init__(self, collection_path: str, *, api_key: str | None = None, host: str = "127.0.0.1",
                 permission: str = "granted"):
        if anki.lang.current_i18n is None:  # Anki's desktop sets it; field checksums need it
            anki.lang.set_lang("en_US")
        self.collection_path = str(collection_path)
        self.col = Collection(self.collection_path)
        self.api_key = api_key
        # "denied" answers requestPermission as AnkiConnect does when its user clicks No in the dialog
        # it shows for an unknown client (tests may change it while serving: the user allowed it later).
        self.permission = permission
        self.requests: list[dict] = []  # every request, for the tests to inspect
        self.browsed: list[str] = []
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's hook name
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if not body:
                    reply = f"AnkiConnect v.{API_VERSION}".encode()
                else:
                    try:
                        request = json.loads(body.decode("utf-8"))
                    except ValueError:
                        reply = b"null"
                    else:
                        with owner._lock:
                            reply = json.dumps(owner.handle(request)).encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "text/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args):  # quiet
                pass

        self.httpd = HTTPServer((host, 0), Handler)
        self.port = self.httpd.server_address[1]
        self.url = f"http://{host}:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> AnkiConnectServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Stop serving and close the collection (it can then be opened by the test)."""
        if self._thread.is_alive():
            self.httpd.shutdown()
            self._thread.join(10)
        self.httpd.server_close()
        if self.col is not None:
            self.col.close()
            self.col = None

    # -- dispatch ---------------------------------------------------------------------------

    def handle(self, request: dict):
        self.requests.append(request)
        name = request.get("action", "")
        version = request.get("version", 4)
        params = request.get("params", {}) or {}
        try:
            if request.get("key") != self.api_key and name != "requestPermission":
                raise _Refused("valid api key must be provided")
            method = getattr(self, "act_" + name, None)
            if method is None:
                raise _Refused("unsupported action")
            result = method(**params)
        except Exception as exc:  # AnkiConnect turns every exception into the error string
            return {"result": None, "error": str(exc)}
        return {"result": result, "error": None} if version > 4 else result

    # -- miscellaneous ----------------------------------------------------------------------

    def act_version(self):
        return API_VERSION

    def act_requestPermission(self, origin="", allowed=True):  # noqa: N802
        # AnkiConnect answers a refusal with the permission alone, and a grant with what the client needs.
        if self.permission != "granted":
            return {"permission": "denied"}
        return {"permission": "granted", "requireApikey": bool(self.api_key), "version": API_VERSION}

    # -- decks ------------------------------------------------------------------------------

    def act_deckNames(self):  # noqa: N802
        return [d.name for d in self.col.decks.all_names_and_ids()]

    def act_deckNamesAndIds(self):  # noqa: N802
        return {d.name: d.id for d in self.col.decks.all_names_and_ids()}

    def act_createDeck(self, deck):  # noqa: N802
        return self.col.decks.id(deck)

    # -- note types -------------------------------------------------------------------------

    def act_modelNames(self):  # noqa: N802
        return [m.name for m in self.col.models.all_names_and_ids()]

    def act_modelNamesAndIds(self):  # noqa: N802
        return {m.name: m.id for m in self.col.models.all_names_and_ids()}

    def act_modelFieldNames(self, modelName):  # noqa: N802, N803
        model = self.col.models.by_name(modelName)
        if model is None:
            raise _Refused(f"model was not found: {modelName}")
        return [f["name"] for f in model["flds"]]

    def act_createModel(self, modelName, inOrderFields, cardTemplates, css=None, isCloze=False):  # noqa: N802, N803
        if not inOrderFields:
            raise _Refused("Must provide at least one field for inOrderFields")
        if not cardTemplates:
            raise _Refused("Must provide at least one card for cardTemplates")
        if modelName in self.act_modelNames():
            raise _Refused("Model name already exists")
        mm = self.col.models
        model = mm.new(modelName)
        if isCloze:
            model["type"] = MODEL_CLOZE
        for name in inOrderFields:
            mm.add_field(model, mm.new_field(name))
        if css is not None:
            model["css"] = css
        for number, card in enumerate(cardTemplates, 1):
            template = mm.new_template(card.get("Name", f"Card {number}"))
            template["qfmt"], template["afmt"] = card["Front"], card["Back"]
            mm.add_template(model, template)
        mm.add(model)
        return mm.by_name(modelName)

    # -- notes ------------------------------------------------------------------------------

    def _create_note(self, note: dict):
        model = self.col.models.by_name(note["modelName"])
        if model is None:
            raise _Refused(f"model was not found: {note['modelName']}")
        deck = self.col.decks.by_name(note["deckName"])
        if deck is None:
            raise _Refused(f"deck was not found: {note['deckName']}")
        anki_note = self.col.new_note(model)
        anki_note.note_type()["did"] = deck["id"]
        if "tags" in note:
            anki_note.tags = list(note["tags"])
        for name, value in note["fields"].items():
            for anki_name in anki_note.keys():  # noqa: SIM118 - a Note, not a dict
                if name.lower() == anki_name.lower():
                    anki_note[anki_name] = value
                    break
        options = note.get("options") or {}
        allow = options.get("allowDuplicate", False)
        if not isinstance(allow, bool):
            raise _Refused('option parameter "allowDuplicate" must be boolean')
        scope_options = options.get("duplicateScopeOptions") or {}
        state = self._duplicate_or_empty(anki_note, deck, options.get("duplicateScope"),
                                         scope_options.get("deckName"), bool(scope_options.get("checkChildren")),
                                         bool(scope_options.get("checkAllModels")))
        if state == 1:
            raise _Refused("cannot create note because it is empty")
        if state == 2 and not allow:
            raise _Refused("cannot create note because it is a duplicate")
        return anki_note, deck["id"]

    def _duplicate_or_empty(self, note, deck, scope, scope_deck, children, all_models) -> int:
        """1 if the first field is empty, 2 if it is a duplicate in the scope, else 0 (AnkiConnect's rule)."""
        if scope != "deck" and not all_models:
            state = note.fields_check()
            return 1 if state == 1 else 2 if state == 2 else 0
        value = note.fields[0]
        if not value.strip():
            return 1
        dids = None
        if scope == "deck":
            did = deck["id"]
            if scope_deck is not None:
                other = self.col.decks.by_name(scope_deck)
                if other is None:
                    return 0
                did = other["id"]
            dids = {did}
            if children:
                dids |= {child_id for _, child_id in self.col.decks.children(did)}
        query, args = "select id from notes where csum=?", [anki.utils.field_checksum(value)]
        if not all_models:
            query += " and mid=?"
            args.append(note.mid)
        for nid in self.col.db.list(query, *args):
            if dids is None or set(self.col.db.list("select did from cards where nid=?", nid)) & dids:
                return 2
        return 0

    def act_canAddNotesWithErrorDetail(self, notes):  # noqa: N802
        out = []
        for note in notes:
            try:
                self._create_note(note)
                out.append({"canAdd": True})
            except Exception as exc:
                out.append({"canAdd": False, "error": str(exc)})
        return out

    def act_canAddNotes(self, notes):  # noqa: N802
        out = []
        for note in notes:
            try:
                self._create_note(note)
                out.append(True)
            except Exception:
                out.append(False)
        return out

    def act_addNote(self, note):  # noqa: N802
        anki_note, deck_id = self._create_note(note)
        self.col.add_note(anki_note, deck_id)
        if not anki_note.card_ids():
            raise _Refused("The field values you have provided would make an empty question on all cards.")
        return anki_note.id

    def act_addNotes(self, notes):  # noqa: N802
        results, errors = [], []
        for note in notes:
            try:
                results.append(self.act_addNote(note))
            except Exception as exc:
                errors.append(str(exc))
        if errors:
            self.col.remove_notes(results)  # AnkiConnect rolls back so nothing happens on error
            raise _Refused(str(errors))
        return results

    def act_findNotes(self, query=None):  # noqa: N802
        return [] if query is None else [int(n) for n in self.col.find_notes(query)]

    def act_notesInfo(self, notes=None, query=None):  # noqa: N802
        if notes is None and query is None:
            raise _Refused('Must provide either "notes" or a "query"')
        if query is not None:
            notes = self.act_findNotes(query)
        out = []
        for nid in notes:
            try:
                note = self.col.get_note(nid)
            except NotFoundError:
                out.append({})
                continue
            model = note.note_type()
            out.append({
                "noteId": note.id,
                "tags": note.tags,
                "fields": {f["name"]: {"value": note.fields[f["ord"]], "order": f["ord"]} for f in model["flds"]},
                "modelName": model["name"],
                "mod": note.mod,
                "cards": list(self.col.db.list("select id from cards where nid=? order by ord", nid)),
            })
        return out

    def act_updateNoteFields(self, note):  # noqa: N802
        try:
            anki_note = self.col.get_note(note["id"])
        except NotFoundError:
            raise _Refused(f"Note was not found: {note['id']}") from None
        for name, value in note["fields"].items():
            if name in anki_note:
                anki_note[name] = value
        self.col.update_note(anki_note, skip_undo_entry=True)
        return None

    # -- media ------------------------------------------------------------------------------

    def act_storeMediaFile(self, filename, data=None, path=None, url=None, skipHash=None,  # noqa: N802, N803
                           deleteExisting=True):  # noqa: N803
        if not (data or path or url):
            raise _Refused('You must provide a "data", "path", or "url" field.')
        if url and not (data or path):
            raise _Refused("this test server never downloads")  # the tests stay offline
        if data:
            content = base64.b64decode(data)
        else:
            with open(path, "rb") as handle:
                content = handle.read()
        if skipHash is not None and hashlib.md5(content).hexdigest() == skipHash:
            return None
        if deleteExisting:
            self.col.media.trash_files([filename])
        return self.col.media.write_data(filename, content)

    # -- graphical --------------------------------------------------------------------------

    def act_guiBrowse(self, query=None, reorderCards=None):  # noqa: N802, N803
        self.browsed.append(query)
        return [] if query is None else [int(c) for c in self.col.find_cards(query)]

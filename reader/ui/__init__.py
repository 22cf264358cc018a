"""The Qt shell: the only package (with reader.app) that imports PySide6.

Thin by design: widgets emit signals and ``main_window`` wires them to the
facade (:class:`reader.library.Library`); nothing here imports the store.
At start-up the window is painted from :func:`reader.store.peek.peek` before
the Library is attached (``MainWindow.attach_library``).

- ``main_window`` — the window, its menus, the table of command handlers and every facade call
- ``ops`` — ``Op``/``OpRunner``: undoable changes under the Library's lock, errors as one signal,
  one ``changes_applied(Changes)`` signal deciding the refreshes
- ``actions`` — the commands: shortcuts, QActions, when each is enabled
- ``dialogs`` — paste, Anki and notes export options, keyboard shortcuts
- ``find`` — the find controller (matches, stepping; the bar itself is ``findbar``)
- ``panes`` — the Chinese and English ``QTextBrowser`` views (words, tones,
  ruby pinyin, highlight layers, privacy-safe resource loading)
- ``popup`` — the hover word card and where it goes (never over the word or
  the English sentence it lights)
- ``english_layout`` — the English pane's display-only paragraph breaks and
  repaired spaces
- ``findbar`` — the find bar widget (Ctrl+F)
- ``side_panels`` — annotations sidebar, vocabulary list, library view
- ``worker`` — ``run_in_background`` and the Library lock (thread model)
- ``offsets`` — code points <-> document positions (UTF-16, display-only
  characters; the only conversion)
- ``fonts``, ``tones``, ``theme``, ``display`` — presentation settings
- ``single_instance`` — hand files to an already running window
- ``compat`` — guard against a PySide6 6.12.0 / Python 3.11 reference bug
- ``safe_text`` — the one rule for page, database and user text: plain or
  escaped, never markup; every rich-text widget's resources from the
  article's folder only (regular files, size-capped)
- ``files`` — files to open checked by ``stat`` first (FIFOs, devices and
  folders refused in one line); names that are not UTF-8 kept and shown safely
"""

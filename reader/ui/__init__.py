"""The Qt shell: the only package (with reader.app) that imports PySide6.

Thin by design: widgets emit signals and ``main_window`` wires them to the
facade (:class:`reader.library.Library`); nothing here imports the store.

- ``main_window`` — the window, menus, actions and every facade call
- ``panes`` — the Chinese and English ``QTextBrowser`` views (words, tones,
  ruby pinyin, highlight layers, privacy-safe resource loading)
- ``popup`` — the hover word card
- ``panels`` — annotations sidebar, vocabulary list, library view
- ``worker`` — ``run_in_background`` and the Library lock (thread model)
- ``offsets`` — code points <-> UTF-16 (the only conversion)
- ``fonts``, ``tones``, ``theme``, ``display`` — presentation settings
- ``single_instance`` — hand files to an already running window
- ``compat`` — guard against a PySide6 6.12.0 / Python 3.11 reference bug
"""

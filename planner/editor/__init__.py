"""The desktop editor (PySide6): the window and what it composes — document, canvas and view, tools,
panels, dialogs, the live check, autosave and recovery."""

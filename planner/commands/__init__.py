"""The command line and the batch audit: ``hallplan check|import|audit|…`` (no Qt; the editor is
started through :mod:`planner.app`)."""

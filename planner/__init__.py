"""The application: command line, desktop editor, exports.  The only package that may import Qt."""

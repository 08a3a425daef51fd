"""The one error of the report package: a message in the user's language, never a traceback."""


class ReportError(Exception):
    """A report cannot be produced (no Japanese font, an unwritable folder); str() is the user's message."""

"""Every error factsheet reports to a user, each with a one-line message.

    FactsheetError
    ├── SheetFileError     the sheet file is missing, unreadable, corrupt or too new
    ├── SheetLockedError   another process is editing the sheet
    ├── ReadOnlyError      the sheet was opened for reading only
    ├── NotFoundError      no claim, source or quote with that id
    └── InvalidInputError  a value the sheet cannot take (rating, stance, quote not in source...)

The CLI prints ``error: <message>`` and exits non-zero; the UI shows the message.
"""


class FactsheetError(Exception):
    """Base class: `str(error)` is a complete sentence for the user."""


class SheetFileError(FactsheetError):
    pass


class SheetLockedError(FactsheetError):
    pass


class ReadOnlyError(FactsheetError):
    pass


class NotFoundError(FactsheetError):
    pass


class InvalidInputError(FactsheetError):
    pass

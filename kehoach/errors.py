"""The one error type a user can cause; its message is Vietnamese and shown without a traceback."""


class KehoachError(Exception):
    """An error the user can act on (bad file, bad option, missing index)."""


class ReadError(KehoachError):
    """A file could not be read into text; the message names the file and the cause."""

    def __init__(self, path: object, cause: str):
        self.path = str(path)
        self.cause = cause
        super().__init__(f"{self.path}: {cause}")

"""What can go wrong talking to schedd, as exceptions that say what to do."""


class AischedError(Exception):
    """schedd answered a request with an `error` frame: `code` is its ErrorCode name ("NOT_FOUND", …), `message`
    what went wrong and `hint` what to do about it (may be empty)."""

    def __init__(self, code: str, message: str, hint: str = ""):
        self.code = code
        self.message = message
        self.hint = hint
        super().__init__(f"{code}: {message}" + (f" ({hint})" if hint else ""))


class ConfigError(Exception):
    """No server or token could be found; the text says where the client looked."""

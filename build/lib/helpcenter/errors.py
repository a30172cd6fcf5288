"""The one base class of the mistakes in the repository's input that the
commands report as a message (file, line, what to do) rather than a traceback."""


class InputError(Exception):
    """Bad input: a language, a catalog, the channel data, a command-line value."""

"""One exception hierarchy; the CLI and the web app each translate it in one place."""


class LaborwatchError(Exception):
    """Root of every error laborwatch raises on purpose."""

    exit_code = 1
    http_status = 500


class InputError(LaborwatchError):
    """The user's input (a file, a flag, a record) cannot be used."""

    exit_code = 2
    http_status = 400


class ConfigError(LaborwatchError):
    """Settings or the environment are wrong."""

    exit_code = 2
    http_status = 500


class ResourceError(LaborwatchError):
    """A shipped data file is missing or malformed."""

    http_status = 500


class StoreError(LaborwatchError):
    """The database cannot be opened, migrated or written."""

    http_status = 503


class NotFound(LaborwatchError):
    """A requested document, claim or event does not exist."""

    http_status = 404


class AuthError(LaborwatchError):
    """A write needs a valid token."""

    http_status = 401

"""Where a database lives: URL parsing, secret redaction, and the target from flags, environment or .env."""

from __future__ import annotations

import functools
import io
import math
import os
import re
import urllib.parse
from pathlib import Path
from typing import Literal

from msgspec import Struct

from generator import messages
from generator.db.base import DEFAULT_APPLY_TIMEOUT, DEFAULT_MAX_ANSWER, DEFAULT_TIMEOUT
from generator.errors import DatabaseError
from generator.records import compared_on, repr_without

WS_MESSAGE = messages.WS_URL

DEFAULT_DATABASE = "local.db"  # the embedded database, at the project root, when no URL is set

MASK = "***"
_GRAM = 8  # a run of this many characters of a secret, anywhere in a text, is masked (cut tokens too)
_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_TOKEN_CHARS = r"A-Za-z0-9._~+/=%-"
# Values that may be credentials: `name=value` (URLs, forms), `"name": "value"` (JSON), `Authorization:`.
_CREDENTIAL = r"(?:auth_?token|access_?token|api_?key|token|jwt|password|passwd|secret|authorization)"
_PARAM_RES = (
    re.compile(rf"(?i)\b({_CREDENTIAL}=)(?!\*\*\*)[^&#\s\"',;<>]+"),
    re.compile(rf"(?i)(\"{_CREDENTIAL}\"\s*:\s*\")(?!\*\*\*)[^\"]+"),
    re.compile(r"(?i)\b(authorization\s*:\s*)(?!\*\*\*|bearer\b|basic\b)[^\s\"',;<>]+"),
)
_PARAM_RES_NEEDS = tuple(zip(_PARAM_RES, ("=", '"', ":"), strict=True))  # each one's literal character
_MASKED_PARAM = rf"\1{MASK}"
_MASKED_AUTH = rf"\1\2{MASK}"
_SPACE_RE = re.compile(r"\s")  # the \s that _SCHEME_AUTH_RE needs, whatever whitespace it is
_SCHEME_AUTH_RE = re.compile(r"(?i)\b(bearer|basic)(\s+)(?!\*\*\*)[^\s\"',;<>]+")
_JWT_RE = re.compile(r"eyJ[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*){0,2}")  # whole or cut: eyJ = '{"'
_USERINFO_RE = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/@?#\s]*@")
_TOKEN_LIKE_RE = re.compile(rf"[{_TOKEN_CHARS}]{{32,}}")
# A scheme-less address that is surely a server, not a file: host:port[/path], [v6]:port, *.turso.io.
_SERVER_LIKE_RE = re.compile(
    r"(?i)^(?:\[[0-9a-f:.]+\](?::\d+)?|[a-z0-9.-]+:\d{1,5}|[a-z0-9.-]+\.turso\.(?:io|tech)|localhost"
    r"|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})(?:[/?#].*)?$"
)
_SCHEMES = ("file", "http", "https", "libsql", "turso", "ws", "wss")


class Target(Struct, frozen=True):
    """Where a database lives: a local SQLite file (kind "file"), a local file of the Turso engine opened
    through pyturso (kind "turso") or a Hrana-over-HTTP server (kind "http")."""

    kind: Literal["file", "http", "turso"]
    url: str  # the URL as shown to users: never holds a secret (no token, userinfo or query values)
    # the file path (kinds "file" and "turso") or the base URL "http(s)://host[:port][/path]" (kind "http")
    address: str
    token: str | None = None  # never shown (repr) and not part of what the target is (==, hash)

    __eq__, __hash__ = compared_on("kind", "url", "address")

    def __repr__(self) -> str:
        return repr_without(self, "token")


def token_like(text: str) -> bool:
    """True for a long run of token characters mixing letters and digits (a credential, not a name)."""
    return bool(
        _JWT_RE.fullmatch(text)
        or (_TOKEN_LIKE_RE.fullmatch(text) and re.search(r"\d", text) and re.search(r"[A-Za-z]", text))
    )


def redact(text: str, *secrets: str | None) -> str:
    """`text` with every secret masked as `***`: the given ones (raw, URL-quoted, or any 8-character run
    of them, so a token cut short is masked too), credential parameters (`authToken=`, `token=`, `jwt=`,
    ...), `Bearer` values, anything shaped like a JWT, and URL userinfo."""
    grams: set[str] = set()
    for secret in secrets:
        if not secret:
            continue
        forms, secret_grams = _secret_forms(secret)
        for form in forms:
            if len(form) < _GRAM:  # too short to mask inside words: masked where it stands alone
                text = re.sub(rf"(?<![{_TOKEN_CHARS}]){re.escape(form)}(?![{_TOKEN_CHARS}])", MASK, text)
        grams |= secret_grams
    if grams:
        text = _mask_grams(text, grams)
    # Each pattern runs only on a text holding the character (or run) it cannot match without: most texts
    # (a URL, a message) hold none of them, and a fleet redacts a few per database.
    for param, needed in _PARAM_RES_NEEDS:
        if needed in text:
            text = param.sub(_MASKED_PARAM, text)
    if _SPACE_RE.search(text):
        text = _SCHEME_AUTH_RE.sub(_MASKED_AUTH, text)
    if "eyJ" in text:
        text = _JWT_RE.sub(MASK, text)
    return _USERINFO_RE.sub(r"\1", text) if "@" in text else text


@functools.lru_cache(maxsize=256)
def _secret_forms(secret: str) -> tuple[frozenset[str], frozenset[str]]:
    """A secret's forms (raw, URL-quoted) and every _GRAM-character run of them (worked out once: a fleet
    masks every database's messages with the same few tokens)."""
    forms = frozenset({secret, urllib.parse.quote(secret, safe=""), urllib.parse.quote_plus(secret)})
    grams = frozenset(form[i : i + _GRAM] for form in forms for i in range(len(form) - _GRAM + 1))
    return forms, grams


def _mask_grams(text: str, grams: set[str]) -> str:
    """Replace every maximal stretch of `text` covered by occurrences of `grams` with one MASK."""
    covered = [False] * len(text)
    for i in range(len(text) - _GRAM + 1):
        if text[i : i + _GRAM] in grams:
            covered[i : i + _GRAM] = [True] * _GRAM
    out: list[str] = []
    i = 0
    while i < len(text):
        if covered[i]:
            while i < len(text) and covered[i]:
                i += 1
            out.append(MASK)
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def display_url(raw: str) -> str:
    """How a server URL is shown: no userinfo, no fragment, query values masked (a checked `tls` kept),
    token-like path segments masked; whatever is still token-shaped is then masked by `redact`."""
    try:
        parts = urllib.parse.urlsplit(raw)
    except ValueError:
        return redact(re.split(r"[?#]", raw, maxsplit=1)[0])
    return _shown(parts.scheme, parts.netloc, parts.path, parts.query)


def _shown(scheme: str, netloc: str, path: str, query: str) -> str:
    """`display_url` of a URL already split into these parts (its fragment dropped)."""
    netloc = netloc.rpartition("@")[2]
    path = "/".join(MASK if s and token_like(s) else s for s in path.split("/"))
    pairs = []
    for pair in query.split("&") if query else ():
        name, eq, value = pair.partition("=")
        name = MASK if token_like(name) else name
        keep = name.lower() == "tls" and value.lower() in ("0", "1", "true", "false")
        pairs.append(f"{name}{eq}{value if keep or not eq else MASK}")
    return redact(urllib.parse.urlunsplit((scheme, netloc, path, "&".join(pairs), "")))


def parse_url(url: str) -> Target:
    """Parse a database URL (file:, plain path, turso:, http://, https://, libsql://) into a Target."""
    raw = url.strip()
    if not raw:
        raise DatabaseError("no database URL given")
    match = _SCHEME_RE.match(raw)
    scheme = match.group(1).lower() if match else ""
    if scheme not in _SCHEMES and _SERVER_LIKE_RE.match(raw):
        host = display_url("//" + raw)[2:]
        raise DatabaseError(
            f"{host}: this looks like a server address without a scheme: use libsql://{host} (TLS, e.g. "
            f"Turso) or http://{host} (plain HTTP, e.g. a local sqld); a file so named needs ./ or file:"
        )
    if len(scheme) <= 1:  # no scheme (or a Windows drive letter): a plain path
        return Target("file", redact(raw), raw)
    if scheme == "file":
        return _parse_file_url(raw)
    if scheme == "turso":
        return _parse_turso_url(raw)
    if scheme in ("ws", "wss"):
        raise DatabaseError(f"{display_url(raw)}: {WS_MESSAGE.format(scheme=scheme)}")
    if scheme in ("http", "https", "libsql"):
        return _parse_http_url(raw, scheme)
    raise DatabaseError(
        f"{display_url(raw)}: unsupported URL scheme {scheme}:// (use libsql://, https://, http://, file: "
        "or turso:)"
    )


def relative_to(url: str, root: Path) -> str:
    """`url` as given in a file in folder `root`: a relative local path (plain, `file:` or `turso:`) is
    taken from `root`, as every path in the configuration is; anything else is returned as it is."""
    target = parse_url(url)
    if target.kind == "http" or Path(target.address).is_absolute() or root == Path():
        return url
    path = str(root / target.address)
    scheme = _SCHEME_RE.match(url.strip())
    if scheme is None or len(scheme.group(1)) <= 1:
        return path
    return f"{target.kind}:{urllib.parse.quote(path) if target.kind == 'file' else path}"


def _parse_file_url(raw: str) -> Target:
    """Parse `file:path`, `file:/abs` and `file:///abs` (percent-decoded); a query is not supported."""
    # urlunsplit would turn file:x.db into file:///x.db: shown as written, without query or fragment.
    shown = redact(re.split(r"[?#]", raw, maxsplit=1)[0])
    try:
        parts = urllib.parse.urlsplit(raw)
        query = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
    except ValueError as err:
        raise DatabaseError(f"invalid database URL {shown}: {redact(str(err))}") from None
    query.pop("authToken", None)  # meaningless for a file (libSQL clients accept it), never shown
    if query or parts.fragment:
        raise DatabaseError(f"invalid database URL {shown}: file: URLs take no parameters")
    if parts.netloc not in ("", "localhost"):
        raise DatabaseError(f"invalid database URL {shown}: remote file hosts are not supported")
    path = urllib.parse.unquote(parts.path)
    if not path:
        raise DatabaseError(f"invalid database URL {shown}: no file path")
    if "\x00" in path:
        raise DatabaseError(f"invalid database URL {shown}: the path holds a NUL character")
    return Target("file", shown, path)


def _parse_turso_url(raw: str) -> Target:
    """`turso:PATH` (also `turso://PATH`): a local file opened with the Turso engine (pyturso)."""
    path = raw.split(":", 1)[1]
    path = path[2:] if path.startswith("//") else path
    shown = redact(re.split(r"[?#]", raw, maxsplit=1)[0])
    if "?" in path or "#" in path:
        raise DatabaseError(f"invalid database URL {shown}: turso: URLs take no parameters")
    if not path:
        raise DatabaseError(f"invalid database URL {shown}: no file path")
    if "\x00" in path:
        raise DatabaseError(f"invalid database URL {shown}: the path holds a NUL character")
    return Target("turso", shown, path)


@functools.lru_cache(maxsize=4096)  # a fleet parses each URL when its targets are read and when it is pushed
def _parse_http_url(raw: str, scheme: str) -> Target:
    """Parse an http://, https:// or libsql:// URL: `?authToken=` is taken out, `?tls=0` means plain HTTP."""

    def invalid(why: str) -> DatabaseError:  # the URL is displayed (a redaction) only for an error
        return DatabaseError(f"invalid database URL {display_url(raw)}: {why}")

    try:
        parts = urllib.parse.urlsplit(raw)
        port = parts.port
    except ValueError as err:
        raise invalid(redact(str(err))) from None
    if "@" in parts.netloc:
        raise invalid("credentials in the URL are not supported")
    hostname = parts.hostname
    if not hostname:
        raise invalid("no host name")
    if parts.fragment or raw.endswith("#"):
        raise invalid("unexpected #fragment")
    try:
        query = {}  # parse_qs("") is {} too, only slower
        if parts.query:
            query = urllib.parse.parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        raise invalid("malformed query string") from None
    tokens = query.pop("authToken", [])
    token = tokens[-1].strip() if tokens else None
    tls = query.pop("tls", None) if scheme == "libsql" else None
    if query:
        names = ", ".join(sorted(MASK if token_like(n) else n for n in query))
        hint = ""
        if any(re.search(r"(?i)token|jwt|auth|key", n) for n in query):
            hint = " (give the token as ?authToken=, --token or TURSO_AUTH_TOKEN)"
        noun = "parameter" if len(query) == 1 else "parameters"
        raise invalid(f"unsupported URL {noun}: {names}{hint}")
    wire = scheme
    if scheme == "libsql":
        if tls is None or tls[-1] in ("1", "true"):
            wire = "https"
        elif tls[-1] in ("0", "false"):
            wire = "http"
        else:
            raise invalid("tls must be 0 or 1")
    netloc = hostname if ":" not in hostname else f"[{hostname}]"
    if port is not None:
        netloc = f"{netloc}:{port}"
    address = urllib.parse.urlunsplit((wire, netloc, parts.path.rstrip("/"), "", ""))
    kept = "&".join(f"tls={v}" for v in tls[-1:]) if tls else ""
    display = _shown(parts.scheme, parts.netloc, parts.path, kept)
    return Target("http", display, address, token or None)


def _read_dotenv(path: Path) -> dict[str, str]:
    """The non-empty settings of a .env file (none if there is no file); DatabaseError if unreadable.

    A line python-dotenv cannot parse is skipped (it would only log a warning) unless it mentions one of
    our settings: then it is an error naming the line, never its value.
    """
    try:
        if not path.is_file():
            return {}
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise DatabaseError(f"{path}: not UTF-8 text (byte {err.start})") from None
    except OSError as err:
        raise DatabaseError(f"{path}: cannot read: {err.strerror or err}") from None
    from dotenv import dotenv_values  # imported only when there is a .env to read
    from dotenv.parser import parse_stream

    kept = []
    for binding in parse_stream(io.StringIO(text)):
        if not binding.error:
            kept.append(binding.original.string)
            continue
        named = re.search(r"(TURSO|SCHEMAGEN)_[A-Z_]+", binding.original.string)
        if named:
            raise DatabaseError(
                f"{path}:{binding.original.line}: cannot parse the line setting {named.group()}"
            )
    values = dotenv_values(stream=io.StringIO("".join(kept)))
    return {k: v for k, v in values.items() if v}


class Resolved(Struct, frozen=True):
    """The database to talk to, where that choice came from, and the limits of each request.

    `timeout` bounds every read and probe, `apply_timeout` the request that applies a migration, whole
    requests both (connect, send and the complete answer); `max_answer` is the largest answer body in
    bytes. The token is never shown.
    """

    url: str
    token: str | None  # never shown (repr)
    source: str
    timeout: float = DEFAULT_TIMEOUT
    apply_timeout: float = DEFAULT_APPLY_TIMEOUT
    max_answer: int = DEFAULT_MAX_ANSWER

    def __repr__(self) -> str:
        return repr_without(self, "token")


MAX_SECONDS = 7 * 24 * 3600.0  # the longest timeout taken: a week
MAX_ANSWER_MB = 1024.0 * 1024  # the largest answer taken: a terabyte


def resolve_target(
    url: str | None, token: str | None, cwd: Path | None = None, *, timeout: float | None = None
) -> Resolved:
    """--url/--token, else TURSO_DATABASE_URL/TURSO_AUTH_TOKEN (environment, then .env), else local.db.

    The limits come from `timeout` (--timeout), else SCHEMAGEN_TIMEOUT, SCHEMAGEN_APPLY_TIMEOUT and
    SCHEMAGEN_MAX_ANSWER_MB (environment, then .env), else the defaults (10 s, 300 s, 64 MiB).
    """
    cwd = cwd or Path.cwd()
    dotenv = _read_dotenv(cwd / ".env")

    def setting(name: str) -> tuple[str | None, str]:
        if os.environ.get(name):
            return os.environ[name], f"${name}"
        if dotenv.get(name):
            return dotenv[name], f"{name} in .env"
        return None, ""

    def number(name: str, given: float | None, default: float, most: float, unit: str = "seconds") -> float:
        text, where = (str(given), "--timeout") if given is not None else setting(name)
        if text is None:
            return default
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and value > 0):
            raise DatabaseError(f"{where}: expected a positive number, got {text.strip()[:40]!r}")
        if value > most:
            # Sockets and locks take waits up to a few hundred years; a larger one is an OverflowError there.
            raise DatabaseError(f"{where}: at most {most:,.0f} {unit}, got {text.strip()[:40]}")
        return value

    limits = (
        number("SCHEMAGEN_TIMEOUT", timeout, DEFAULT_TIMEOUT, MAX_SECONDS),
        number("SCHEMAGEN_APPLY_TIMEOUT", None, DEFAULT_APPLY_TIMEOUT, MAX_SECONDS),
        int(number("SCHEMAGEN_MAX_ANSWER_MB", None, DEFAULT_MAX_ANSWER / 2**20, MAX_ANSWER_MB, "MB") * 2**20),
    )

    def resolved(where: str, secret: str | None, source: str) -> Resolved:
        return Resolved(where, secret, source, *limits)

    env_token, _ = setting("TURSO_AUTH_TOKEN")
    chosen_token = token or env_token
    if url:
        return resolved(url, chosen_token, "--url")
    env_url, source = setting("TURSO_DATABASE_URL")
    if env_url:
        return resolved(env_url, chosen_token, source)
    path = cwd / DEFAULT_DATABASE
    return resolved(
        str(path), None, f"no --url or TURSO_DATABASE_URL: using the embedded file {DEFAULT_DATABASE}"
    )

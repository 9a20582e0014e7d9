"""Where schedd is and which token to present, found as aisubmit finds them (docs/OPERATIONS.md): each of server
and token from the first place that gives it, in this order:

1. the arguments given to `Client.connect` (`server`, `token`, `token_file`);
2. the environment: AISCHED_SERVER, AISCHED_TOKEN, AISCHED_TOKEN_FILE, AISCHED_CA (empty counts as unset);
3. the config file $XDG_CONFIG_HOME/aisched/config, else ~/.config/aisched/config: `key = value` lines with
   `server`, `token`, `token_file` (relative to the file's folder) and `ca`; `#` starts a comment.
"""
import os
from dataclasses import dataclass
from typing import Mapping, Optional

from .errors import ConfigError


@dataclass
class Settings:
    host: str
    port: int
    token: str
    ca_file: Optional[str] = None


def _config_path(env: Mapping[str, str]) -> Optional[str]:
    if env.get("XDG_CONFIG_HOME"):
        return os.path.join(env["XDG_CONFIG_HOME"], "aisched", "config")
    if env.get("HOME"):
        return os.path.join(env["HOME"], ".config", "aisched", "config")
    return None


def _read_config(path: Optional[str]) -> dict:
    if not path or not os.path.exists(path):
        return {}
    values = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            key, sep, value = line.partition("=")
            if not sep:
                raise ConfigError(f"{path} line {number}: expected `key = value`")
            values[key.strip()] = value.strip().strip('"')
    if "token_file" in values:
        values["token_file"] = os.path.join(os.path.dirname(path), os.path.expanduser(values["token_file"]))
    return values


def _read_token(path: str) -> str:
    try:
        with open(os.path.expanduser(path), encoding="utf-8") as f:
            token = f.read().strip()
    except OSError as error:
        raise ConfigError(f"cannot read the token file {path}: {error.strerror}") from None
    if not token:
        raise ConfigError(f"the token file {path} is empty; `schedd token issue` prints a token to put there")
    return token


DEFAULT_PORT = 7100


def split_server(server: str):
    """("host", port) of "HOST:PORT", "[IPv6]:PORT", or a bare HOST, "[IPv6]" or IPv6 address for port 7100, as
    aisubmit reads them (ServerAddress.swift)."""
    text = server.strip()
    if text.startswith("["):
        host, close, rest = text[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else (None if not rest else "")
    elif text.count(":") == 1:
        host, _, port = text.partition(":")
    else:  # a bare host, or an IPv6 address (more than one colon cannot be HOST:PORT)
        host, close, port = text, "]", None
    if not host or (text.startswith("[") and not close) or (port is not None and not port.isdigit()):
        raise ConfigError(f"server \"{server}\" is not HOST:PORT (e.g. login-01:7100), [IPv6]:PORT or HOST")
    return host, DEFAULT_PORT if port is None else int(port)


def resolve(server: Optional[str] = None, token: Optional[str] = None, token_file: Optional[str] = None,
            ca_file: Optional[str] = None, environment: Optional[Mapping[str, str]] = None) -> Settings:
    env = {k: v for k, v in (os.environ if environment is None else environment).items() if v}
    file_path = _config_path(env)
    file = None

    def config_file():
        nonlocal file
        if file is None:
            file = _read_config(file_path)
        return file

    server = server or env.get("AISCHED_SERVER") or config_file().get("server")
    if not server:
        raise ConfigError("no server: pass server=\"HOST:PORT\", set AISCHED_SERVER, or put `server = HOST:PORT` "
                          f"in {file_path or '~/.config/aisched/config'}")
    if token is None:
        if token_file:
            token = _read_token(token_file)
        elif env.get("AISCHED_TOKEN"):
            token = env["AISCHED_TOKEN"]
        elif env.get("AISCHED_TOKEN_FILE"):
            token = _read_token(env["AISCHED_TOKEN_FILE"])
        elif config_file().get("token"):
            token = config_file()["token"]
        elif config_file().get("token_file"):
            token = _read_token(config_file()["token_file"])
    if not token:
        raise ConfigError("no token: pass token=…, set AISCHED_TOKEN or AISCHED_TOKEN_FILE, or put `token_file = …` "
                          "in the config file; an admin issues one with `schedd token issue --user NAME`")
    host, port = split_server(server)
    ca_file = ca_file or env.get("AISCHED_CA") or config_file().get("ca")
    return Settings(host=host, port=port, token=token, ca_file=ca_file)

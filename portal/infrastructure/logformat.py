"""How log lines are written: one JSON object per line (LOG_FORMAT=json), for
a log collector; and the development server's access log without query strings."""

import datetime
import json
import logging
import re

# Attributes every LogRecord has; anything else was passed in `extra`.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value if isinstance(value, str | int | float | bool) else repr(value)
        return json.dumps(entry, ensure_ascii=False)


# A query string inside a request line or an error message quoting one: from
# the «?» to the next space or quote. A «?» in a path is always escaped (%3F),
# so the first one in a request target begins its query.
_QUERY = re.compile(r"\?[^\s\"']*")


class WithoutQuery(logging.Filter):
    """Drops query strings from the development server's access log
    (`django.server`): Facebook Login's callback carries its `code` and
    `state` there, and a log line must not keep them. The path stays."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(
                _QUERY.sub("", arg) if isinstance(arg, str) else arg for arg in record.args
            )
        elif not record.args and isinstance(record.msg, str):
            record.msg = _QUERY.sub("", record.msg)
        return True

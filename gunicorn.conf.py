"""gunicorn's settings for every way the portal is served: the Dockerfile's
command, docker-compose.yml's web and the units of docs/operations.md name this file
(`--config gunicorn.conf.py`, from the project's folder). One file, so that
none of them needs the format below quoted for a shell or `%%` for systemd.
"""

# The access log in gunicorn's default shape with two parts left out: the
# query string (the path alone, %(U)s, instead of the request line, %(r)s),
# because Facebook Login's callback brings its `code` and `state` there; and
# the Referer, which may carry another address's query string.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s"'

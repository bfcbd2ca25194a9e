"""Clients of the networks' APIs: they read figures and raise `NetworkError`.

They know nothing of the database: the services in `channels.services` give
them an account and a token and store what they return. Each call goes
through `http.request`, which holds the rules for time-outs, retries and
rate limits in one place.
"""

import contextlib
import ipaddress

from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class LanguageMiddleware(LocaleMiddleware):
    """Russian unless the user chose another language in the portal.

    The browser's Accept-Language is not consulted: union staff often have
    English-language browsers, and the union works in Russian first.
    """

    def process_request(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code


class ContentSecurityPolicyMiddleware:
    """Send the Content-Security-Policy and Permissions-Policy headers (Django 5.2
    has neither of its own)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY
        self.permissions_policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response


class TrustedProxyMiddleware:
    """Behind `TRUSTED_PROXY_COUNT` proxies, the client's address is the one the
    nearest proxy saw: that many entries from the right of X-Forwarded-For
    (each proxy appends what it saw; entries further left are the client's to
    forge). It replaces REMOTE_ADDR, so the login lock-out and the questions
    form's rate limit count clients, not the proxy. With no proxy (0, the
    default) the header is ignored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = settings.TRUSTED_PROXY_COUNT
        if count:
            header = request.META.get("HTTP_X_FORWARDED_FOR", "")
            entries = [entry.strip() for entry in header.split(",") if entry.strip()]
            if len(entries) >= count:
                with contextlib.suppress(ValueError):  # not an address: keep the proxy's
                    request.META["REMOTE_ADDR"] = str(ipaddress.ip_address(entries[-count]))
        return self.get_response(request)


class CompressionMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, minus content that is compressed already.

    BREACH: a compressed page that reflects a request's input next to a secret
    can leak the secret by its length. Django's own defences hold here: the
    CSRF token in every form is masked anew on every response (a different
    string each time), and GZipMiddleware itself adds random bytes to the gzip
    header's filename field ("Heal the Breach", Django 4.2) so lengths vary.
    Session cookies travel in headers, which are never compressed.
    """

    # Photos, office files (zip inside), archives and PDFs gain nothing.
    SKIPPED = ("image/jpeg", "image/png", "image/webp", "image/gif", "application/zip",
               "application/pdf", "application/vnd.openxmlformats", "application/gzip",
               "font/woff", "font/woff2")  # fmt: skip

    def process_request(self, request):
        # A static file sent gzipped here went out with its ETag made weak
        # (W/"…"); WhiteNoise compares strong ones. Asked again, it is the same
        # file: strip the mark so that WhiteNoise answers 304, not the file.
        tag = request.META.get("HTTP_IF_NONE_MATCH", "")
        if tag.startswith("W/") and request.path_info.startswith(settings.STATIC_URL):
            request.META["HTTP_IF_NONE_MATCH"] = tag.removeprefix("W/")

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if content_type.startswith(self.SKIPPED):
            return response
        return super().process_response(request, response)

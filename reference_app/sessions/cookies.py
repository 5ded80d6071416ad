"""The refresh token travels in a cookie: HttpOnly, Secure, SameSite=Strict, for one path.

- HttpOnly: page scripts cannot read it, so a cross-site scripting bug can use the session
  while the page is open but cannot carry the refresh token away to use later. (An access
  token, kept in memory by the frontend, is stolen at most for its few minutes.)
- Secure: sent only over HTTPS (browsers count http://localhost as secure, for development).
- SameSite=Strict: another site's page cannot make the browser send it, so a forged
  cross-site request cannot refresh or sign out (CSRF); the API's CORS answers allow no
  credentials either.
- Path=/api/users/refresh: sent to the one endpoint that needs it, not with every request.

Clients other than browsers (mobile apps, scripts) keep the cookie as any HTTP client does.
"""

from litestar.datastructures import Cookie

REFRESH_COOKIE = "conduit_refresh"
REFRESH_PATH = "/api/users/refresh"


def refresh_cookie(token: str, max_age_seconds: int) -> Cookie:
    return Cookie(
        key=REFRESH_COOKIE,
        value=token,
        path=REFRESH_PATH,
        max_age=max_age_seconds,
        httponly=True,
        secure=True,
        samesite="strict",
    )


def cleared_refresh_cookie() -> Cookie:
    """The cookie that makes a browser forget the refresh token."""
    return Cookie(
        key=REFRESH_COOKIE,
        value="",
        path=REFRESH_PATH,
        max_age=0,
        httponly=True,
        secure=True,
        samesite="strict",
    )

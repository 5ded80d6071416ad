"""Sessions: short-lived access tokens, rotated refresh tokens, sign-out, sign-in limits.

A session starts at `POST /api/users/sessions` (email and password). It answers a short-lived
access token in the RealWorld `token` field and sets a refresh token, an opaque random value,
in an HttpOnly cookie. `POST /api/users/refresh` trades that refresh token for a new access
token and a new refresh token; the one traded is used up. A used refresh token presented again
means two parties hold it: the whole session (its *family* of refresh tokens) ends.
`POST /api/users/logout` ends a session; a password change ends every other one.

The RealWorld `/users/login` token keeps working as before, for the published frontends: it
names no session, lives TOKEN_LIFETIME_MINUTES, and ends early only at a password change.
"""

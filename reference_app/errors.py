"""Errors are part of the interface: every failure answers `{"errors": {"<field>": ["<message>"]}}`.

Handlers raise the small helpers below; the exception handlers turn anything else (invalid
input, a broken constraint, a bug) into the same envelope, and never leak a traceback.
"""

import logging
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_404_NOT_FOUND,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_500_INTERNAL_SERVER_ERROR,
    HTTP_501_NOT_IMPLEMENTED,
    HTTP_503_SERVICE_UNAVAILABLE,
)
from sqlalchemy.exc import DBAPIError, IntegrityError

from reference_app.conflicts import Violation, is_transient, taken_field, violation
from reference_app.retries import mark_for_retry

logger = logging.getLogger("reference_app.errors")

ErrorMessages = dict[str, list[str]]

MISSING_BODY = "is missing: send a JSON object"
TAKEN = "has already been taken"


class Unprocessable(HTTPException):
    """The request was understood but its content is invalid (HTTP 422)."""

    status_code = HTTP_422_UNPROCESSABLE_ENTITY


def invalid(field: str, message: str) -> Unprocessable:
    return Unprocessable(detail=f"{field} {message}", extra={field: [message]})


def not_found(thing: str) -> NotFoundException:
    return NotFoundException(detail=f"{thing} not found", extra={thing: ["not found"]})


def unauthorized(message: str, field: str = "token") -> NotAuthorizedException:
    return NotAuthorizedException(
        detail=f"{field} {message}",
        extra={field: [message]},
        headers={"WWW-Authenticate": "Token"},
    )


def forbidden(thing: str, message: str) -> PermissionDeniedException:
    return PermissionDeniedException(detail=f"{thing} {message}", extra={thing: [message]})


def error_response(status_code: int, errors: ErrorMessages, **kwargs: Any) -> Response[Any]:
    return Response(
        {"errors": errors}, status_code=status_code, media_type=MediaType.JSON, **kwargs
    )


def _field_of(key: str) -> str:
    """`user.email` -> `email`, `article.tagList.0` -> `tagList`: clients know the field."""
    names = [name for name in key.split(".") if name and not name.isdigit()]
    return names[-1] if names else "body"


def _validation_errors(exc: ValidationException) -> ErrorMessages:
    # --- lab 04: validation_errors ---
    errors: ErrorMessages = {}
    for problem in exc.extra if isinstance(exc.extra, list) else []:
        field = _field_of(str(problem.get("key") or ""))
        message = str(problem.get("message", "is invalid"))
        # Pydantic prefixes the messages of custom validators; the field name says it already.
        message = message.removeprefix("Value error, ")
        errors.setdefault(field, []).append(message)
    return errors or {"body": [exc.detail or "is invalid"]}
    # --- end lab 04: validation_errors ---


def _body_missing(exc: ValidationException) -> bool:
    """Litestar names a missing body after the handler's parameter, `data`: clients never see it."""
    problems = exc.extra if isinstance(exc.extra, list) else []
    return any(p.get("key") == "data" and p.get("source") == "body" for p in problems)


def handle_validation(_request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    if _body_missing(exc):
        return error_response(HTTP_422_UNPROCESSABLE_ENTITY, {"body": [MISSING_BODY]})
    return error_response(HTTP_422_UNPROCESSABLE_ENTITY, _validation_errors(exc))


def _misread_body_errors(exc: HTTPException) -> ErrorMessages:
    """Body errors that Litestar reports as a server error; empty for any other error.

    Litestar takes an invalid body key named like a dependency for a failed dependency: a
    missing or null `user` object would answer 500, since `user` is also the signed-in user.
    """
    problems = getattr(exc.__cause__, "errors", None)
    errors: ErrorMessages = {}
    if exc.status_code == HTTP_500_INTERNAL_SERVER_ERROR and isinstance(problems, list):
        for problem in problems:
            loc = problem.get("loc") or ("body",)
            errors.setdefault(str(loc[-1]), []).append(str(problem.get("msg", "is invalid")))
    return errors


def handle_http(_request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    if misread := _misread_body_errors(exc):
        return error_response(HTTP_422_UNPROCESSABLE_ENTITY, misread)
    # --- lab 01: handle_http ---
    if isinstance(exc.extra, dict) and exc.extra:
        errors = {str(k): [str(m) for m in v] for k, v in exc.extra.items()}
    else:
        errors = {"body": [exc.detail]}
    return error_response(exc.status_code, errors, headers=exc.headers)
    # --- end lab 01: handle_http ---


def handle_integrity(request: Request[Any, Any, Any], exc: IntegrityError) -> Response[Any]:
    """A race lost at the database: two requests passed the handler's checks at the same time."""
    kind = violation(exc)
    if kind is Violation.UNIQUE:
        logger.info("unique value taken: %s", exc.orig)
        if field := taken_field(exc):
            return error_response(HTTP_422_UNPROCESSABLE_ENTITY, {field: [TAKEN]})
        return error_response(
            HTTP_422_UNPROCESSABLE_ENTITY, {"body": ["conflicts with existing data"]}
        )
    if kind is Violation.MISSING_REFERENCE:
        logger.info("reference gone: %s", exc.orig)
        return error_response(
            HTTP_404_NOT_FOUND, {"body": ["refers to something that no longer exists"]}
        )
    # NOT NULL, CHECK: validation should have refused it, so this is a bug, not a conflict.
    return handle_unexpected(request, exc)


def handle_database(request: Request[Any, Any, Any], exc: DBAPIError) -> Response[Any]:
    """A deadlock or serialization failure is run again (see `retries`); anything else is a bug."""
    if not is_transient(exc):
        return handle_unexpected(request, exc)
    logger.info("transient database failure: %s", exc.orig)
    mark_for_retry(request.scope)
    return error_response(
        HTTP_503_SERVICE_UNAVAILABLE,
        {"body": ["the database is busy: try again"]},
        headers={"Retry-After": "1"},
    )


def handle_too_deep(_request: Request[Any, Any, Any], _exc: RecursionError) -> Response[Any]:
    # Nothing in this app recurses but decoding and validating what a client sent: a body
    # nested thousands of levels deep is what gets here.
    return error_response(HTTP_400_BAD_REQUEST, {"body": ["is nested too deeply"]})


def handle_not_built(_request: Request[Any, Any, Any], exc: NotImplementedError) -> Response[Any]:
    # In a learner's copy, a part a later lab builds (or one not written yet) raises this:
    # the client is told which lab, as an error like any other, not a crash.
    return error_response(HTTP_501_NOT_IMPLEMENTED, {"body": [str(exc) or "not implemented"]})


def handle_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(HTTP_500_INTERNAL_SERVER_ERROR, {"body": ["internal server error"]})


EXCEPTION_HANDLERS = {
    ValidationException: handle_validation,
    HTTPException: handle_http,
    IntegrityError: handle_integrity,
    DBAPIError: handle_database,
    RecursionError: handle_too_deep,
    NotImplementedError: handle_not_built,
    Exception: handle_unexpected,
}

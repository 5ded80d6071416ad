from labs.engine import Api, check, expect, expect_status

HEALTHY = {"status": "ok", "database": "ok"}


@check(points=2, task="Health", rule="course", catches=["health_plain_text"])
def test_health_answers_ok(api: Api) -> None:
    """GET /health answers 200 with {"status": "ok", "database": "ok"}."""
    reply = api.get("/health")
    expect_status(reply, 200, "the health handler must answer as soon as the database does")
    expect(
        reply.body == HEALTHY,
        reply,
        f"the JSON object {HEALTHY}",
        "return a dict, not a string: Litestar encodes it as JSON",
    )


@check(points=1, task="Health", rule="course", catches=["health_plain_text"])
def test_health_is_json(api: Api) -> None:
    """GET /health says its body is JSON (Content-Type: application/json)."""
    reply = api.get("/health")
    content_type = reply.headers.get("content-type", "")
    expect(
        reply.status == 200 and content_type.startswith("application/json"),
        reply,
        f"status 200 and Content-Type application/json (got Content-Type {content_type!r})",
        "leave media_type at its default: Response(...) of a dict is JSON",
    )

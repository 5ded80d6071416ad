"""Realistic wrong answers: each passes its exercise's visible tests and fails the hidden ones.

Keyed by the grade id of the solution cell they replace. A submission made of these must lose
exactly the points of the hidden tests, notebook by notebook.
"""

PARTIAL_SOLUTIONS = {
    # 01-http
    "status-family": """
def status_family(code: int) -> str:
    if code < 300:
        return "success"  # forgets 1xx, and never refuses a non-code
    if code < 400:
        return "redirection"
    return "client error" if code < 500 else "server error"
""",
    "login-token": """
def login_token(client, email: str, password: str) -> str:
    body = {"user": {"email": email, "password": password}}
    response = client.post("/api/users/login", json=body)
    return response.json()["user"]["token"]  # a 401 raises KeyError, not PermissionError
""",
    "route": """
def route(routes, method: str, path: str):
    wanted = path.strip("/").split("/")
    for route_method, pattern, handler in routes:
        parts = pattern.strip("/").split("/")
        if route_method != method or len(parts) != len(wanted):
            continue
        params = {}
        for part, segment in zip(parts, wanted):
            if part.startswith("{"):
                params[part[1:-1]] = segment
            elif part != segment:
                break
        else:
            return 200, handler, params
    return 404, None, {}  # never 405
""",
    # 02-sql
    "titles-by": """
def titles_by(connection, author_id) -> list[str]:
    rows = connection.execute(
        f"SELECT title FROM articles WHERE author_id = {author_id} ORDER BY created_at DESC"
    )
    return [title for (title,) in rows]
""",
    "full-scan": """
def full_scan(connection, sql, params=()) -> bool:
    steps = [row[3] for row in connection.execute("EXPLAIN QUERY PLAN " + sql, params)]
    return any("SCAN" in step for step in steps)  # an index scan is not a table scan
""",
    "author-index": """
def add_author_index(connection) -> None:
    connection.execute("CREATE INDEX articles_author ON articles (author_id)")  # no order
""",
    # 03-passwords
    "hash-password": """
SALT = bcrypt.gensalt(rounds=4)


def hash_password(password: str, rounds: int = 4) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), SALT).decode("ascii")  # one salt for all
""",
    "password-rule": """
def check_password_rule(password: str) -> str:
    if not 8 <= len(password) <= 72:  # characters, not bytes
        raise ValueError("a password must be 8 to 72 characters")
    return password
""",
    "cost-for-budget": """
def cost_for_budget(measurements: dict[int, float], budget: float) -> int:
    best = None
    for rounds, seconds in measurements.items():
        if seconds <= budget:
            best = rounds  # the last one seen, not the highest
    if best is None:
        raise ValueError("nothing fits")
    return best
""",
    # 04-tokens
    "decode-part": """
def decode_part(part: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(part))  # padding not restored
""",
    "verify": """
def verify(token: str, key: str) -> dict:
    header_part, payload_part, signature = token.split(".")
    header = json.loads(base64.urlsafe_b64decode(header_part + "=" * (-len(header_part) % 4)))
    payload = json.loads(base64.urlsafe_b64decode(payload_part + "=" * (-len(payload_part) % 4)))
    if header.get("alg") == "none":
        return payload  # trusts the token's own algorithm
    signed = f"{header_part}.{payload_part}".encode()
    digest = hmac.new(key.encode(), signed, hashlib.sha256).digest()
    expected = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    if not hmac.compare_digest(expected, signature):
        raise ValueError("bad signature")
    return payload  # never looks at exp
""",
    "read-claims": """
def read_claims(token: str, key: str) -> dict:
    return jwt.decode(token, key, algorithms=["HS256"], options={"verify_aud": False})
""",
    # 05-api-design
    "paginate": """
def paginate(items: list, limit: int, offset: int) -> dict:
    page = items[offset : offset + limit]
    return {"items": page, "total": len(items), "next_offset": offset + limit}
""",
    "error-envelope": """
def error_envelope(problems: list[tuple[str, str]]) -> dict:
    return {"errors": {field: [message] for field, message in problems}}
""",
    "validate-article": """
def validate_article(body) -> list[tuple[str, str]]:
    article = body.get("article", {})
    fields = ("title", "description", "body")
    return [(field, "can't be blank") for field in fields if not article.get(field)]
""",
    # 06-encryption
    "seal": """
NONCE = os.urandom(12)


def seal(key: bytes, plaintext: bytes, context: bytes) -> bytes:
    return NONCE + AESGCM(key).encrypt(NONCE, plaintext, context)  # one nonce for every message
""",
    "recover-reused-nonce": """
def recover_with_reused_nonce(c1: bytes, c2: bytes, p1: bytes) -> bytes:
    return bytes(a ^ b ^ known for a, b, known in zip(c1, c2, p1))  # the tags taken for keystream
""",
    "blind-index": """
def blind_index(key: bytes, email: str) -> str:
    normalised = email.lower()  # whitespace kept: " alice@example.org" is another account
    return hmac.new(key, normalised.encode("utf-8"), hashlib.sha256).hexdigest()
""",
    # 07-sessions
    "hash-token": """
TOKEN_CHARACTERS = 43


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()  # a 4-digit code hashed as fast
""",
    "rotate": """
def rotate(store: TokenStore, token: str) -> str:
    record = store.records.get(hash_token(token))
    if record is None or record.family in store.revoked:
        raise InvalidToken("unknown or revoked refresh token")
    if record.used:
        raise ReuseDetected("a used refresh token came back")  # its family lives on
    record.used = True
    return issue(store, record.user, record.family)
""",
    "allowed": """
def allowed(limiter: Limiter, account: str, address: str, now: float) -> bool:
    key = account  # by account alone: an attacker can lock the owner out
    recent = [moment for moment in limiter.attempts.get(key, []) if now - moment < limiter.window]
    if len(recent) >= limiter.limit:
        limiter.attempts[key] = recent
        return False
    limiter.attempts[key] = recent + [now]
    return True
""",
    # 08-caching
    "ttl-cache": """
class TTLCache:
    def __init__(self, capacity: int, ttl: float, clock=time.monotonic) -> None:
        self.capacity = capacity
        self.ttl = ttl
        self.clock = clock
        self.entries = OrderedDict()  # key -> (expiry, value), least recently used first
        self.evictions = 0

    def get(self, key):
        kept = self.entries.get(key)
        if kept is None or self.clock() >= kept[0]:
            return None
        return kept[1]  # not moved to the end: the oldest stored goes first, however read

    def put(self, key, value) -> None:
        self.entries[key] = (self.clock() + self.ttl, value)
        while len(self.entries) > self.capacity:
            self.entries.popitem(last=False)
            self.evictions += 1
""",
    "etag": """
def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def answer(body: bytes, if_none_match: str | None) -> tuple[int, dict[str, str], bytes]:
    tag = etag_of(body)
    if if_none_match == tag:  # one tag, compared strongly
        return 304, {"ETag": tag}, b""
    return 200, {"ETag": tag}, body
""",
    "entry-key": """
def entry_key(path: str, shown: list[str], versions: dict[str, int]) -> str:
    every = "|".join(f"{name}={version}" for name, version in sorted(versions.items()))
    return f"{path}|{every}"  # every version, shown or not: any write forgets everything
""",
    "may-store": """
def may_store(method: str, request_headers: dict[str, str], status: int) -> bool:
    signed_in = "Authorization" in request_headers or "Cookie" in request_headers  # exact case
    return method == "GET" and status == 200 and not signed_in
""",
    # 09-indexing
    "index-serves": """
def index_serves(index: tuple[str, ...], equals: tuple[str, ...], order_by: str | None) -> bool:
    prefix = len(equals)
    if index[:prefix] != tuple(equals):  # in the WHERE's order: but any order of them serves
        return False
    if order_by is None:
        return prefix > 0
    return len(index) > prefix and index[prefix] == order_by
""",
    "add-indexes": """
def add_indexes(connection: sqlite3.Connection) -> None:
    connection.execute("CREATE INDEX articles_author ON articles (author_id)")  # for the count
    connection.execute("CREATE INDEX articles_author_created ON articles (author_id, created_at)")
    connection.execute("CREATE INDEX articles_created ON articles (created_at)")
    connection.execute("CREATE INDEX tags_tag ON tags (tag)")
""",
    "page-with-tags": """
def page_with_tags(connection: sqlite3.Connection, limit: int) -> list[tuple[str, list[str]]]:
    rows = connection.execute(
        "SELECT a.slug, group_concat(t.tag) FROM articles a JOIN tags t ON t.article_id = a.id"
        " GROUP BY a.id ORDER BY a.created_at DESC, a.id DESC LIMIT ?",
        (limit,),
    )  # an inner join: an article without tags drops out of the page
    return [(slug, sorted(tags.split(","))) for slug, tags in rows]
""",
    # 10-load-testing
    "mean-response": """
def mean_response_ms(users: int, rps: float, think_seconds: float = 0.0) -> float:
    return users / rps * 1000  # the think time left in
""",
    "slowest-endpoint": """
def slowest_endpoint(run: dict, min_requests: int = 20) -> str | None:
    return max(run["endpoints"], key=lambda endpoint: endpoint["p95"])["name"]  # every row
""",
    "untrusted-because": """
def untrusted_because(usage: dict) -> list[str]:
    reasons = []
    if usage["generator_cores"] >= 0.80:  # the mean only, and its limit counted as over
        reasons.append("generator")
    if usage["others_share"] >= 0.15:
        reasons.append("others")
    if usage["steal_share"] >= 0.05:
        reasons.append("steal")
    return reasons
""",
}

# Never ends: the cell must be interrupted by the timeout and the batch go on.
INFINITE_LOOP = """
def status_family(code: int) -> str:
    return "success"


while True:
    pass
"""

#!/usr/bin/env python3
"""Writes the web fixtures (www/sample.har, tests/e2e/fixtures/*.har) deterministically.

Run from the repository root: python3 tests/support/make_fixtures.py
The captures are hand-made but shaped like Chrome's "Export HAR (with sensitive data)".
"""
import base64, json, os

def b64u(obj):
    raw = json.dumps(obj, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

def jwt(claims, sig="SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"):
    return b64u({"alg": "HS256", "typ": "JWT"}) + "." + b64u(claims) + "." + sig

T0 = 1714557600  # 2024-05-01T10:00:00Z

def iso(s):
    import datetime
    return datetime.datetime.fromtimestamp(T0 + s, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")

def h(pairs):
    return [{"name": n, "value": v} for n, v in pairs]

def entry(t, method, url, req_headers, status, res_headers=(), body="", mime="application/json",
          post=None, cookies=(), res_cookies=(), rtype="fetch", redirect="", qs=None, time=87.0):
    e = {
        "startedDateTime": iso(t),
        "time": time,
        "request": {
            "method": method, "url": url, "httpVersion": "h2",
            "headers": h(req_headers),
            "queryString": qs if qs is not None else [],
            "cookies": list(cookies),
            "headersSize": -1, "bodySize": len(post["text"]) if post else 0,
        },
        "response": {
            "status": status, "statusText": "", "httpVersion": "h2",
            "headers": h(res_headers), "cookies": list(res_cookies),
            "content": {"size": len(body), "mimeType": mime, "text": body},
            "redirectURL": redirect, "headersSize": -1, "bodySize": len(body),
        },
        "cache": {}, "timings": {"send": 1, "wait": time - 2, "receive": 1},
        "_resourceType": rtype,
    }
    if post:
        e["request"]["postData"] = post
    return e

def har(entries, creator=("WebInspector", "537.36")):
    return {"log": {"version": "1.2", "creator": {"name": creator[0], "version": creator[1]},
                    "pages": [{"startedDateTime": iso(0), "id": "page_1", "title": "https://app.example/dashboard", "pageTimings": {}}],
                    "entries": entries}}

UA = ("user-agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36")
ORIGIN = ("origin", "https://app.example")
expired = jwt({"iss": "https://auth.example/", "sub": "alice", "aud": "api", "iat": T0 - 7200, "exp": T0 - 3600, "scope": "orders:read"})
valid = jwt({"iss": "https://auth.example/", "sub": "alice", "aud": "api", "iat": T0 - 60, "exp": T0 + 3540, "scope": "orders:read"},
            sig="dGhpcyBpcyBhIHNpZ25hdHVyZSBmb3IgdGVzdHM")

sample = har([
    entry(0, "GET", "https://app.example/dashboard", [UA, ("accept", "text/html")], 200, [("content-type", "text/html")],
          "<!doctype html><title>Dashboard</title>", "text/html", rtype="document", time=120.0),
    entry(1, "GET", "https://api.example/v1/me", [UA, ORIGIN, ("authorization", "Bearer undefined")], 401,
          [("www-authenticate", 'Bearer realm="api"'), ("content-type", "application/json")], '{"error":"unauthorized"}'),
    entry(2, "GET", "https://api.example/v1/orders?page=1", [UA, ORIGIN, ("authorization", "Bearer " + expired)], 401,
          [("www-authenticate", 'Bearer realm="api", error="invalid_token", error_description="The access token expired"')],
          '{"error":"invalid_token"}', qs=[{"name": "page", "value": "1"}]),
    entry(3, "POST", "https://auth.example/oauth/token", [UA, ORIGIN, ("content-type", "application/x-www-form-urlencoded")], 400,
          [("content-type", "application/json")], '{"error":"invalid_grant","error_description":"Refresh token expired"}',
          post={"mimeType": "application/x-www-form-urlencoded", "text": "grant_type=refresh_token&refresh_token=rt-7f3a9b2c4d5e&client_id=web-app",
                "params": [{"name": "grant_type", "value": "refresh_token"}, {"name": "refresh_token", "value": "rt-7f3a9b2c4d5e"}, {"name": "client_id", "value": "web-app"}]}),
    entry(5, "GET", "https://api.example/v1/orders?page=1", [UA, ORIGIN, ("authorization", "Bearer " + valid)], 200,
          [("content-type", "application/json")], '{"orders":[]}', qs=[{"name": "page", "value": "1"}]),
    entry(6, "DELETE", "https://api.example/v1/orders/42", [UA, ORIGIN, ("authorization", "Bearer " + valid)], 403,
          [("www-authenticate", 'Bearer realm="api", error="insufficient_scope", scope="orders:write"')], '{"error":"insufficient_scope"}'),
    entry(7, "GET", "https://api.example/v1/reports", [UA, ORIGIN], 401,
          [("www-authenticate", 'Bearer realm="api"')], '{"error":"unauthorized"}'),
    entry(8, "GET", "https://api.example/v1/stats", [UA, ORIGIN, ("cookie", "sid=9f8e7d6c5b4a")], 401,
          [("content-type", "application/json")], '{"message":"Unauthorized"}',
          cookies=[{"name": "sid", "value": "9f8e7d6c5b4a"}]),
])

SECRET_JWT = jwt({"iss": "https://auth.example/", "sub": "bob", "exp": T0 - 600, "iat": T0 - 4200})
secrets = har([
    entry(0, "POST", "https://auth.example/oauth/token?client_secret=clientsecretABC",
          [UA, ("content-type", "application/x-www-form-urlencoded")], 200,
          [("content-type", "application/json"), ("set-cookie", "session=newsessionvalue-999; Path=/; HttpOnly; Secure")],
          json.dumps({"access_token": SECRET_JWT, "refresh_token": "refresh-r3fr3sh-token-77", "token_type": "Bearer", "expires_in": 3600}),
          post={"mimeType": "application/x-www-form-urlencoded",
                "text": "grant_type=authorization_code&code=codeXYZ987&client_secret=clientsecretABC",
                "params": [{"name": "grant_type", "value": "authorization_code"}, {"name": "code", "value": "codeXYZ987"},
                           {"name": "client_secret", "value": "clientsecretABC"}]},
          qs=[{"name": "client_secret", "value": "clientsecretABC"}],
          res_cookies=[{"name": "session", "value": "newsessionvalue-999", "path": "/", "httpOnly": True, "secure": True}]),
    entry(2, "GET", "https://api.example/v1/me", [UA, ("authorization", "Bearer " + SECRET_JWT)], 401,
          [("www-authenticate", 'Bearer error="invalid_token", error_description="expired"')], '{"error":"invalid_token"}'),
    entry(3, "GET", "https://api.example/v1/keys", [UA, ("x-api-key", "s3cr3t-api-key-998877"),
          ("cookie", "sessionid=sessionvalue-abcdef123456; theme=dark")], 401, [("content-type", "application/json")],
          '{"message":"Invalid API key"}', cookies=[{"name": "sessionid", "value": "sessionvalue-abcdef123456"},
                                                   {"name": "pref", "value": "cookie-from-array-555"}]),
    entry(4, "GET", "https://alice:hunter2pass@legacy.example/admin", [UA,
          ("authorization", "Basic " + base64.b64encode(b"alice:hunter2pass").decode())], 401,
          [("www-authenticate", 'Basic realm="legacy"')], "Unauthorized", "text/plain", rtype="document"),
    entry(5, "GET", "https://api.github.example/user", [UA, ("authorization", "token ghp_16C7e42F292c6912E7710c838347Ae178B4a")], 401,
          [("content-type", "application/json")], '{"message":"Bad credentials"}'),
    entry(6, "GET", "https://app.example/callback", [UA], 302,
          [("location", "https://app.example/#access_token=implicit-fragment-token-42&token_type=bearer&state=xyz")], "",
          "text/html", rtype="document", redirect="https://app.example/#access_token=implicit-fragment-token-42&token_type=bearer&state=xyz"),
    entry(7, "GET", "https://api.example/v1/orders", [UA, ("authorization", "Bearer bearer-opaque-secret-1234567890")], 401,
          [("www-authenticate", 'Bearer realm="api", error="invalid_token"')], '{"error":"invalid_token"}'),
])

mixed = har([
    entry(0, "GET", "https://shop.example/api/cart", [UA, ("cookie", "shop_session=c0ffee12345")], 302,
          [("location", "https://shop.example/login?next=%2Fapi%2Fcart")], "", "text/html",
          redirect="https://shop.example/login?next=%2Fapi%2Fcart", cookies=[{"name": "shop_session", "value": "c0ffee12345"}]),
    entry(1, "GET", "https://shop.example/login?next=%2Fapi%2Fcart", [UA], 200, [("content-type", "text/html")],
          "<html><form action=/login><input name=password type=password></form></html>", "text/html"),
    entry(2, "POST", "https://shop.example/api/login", [UA, ("content-type", "application/json")], 429,
          [("retry-after", "30"), ("content-type", "application/json")], '{"error":"too_many_requests"}',
          post={"mimeType": "application/json", "text": '{"username":"carol","password":"Tr0ub4dor&3"}'}),
    entry(3, "GET", "https://intranet.example/wiki", [UA, ("authorization", "Basic " + base64.b64encode(b"carol:wrongpass123").decode())], 401,
          [("www-authenticate", 'Basic realm="intranet", charset="UTF-8"')], "Unauthorized", "text/plain", rtype="document"),
    entry(4, "GET", "https://api.example/v2/items", [UA, ("authorization", "Bearer null")], 401,
          [("www-authenticate", 'Bearer realm="api"')], "", "application/json"),
], creator=("Firefox", "125.0"))

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
for path, doc in [("www/sample.har", sample), ("tests/e2e/fixtures/secrets.har", secrets), ("tests/e2e/fixtures/mixed.har", mixed)]:
    with open(os.path.join(root, path), "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    print("wrote", path)

"""The lab's FastAPI app: a JSON API signed into as FastAPI's security tutorial teaches (the OAuth2
password flow with `OAuth2PasswordRequestForm`, Bearer JWTs signed with PyJWT), which a great many
single-page apps' back ends follow, served by uvicorn.

On the page's own origin (app.test/fastapi/, as a front end's dev-server proxy puts it):
- POST /fastapi/token: a form with `username` and `password`; a wrong one gets 401 with
  `WWW-Authenticate: Bearer` and {"detail": "Incorrect username or password"}; a right one gets
  {"access_token": <JWT, 30 minutes>, "token_type": "bearer"}.
- GET /fastapi/users/me: `OAuth2PasswordBearer` reads the token. None: 401 "Not authenticated";
  one PyJWT cannot verify (expired, altered, not a JWT): 401 "Could not validate credentials".
  Both with the bare challenge `WWW-Authenticate: Bearer`, no error code: FastAPI's own.
- /fastapi/short/token and /fastapi/short/users/me: the same, with tokens that live two seconds.

From another origin (api.test/fastapi/), each under Starlette's `CORSMiddleware` (credentials
allowed) configured as two common mistakes leave it; Starlette answers a preflight that fails its
checks with 400 and "Disallowed CORS <what>":
- /fastapi/cors-headers/users/me: the page's origin allowed, no `allow_headers` (Authorization is
  no safelisted header): "Disallowed CORS headers".
- /fastapi/cors-origin/users/me: only the origin of another dev server allowed
  (http://localhost:3000): "Disallowed CORS origin".
- /fastapi/cors-ok/users/me: the page's origin and every header allowed.

Nothing here is why401's: the answers are FastAPI's and Starlette's.
Run: python fastapi_app.py PORT PAGE_ORIGIN
"""
import hmac
import sys
from datetime import datetime, timedelta, timezone
from typing import Annotated

import jwt
import uvicorn
from fastapi import APIRouter, Depends, FastAPI, HTTPException, status
from fastapi.middleware.cors import CORSMiddleware
from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm

SECRET_KEY = "lab-only-key-not-a-secret-0123456789abcdef"
ALGORITHM = "HS256"
USER = {"username": "dana", "password": "Correct-Horse-7", "full_name": "Dana Lab"}


def api(token_url: str, lifetime: timedelta) -> APIRouter:
    """A token endpoint and a protected route, as the tutorial writes them."""
    router = APIRouter()
    oauth2_scheme = OAuth2PasswordBearer(tokenUrl=token_url)

    @router.post("/token")
    def login(form: Annotated[OAuth2PasswordRequestForm, Depends()]):
        if form.username != USER["username"] or not hmac.compare_digest(form.password, USER["password"]):
            raise HTTPException(
                status_code=status.HTTP_401_UNAUTHORIZED,
                detail="Incorrect username or password",
                headers={"WWW-Authenticate": "Bearer"},
            )
        expire = datetime.now(timezone.utc) + lifetime
        token = jwt.encode({"sub": form.username, "exp": expire}, SECRET_KEY, algorithm=ALGORITHM)
        return {"access_token": token, "token_type": "bearer"}

    def current_user(token: Annotated[str, Depends(oauth2_scheme)]):
        credentials_exception = HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="Could not validate credentials",
            headers={"WWW-Authenticate": "Bearer"},
        )
        try:
            payload = jwt.decode(token, SECRET_KEY, algorithms=[ALGORITHM])
        except jwt.InvalidTokenError:
            raise credentials_exception
        if payload.get("sub") != USER["username"]:
            raise credentials_exception
        return USER

    @router.get("/users/me")
    def me(user: Annotated[dict, Depends(current_user)]):
        return {"username": user["username"], "full_name": user["full_name"]}

    return router


def cors_app(router: APIRouter, **cors) -> FastAPI:
    sub = FastAPI()
    sub.include_router(router)
    sub.add_middleware(CORSMiddleware, allow_credentials=True, allow_methods=["*"], **cors)
    return sub


def build(page_origin: str) -> FastAPI:
    app = FastAPI()
    main = api("/fastapi/token", timedelta(minutes=30))
    app.include_router(main, prefix="/fastapi")
    app.include_router(api("/fastapi/short/token", timedelta(seconds=2)), prefix="/fastapi/short")
    app.mount("/fastapi/cors-headers", cors_app(main, allow_origins=[page_origin]))
    app.mount("/fastapi/cors-origin", cors_app(main, allow_origins=["http://localhost:3000"]))
    app.mount("/fastapi/cors-ok", cors_app(main, allow_origins=[page_origin], allow_headers=["*"]))

    @app.get("/fastapi/ready")
    def ready():
        return {"ok": True}

    return app


if __name__ == "__main__":
    uvicorn.run(build(sys.argv[2]), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")

"""The lab's Flask app (app.test/flask/): a JSON API protected by Flask-WTF's CSRFProtect, as a
Flask back end of a single-page app commonly is, served by Werkzeug's development server.

- /flask/csrf: the CSRF token (`generate_csrf()`), which Flask-WTF ties to the session cookie.
- /flask/api/notes: POST needs the token in `X-CSRFToken` (or `X-CSRF-Token`); Flask-WTF refuses
  a request without it, or with a token it cannot verify, with HTTP 400 and its own words
  ("The CSRF token is missing.", "The CSRF token is invalid.").

Nothing here is why401's: the answers are Flask-WTF's, rendered by Werkzeug.
Run: python flask_app.py PORT
"""
import sys

from flask import Flask, jsonify, request
from flask_wtf.csrf import CSRFProtect, generate_csrf

app = Flask(__name__)
app.config["SECRET_KEY"] = "lab-only-key-not-a-secret"
CSRFProtect(app)
NOTES = []


@app.get("/flask/csrf")
def csrf():
    return jsonify(token=generate_csrf())


@app.post("/flask/api/notes")
def add_note():
    NOTES.append(str((request.get_json(silent=True) or {}).get("text", "")))
    return jsonify(notes=NOTES), 201


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(sys.argv[1]), debug=False, use_reloader=False)

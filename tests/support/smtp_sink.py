#!/usr/bin/python3
"""An SMTP server for tests: stores every message it accepts as a file in a folder.

Each file is the message as received, preceded by headers that tell how it came:
  X-Sink-Mail-From: <envelope sender>
  X-Sink-Rcpt-To: <one line per envelope recipient>
  X-Sink-TLS: yes | no          (whether the session had switched to TLS)
  X-Sink-Auth: <user> | none    (who authenticated)
Files appear atomically (written under a temporary name, then renamed) and end in .eml.

Options: --port (on 127.0.0.1), --maildir, --tls-cert and --tls-key (offer STARTTLS),
--auth-user and --auth-password (require AUTH PLAIN or LOGIN; over plain TCP too when no
certificate is given). Runs until SIGTERM or SIGINT.
"""
import argparse
import logging
import os
import signal
import ssl
import sys
import threading
import uuid

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class MaildirHandler:
    def __init__(self, maildir):
        self.maildir = maildir

    async def handle_DATA(self, server, session, envelope):
        lines = [f"X-Sink-Mail-From: {envelope.mail_from}"]
        lines += [f"X-Sink-Rcpt-To: {rcpt}" for rcpt in envelope.rcpt_tos]
        lines.append(f"X-Sink-TLS: {'yes' if session.ssl else 'no'}")
        user = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else "none"
        lines.append(f"X-Sink-Auth: {user}")
        head = ("\r\n".join(lines) + "\r\n").encode()
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode()
        name = uuid.uuid4().hex
        temp = os.path.join(self.maildir, f".{name}.tmp")
        with open(temp, "wb") as f:
            f.write(head + content)
        os.rename(temp, os.path.join(self.maildir, f"{name}.eml"))
        return "250 Message accepted for delivery"


class Authenticator:
    def __init__(self, user, password):
        self.user = user.encode()
        self.password = password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        if mechanism not in ("PLAIN", "LOGIN") or not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        ok = auth_data.login == self.user and auth_data.password == self.password
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--auth-user")
    parser.add_argument("--auth-password", default="")
    args = parser.parse_args()
    # aiosmtpd warns about its own deprecated attribute on every AUTH; keep test output clean.
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")
    os.makedirs(args.maildir, exist_ok=True)

    kwargs = {}
    if args.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        kwargs["tls_context"] = context
    if args.auth_user:
        kwargs["authenticator"] = Authenticator(args.auth_user, args.auth_password)
        kwargs["auth_required"] = True
        kwargs["auth_require_tls"] = bool(args.tls_cert)
    controller = Controller(MaildirHandler(args.maildir), hostname="127.0.0.1", port=args.port,
                            server_hostname="localhost", **kwargs)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    controller.start()
    print(f"smtp sink listening on 127.0.0.1:{args.port}", file=sys.stderr, flush=True)
    while not stop.wait(0.2):
        pass
    controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

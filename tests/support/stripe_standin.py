#!/usr/bin/python3
"""A stand-in for Stripe's API in tests: PaymentIntents and Refunds, form-encoded, with Stripe's
JSON shapes, errors and idempotency. Listens on 127.0.0.1, on a free port that it prints as the
first line of its standard output.

    POST /v1/payment_intents   amount, currency (lower case), description, metadata[...],
                               automatic_payment_methods[enabled]
    GET  /v1/payment_intents/ID
    POST /v1/refunds           payment_intent, amount (at most what is left to refund)

Every request needs "Authorization: Bearer KEY" (401 otherwise). An Idempotency-Key seen before
replays the first answer when the parameters are the same (with "Idempotent-Replayed: true") and
is refused with 400 when they differ, as Stripe does; refused requests (4xx) are not kept. A payment succeeds at once unless told
otherwise; amounts under 50 are refused (amount_too_small).

Options: --key (the secret key to accept), --status AMOUNT=STATUS (answer that PaymentIntent
status for that amount, e.g. 4200=requires_payment_method; repeatable), --fail AMOUNT (answer 500
for that amount; repeatable), --requests FILE (one JSON line per request received: method, path,
headers that matter, form fields). Runs until SIGTERM or SIGINT.
"""
import argparse
import json
import re
import secrets
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

PI_FIELDS = re.compile(r"^(amount|currency|description|metadata\[[^\]]+\]|automatic_payment_methods\[enabled\])$")


class StripeError(Exception):
    def __init__(self, status, message, error_type="invalid_request_error", code=None, param=None):
        super().__init__(message)
        self.status = status
        self.body = {"error": {"message": message, "type": error_type}}
        if code:
            self.body["error"]["code"] = code
        if param:
            self.body["error"]["param"] = param


class Stripe:
    def __init__(self, key, statuses, failing, log_path):
        self.key = key
        self.statuses = statuses
        self.failing = failing
        self.log_path = log_path
        self.lock = threading.Lock()
        self.intents = {}
        self.refunded = {}  # payment intent id -> amount refunded so far
        self.answers = {}  # idempotency key -> (method, path, form, status, body)

    def log(self, entry):
        if self.log_path:
            with open(self.log_path, "a", encoding="utf-8") as f:
                f.write(json.dumps(entry) + "\n")

    def create_intent(self, form):
        for name in form:
            if not PI_FIELDS.match(name):
                raise StripeError(400, f"Received unknown parameter: {name}", param=name)
        if "amount" not in form:
            raise StripeError(400, "Missing required param: amount.", code="parameter_missing", param="amount")
        if not re.fullmatch(r"[0-9]+", form["amount"]):
            raise StripeError(400, "Invalid integer: " + form["amount"], param="amount")
        amount = int(form["amount"])
        currency = form.get("currency", "")
        if not re.fullmatch(r"[a-z]{3}", currency):
            raise StripeError(400, f"Invalid currency: {currency}", param="currency")
        if amount < 50:
            raise StripeError(400, f"Amount must be at least 0.50 {currency}", code="amount_too_small",
                              param="amount")
        if amount in self.failing:
            raise StripeError(500, "An unknown error occurred", error_type="api_error")
        intent_id = "pi_" + secrets.token_hex(12)
        intent = {
            "id": intent_id, "object": "payment_intent", "amount": amount, "currency": currency,
            "status": self.statuses.get(amount, "succeeded"),
            "client_secret": f"{intent_id}_secret_{secrets.token_hex(12)}",
            "description": form.get("description"),
            "metadata": {k[len("metadata["):-1]: v for k, v in form.items() if k.startswith("metadata[")},
            "automatic_payment_methods": {"enabled": form.get("automatic_payment_methods[enabled]") == "true"},
            "created": int(time.time()), "livemode": False,
        }
        self.intents[intent_id] = intent
        return intent

    def create_refund(self, form):
        intent_id = form.get("payment_intent", "")
        intent = self.intents.get(intent_id)
        if intent is None:
            raise StripeError(404, f"No such payment_intent: '{intent_id}'", code="resource_missing",
                              param="payment_intent")
        if intent["status"] != "succeeded":
            raise StripeError(400, f"This PaymentIntent ({intent_id}) does not have a successful charge to refund.",
                              code="charge_not_refundable")
        left = intent["amount"] - self.refunded.get(intent_id, 0)
        amount = int(form["amount"]) if re.fullmatch(r"[0-9]+", form.get("amount", "")) else left
        if amount <= 0 or amount > left:
            raise StripeError(400, f"Refund amount ({amount}) is greater than unrefunded amount on charge ({left})",
                              param="amount")
        self.refunded[intent_id] = self.refunded.get(intent_id, 0) + amount
        return {"id": "re_" + secrets.token_hex(12), "object": "refund", "amount": amount,
                "currency": intent["currency"], "payment_intent": intent_id, "status": "succeeded",
                "created": int(time.time())}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    stripe = None  # set by main

    def log_message(self, fmt, *args):
        sys.stderr.write("stripe-standin: " + fmt % args + "\n")

    def answer(self, status, body, replayed=False):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Request-Id", "req_" + secrets.token_hex(8))
        if replayed:
            self.send_header("Idempotent-Replayed", "true")
        self.end_headers()
        self.wfile.write(data)

    def authorised(self):
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            raise StripeError(401, "You did not provide an API key.")
        if auth[len("Bearer "):] != self.stripe.key:
            given = auth[len("Bearer "):]
            raise StripeError(401, f"Invalid API Key provided: {given[:8]}****{given[-4:]}")

    def do_GET(self):
        s = self.stripe
        try:
            self.authorised()
            match = re.fullmatch(r"/v1/payment_intents/([A-Za-z0-9_]+)", self.path)
            with s.lock:
                intent = s.intents.get(match.group(1)) if match else None
            if intent is None:
                raise StripeError(404, f"Unrecognized request URL (GET: {self.path})")
            self.answer(200, intent)
        except StripeError as e:
            self.answer(e.status, e.body)

    def do_POST(self):
        s = self.stripe
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8", "replace")
        form = dict(parse_qsl(raw, keep_blank_values=True))
        key = self.headers.get("Idempotency-Key")
        with s.lock:
            s.log({"method": "POST", "path": self.path, "idempotency_key": key,
                   "authorization": self.headers.get("Authorization"),
                   "content_type": self.headers.get("Content-Type"),
                   "stripe_version": self.headers.get("Stripe-Version"), "form": form})
            try:
                self.authorised()
                if key is not None and key in s.answers:
                    path, first_form, status, body = s.answers[key]
                    if path != self.path or first_form != form:
                        raise StripeError(400, "Keys for idempotent requests can only be used with the same "
                                               "parameters they were first used with.", error_type="idempotency_error")
                    self.answer(status, body, replayed=True)
                    return
                if self.path == "/v1/payment_intents":
                    status, body = 200, s.create_intent(form)
                elif self.path == "/v1/refunds":
                    status, body = 200, s.create_refund(form)
                else:
                    raise StripeError(404, f"Unrecognized request URL (POST: {self.path})")
            except StripeError as e:
                status, body = e.status, e.body
            # Like Stripe, a refusal before the work started is not kept; a result or a failure is.
            if key is not None and (status < 400 or status >= 500):
                s.answers[key] = (self.path, form, status, body)
            self.answer(status, body)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--key", required=True)
    parser.add_argument("--status", action="append", default=[], metavar="AMOUNT=STATUS")
    parser.add_argument("--fail", action="append", default=[], type=int, metavar="AMOUNT")
    parser.add_argument("--requests")
    args = parser.parse_args()
    statuses = {int(a): s for a, s in (item.split("=", 1) for item in args.status)}
    Handler.stripe = Stripe(args.key, statuses, set(args.fail), args.requests)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()

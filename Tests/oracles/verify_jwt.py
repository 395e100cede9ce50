#!/usr/bin/env python3
"""Independent check of a VC-JWT with PyJWT: verify_jwt.py TOKEN_FILE JWK_FILE [NOW]

Verifies the RS256 signature against the published JWK, requires the registered claims, checks that
`sub` equals credentialSubject.id and `jti` the credential id, and prints the payload as JSON.
NOW (ISO 8601) replaces the clock for the `nbf` check (tests run with an injected date).
Exits 1 with the reason when verification fails.
"""
import datetime
import json
import sys

import jwt


def main() -> None:
    token = open(sys.argv[1]).read().strip()
    jwk = json.load(open(sys.argv[2]))
    header = jwt.get_unverified_header(token)
    if set(header) != {"alg", "kid", "typ"} or header["alg"] != "RS256" or header["typ"] != "JWT":
        sys.exit(f"unexpected header {header}")
    key = jwt.PyJWK(jwk).key
    try:
        payload = jwt.decode(
            token, key=key, algorithms=["RS256"],
            options={"require": ["iss", "jti", "nbf", "sub"], "verify_nbf": len(sys.argv) < 4})
    except jwt.PyJWTError as error:
        sys.exit(f"invalid: {error}")
    if len(sys.argv) > 3:
        now = datetime.datetime.fromisoformat(sys.argv[3].replace("Z", "+00:00")).timestamp()
        if payload["nbf"] > now:
            sys.exit("invalid: the token is not yet valid (nbf)")
    if payload["sub"] != payload["credentialSubject"]["id"] or payload["jti"] != payload["id"]:
        sys.exit("claims disagree with the credential")
    if payload["iss"] != payload["issuer"]["id"] or "OpenBadgeCredential" not in payload["type"]:
        sys.exit("not an OpenBadgeCredential of this issuer")
    print(json.dumps(payload, ensure_ascii=False))


if __name__ == "__main__":
    main()

"""An RFC 3161 time-stamping authority, and a pyHanko TimeStamper that asks it in-process.

Why our own: a sealed certificate's time must come from a key other than the seal's (a leaked seal
key then cannot back-date a document), signing must work offline, and pyHanko's DummyTimeStamper is
an RSA-only test device. ``respond`` takes and returns DER bytes, exactly what travels over HTTP
(``application/timestamp-query`` → ``application/timestamp-reply``), so the in-process path and a
``POST /tsa`` endpoint exercise the same code. Bad requests get a rejection status, never an exception.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import UTC, datetime

from asn1crypto import algos, cms, core, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.sign.general import as_signing_certificate_v2, simple_cms_attribute
from pyhanko.sign.timestamps.api import TimeStamper

# An arc under the private-enterprise example space until the registry registers its own policy OID.
DEFAULT_POLICY = "1.3.6.1.4.1.32473.1.3161.1"
DIGEST_SIZES = {"sha256": 32, "sha384": 48, "sha512": 64, "sha3_256": 32, "sha3_384": 48, "sha3_512": 64}
MAX_REQUEST_BYTES = 4096  # a request is ~100 bytes; refuse to parse anything large


class TimeStampResp(tsp.TimeStampResp):
    """RFC 3161 §2.4.2 makes the token OPTIONAL (absent on rejection); asn1crypto 1.5 marks it required."""

    _fields = [("status", tsp.PKIStatusInfo), ("time_stamp_token", cms.ContentInfo, {"optional": True})]


def as_asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _rejection(fail_info: str, text: str) -> bytes:
    status = tsp.PKIStatusInfo({"status": "rejection", "status_string": [text], "fail_info": {fail_info}})
    return TimeStampResp({"status": status}).dump()


class TimeStampAuthority:
    """Grants timestamps signed with ECDSA/SHA-256 by a key whose certificate has the critical
    timeStamping EKU. ``clock`` is an object with ``now()`` (adapters.clock) or a zero-argument callable."""

    def __init__(self, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey,
                 clock: Callable[[], datetime] | object, policy_oid: str = DEFAULT_POLICY, *,
                 chain: tuple[x509.Certificate, ...] = ()) -> None:
        self._now: Callable[[], datetime] = clock.now if hasattr(clock, "now") else clock  # type: ignore[assignment]
        self._key = key
        self.cert = cert
        self.chain = chain
        self.policy = policy_oid
        # asn1crypto objects parse lazily and race when shared between threads: keep DER, load per token.
        self._ders = [c.public_bytes(serialization.Encoding.DER) for c in (cert, *chain)]

    def respond(self, request_der: bytes) -> bytes:
        """A DER TimeStampResp for a DER TimeStampReq: granted with a token, or a rejection."""
        if not isinstance(request_der, bytes | bytearray) or len(request_der) > MAX_REQUEST_BYTES:
            return _rejection("bad_request", "request missing or too large")
        try:
            request = tsp.TimeStampReq.load(bytes(request_der), strict=True)
            request.native  # noqa: B018 - asn1crypto parses lazily; force every field now
        except Exception:  # untrusted bytes → rejection: asn1crypto raises ValueError, TypeError, KeyError...
            return _rejection("bad_request", "not a DER TimeStampReq")
        imprint = request["message_imprint"]
        algorithm = imprint["hash_algorithm"]["algorithm"].native
        if request["version"].native != "v1":
            return _rejection("bad_request", "only version 1 requests are supported")
        if algorithm not in DIGEST_SIZES:
            return _rejection("bad_alg", f"unsupported hash algorithm {algorithm}")
        if len(imprint["hashed_message"].native) != DIGEST_SIZES[algorithm]:
            return _rejection("bad_data_format", "the message imprint has the wrong length for its algorithm")
        if request["req_policy"].native not in (None, self.policy):
            return _rejection("unaccepted_policy", f"this authority only issues under policy {self.policy}")
        if request["extensions"].native:
            return _rejection("unaccepted_extensions", "no request extensions are supported")
        token = self._token(imprint, request["nonce"], bool(request["cert_req"].native))
        return TimeStampResp({"status": {"status": "granted"}, "time_stamp_token": token}).dump()

    def _token(self, imprint: tsp.MessageImprint, nonce: core.Integer, include_certs: bool) -> cms.ContentInfo:
        certs = [asn1_x509.Certificate.load(der) for der in self._ders]
        gen_time = self._now().astimezone(UTC)
        info = {"version": "v1", "policy": self.policy, "message_imprint": imprint,
                "serial_number": secrets.randbits(127) + 1,  # random 127 bits: unique across processes too
                "gen_time": gen_time, "accuracy": {"seconds": 1},
                "tsa": asn1_x509.GeneralName({"directory_name": certs[0].subject})}
        if nonce.native is not None:
            info["nonce"] = nonce
        content = tsp.TSTInfo(info).dump()
        signed_attrs = cms.CMSAttributes([
            simple_cms_attribute("content_type", "tst_info"),
            simple_cms_attribute("signing_time", cms.Time({"utc_time": core.UTCTime(gen_time)})),
            simple_cms_attribute("message_digest", hashlib.sha256(content).digest()),
            simple_cms_attribute("signing_certificate_v2", as_signing_certificate_v2(certs[0])),
        ])
        signature = self._key.sign(signed_attrs.dump(), ec.ECDSA(hashes.SHA256()))
        sha256 = algos.DigestAlgorithm({"algorithm": "sha256"})
        signer = cms.SignerInfo({
            "version": "v1",
            "sid": {"issuer_and_serial_number": {"issuer": certs[0].issuer, "serial_number": certs[0].serial_number}},
            "digest_algorithm": sha256, "signature_algorithm": {"algorithm": "sha256_ecdsa"},
            "signed_attrs": signed_attrs, "signature": signature,
        })
        signed_data = {"version": "v3", "digest_algorithms": [sha256],
                       "encap_content_info": {"content_type": "tst_info", "content": cms.ParsableOctetString(content)},
                       "signer_infos": [signer]}
        if include_certs:  # RFC 3161 §2.4.1: certificates only when the request asked for them
            signed_data["certificates"] = certs
        return cms.ContentInfo({"content_type": "signed_data", "content": cms.SignedData(signed_data)})


class InProcessTimeStamper(TimeStamper):
    """pyHanko's TimeStamper talking to a TimeStampAuthority in the same process, through DER bytes
    (the wire format), so it behaves exactly like pyHanko's HTTPTimeStamper against ``POST /tsa``."""

    def __init__(self, authority: TimeStampAuthority) -> None:
        super().__init__(include_nonce=True)
        self.authority = authority

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        return TimeStampResp.load(self.authority.respond(req.dump()))

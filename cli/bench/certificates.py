"""``registry bench certificates``: drawing and sealing N certificates through the platform's press,
against bare pyHanko signing a blank one-page PDF with the same key, timestamp authority and profile,
in the same run; then certificates per second with one worker process per core."""

from __future__ import annotations

import io
import multiprocessing
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from reportlab.pdfgen import canvas

from adapters.instance import load_settings
from adapters.press import CertificatePress
from adapters.sealing import FIELD_NAME, Sealer, sealer_from_settings
from adapters.tsa import InProcessTimeStamper
from registry.certificates.content import CertificateContent, Holder, certificate_identifier
from registry.certificates.values import DerivedFrom
from registry.kernel.codes import CertificateKind

ISSUER = "12350100MB0123456X"
SAMPLE = CertificateContent(
    kind=CertificateKind.OWNERSHIP, number="", identifier="", unit_number="350102001001GB00001F00010001",
    location="福州市鼓楼区五四路88号1单元101室", holders=(Holder("李娜", "350103199003030033", Decimal(1)),),
    co_ownership="单独所有", right_type="国有建设用地使用权/房屋所有权", right_nature="市场化商品房", use="住宅",
    area=Decimal("120.00"), term_start=date(2008, 1, 1), term_end=date(2077, 12, 31), encumbrances=(),
    authority="福州市不动产登记中心", registered_on=date(2026, 3, 16), issued_on=date(2026, 3, 16),
    verify_url="HTTP://127.0.0.1:8000/V/6F1D3F8E5C4B4E599A573B1C0F0E2A11/K7Q2M9XD",
    derived_from=DerivedFrom("registry", "da0dfbf7-554d-5678-9897-964986f61b23", 2, 5))


def _content(i: int) -> CertificateContent:
    return replace(SAMPLE, number=f"闽(2026)福州市不动产权第{i:07d}号",
                   identifier=certificate_identifier(CertificateKind.OWNERSHIP, ISSUER, i))


def blank_page() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=True)
    page.showPage()
    page.save()
    return buffer.getvalue()


def bare_signer(sealer: Sealer) -> Callable[[bytes], bytes]:
    """pyHanko alone, configured exactly as the platform's seal: key, chain, TSA, B-LTA, field name."""
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
        embed_validation_info=sealer.profile != "B-T", use_pades_lta=sealer.profile == "B-LTA",
        validation_context=sealer.trust.context(), timestamp_field_name=f"{FIELD_NAME}Archive")

    def sign(pdf: bytes) -> bytes:
        pdf_signer = signers.PdfSigner(meta, signer=sealer.signer(), timestamper=InProcessTimeStamper(sealer.tsa),
                                       new_field_spec=fields.SigFieldSpec(sig_field_name=FIELD_NAME))
        return pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)),
                                   bytes_reserved=sealer._bytes_reserved).getvalue()
    return sign


def _sealer(folder: str) -> Sealer:
    return sealer_from_settings(load_settings({"INSTANCE_PATH": folder}))


_process_press: CertificatePress | None = None


def _start_process(folder: str) -> None:
    """Each worker process loads the seal and registers the fonts once, then presses one to warm up."""
    global _process_press
    sealer = _sealer(folder)
    _process_press = CertificatePress(lambda: sealer)
    _process_press.press(_content(1))


def _ready(_: int) -> int:
    time.sleep(0.2)  # long enough that each idle process takes one
    return os.getpid()


def _press_many(span: tuple[int, int]) -> int:
    start, count = span
    for i in range(start, start + count):
        _process_press.press(_content(i))
    return count


def run_certificates_bench(count: int, echo: Callable[[str], None] = print) -> dict:
    with tempfile.TemporaryDirectory(prefix="registry-bench-certs-") as folder:
        sealer = _sealer(folder)
        press = CertificatePress(lambda: sealer)
        bare = bare_signer(sealer)
        blank = blank_page()
        press.press(_content(1))  # fonts registered, code paths warm
        bare(blank)
        project_ms, bare_ms = [], []
        for i in range(count):  # interleaved, so machine noise hits both alike
            started = time.perf_counter()
            press.press(_content(i + 2))
            project_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            bare(blank)
            bare_ms.append((time.perf_counter() - started) * 1000)
        processes = os.cpu_count() or 1
        per_process = max(1, count // processes)
        context = multiprocessing.get_context("spawn")
        with context.Pool(processes, initializer=_start_process, initargs=(folder,)) as pool:
            while len(set(pool.map(_ready, range(processes), chunksize=1))) < processes:
                pass  # every process has loaded its seal and fonts before the clock starts
            started = time.perf_counter()
            done = sum(pool.map(_press_many, [(20_000 * (p + 1), per_process) for p in range(processes)],
                                chunksize=1))
            rate = done / (time.perf_counter() - started)
    result = {"project_ms": statistics.median(project_ms), "bare_ms": statistics.median(bare_ms),
              "processes": processes, "certificates_per_s": rate}
    result["ratio"] = result["project_ms"] / result["bare_ms"]
    echo(f"bench certificates: {count} ownership certificates, profile {sealer.profile}, ECDSA P-256 seal, "
         "in-process RFC 3161 timestamps; medians")
    echo(f"  project (draw with embedded CJK fonts + QR + seal, canonical JSON attachment, sign): "
         f"{result['project_ms']:.1f} ms per certificate")
    echo(f"  bare pyHanko signing a blank one-page PDF, same key, TSA and profile: {result['bare_ms']:.1f} ms")
    echo(f"  ratio project / bare: {result['ratio']:.2f}  (goal <= 2.0)")
    echo(f"  throughput with {processes} worker processes (one per core): {rate:.1f} certificates/s")
    return result




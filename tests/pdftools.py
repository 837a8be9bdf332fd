"""Outsiders' tools on our PDFs: poppler's pdfsig with an NSS store that trusts only our root."""

from __future__ import annotations

import subprocess
from pathlib import Path


def pdfsig(pdf: bytes, root_pem: Path, workdir: Path) -> str:
    workdir.mkdir(parents=True, exist_ok=True)
    nss = workdir / "nss"
    if not nss.exists():
        nss.mkdir()
        subprocess.run(["certutil", "-N", "-d", f"sql:{nss}", "--empty-password"], check=True, capture_output=True)
        subprocess.run(["certutil", "-A", "-d", f"sql:{nss}", "-n", "registry-root", "-t", "CT,C,C",
                        "-i", str(root_pem)], check=True, capture_output=True)
    document = workdir / "presented.pdf"
    document.write_bytes(pdf)
    done = subprocess.run(["pdfsig", "-nssdir", f"sql:{nss}", str(document)], capture_output=True, text=True)
    return done.stdout + done.stderr

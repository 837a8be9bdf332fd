"""The e-certificate page, checked by outsiders' tools: poppler reads its text and fonts, zbar decodes its QR
code, and its rendering is compared with reviewed reference images.

References: tests/integration/references/{ownership,proof}.png, 60 dpi renderings a person looked at. After an
intended change of the layout, regenerate them with
``REGISTRY_UPDATE_REFERENCES=1 .venv/bin/python -m pytest tests/integration/test_certificate_pdf.py -k reference``,
look at them, and keep them with the change.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from adapters import certificate_fonts
from adapters.certificate_pdf import ContentDoesNotFit, FontMissing, GlyphMissing, render_certificate, share_text
from registry.certificates.content import CertificateContent, Holder
from registry.kernel.values import display_unit_number
from tests.certificate_samples import CO_OWNED_CERTIFICATE, LI_NA_CERTIFICATE, MORTGAGE_PROOF

REFERENCES = Path(__file__).parent / "references"
SAMPLES = {"li_na": LI_NA_CERTIFICATE, "co_owned": CO_OWNED_CERTIFICATE, "mortgage_proof": MORTGAGE_PROOF}
TOOLS = {"pdftotext": "poppler-utils", "pdffonts": "poppler-utils", "pdftoppm": "poppler-utils",
         "zbarimg": "zbar-tools"}
# A changed layout, a lost line or a moved block shows well above these; anti-aliasing noise stays far below.
# (LI_NA vs CO_OWNED, which differ in a few table cells, measure 0.62 mean and 0.35 % changed pixels.)
MAX_MEAN_DIFFERENCE = 0.3  # grey levels of 255, averaged over the page
MAX_CHANGED_PIXELS = 0.001  # share of pixels more than 80 grey levels off


def run(tool: str, *args: str | Path) -> bytes:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is missing: install the Debian package {TOOLS[tool]} (scripts/system-packages.sh)")
    return subprocess.run([tool, *map(str, args)], check=True, capture_output=True, timeout=60).stdout


def pdf_file(tmp_path: Path, content: CertificateContent, name: str = "certificate") -> Path:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(render_certificate(content))
    return path


def text_of(tmp_path: Path, content: CertificateContent) -> str:
    return run("pdftotext", "-enc", "UTF-8", pdf_file(tmp_path, content), "-").decode()


def png_of(tmp_path: Path, content: CertificateContent, dpi: int) -> Path:
    run("pdftoppm", "-r", str(dpi), "-png", "-singlefile", pdf_file(tmp_path, content), tmp_path / "page")
    return tmp_path / "page.png"


@pytest.mark.parametrize("content", SAMPLES.values(), ids=SAMPLES.keys())
def test_text_of_each_sample_has_its_number_holders_and_grouped_unit_number(tmp_path, content):
    text = text_of(tmp_path, content)
    assert content.number in text
    assert content.title in text
    for holder in content.holders:
        assert holder.name in text
    assert display_unit_number(content.unit_number) in text
    assert content.location in text
    assert content.identifier in text


def test_extension_b_character_is_drawn_from_the_fallback_face_and_extracts_as_itself(tmp_path):
    assert "王𠀾" in text_of(tmp_path, CO_OWNED_CERTIFICATE)
    fonts = run("pdffonts", pdf_file(tmp_path, CO_OWNED_CERTIFICATE)).decode()
    assert "HanaMinB" in fonts and "WenQuanYiZenHei" in fonts


def test_ownership_certificate_rows_read_as_on_paper(tmp_path):
    text = text_of(tmp_path, CO_OWNED_CERTIFICATE)
    for expected in ("权利人", "共有情况", "按份共有：张伟 1/2（50%），王𠀾 1/2（50%）", "权利类型",
                     "国有建设用地使用权/房屋所有权", "权利性质", "市场化商品房", "用途", "住宅", "面积", "120.00㎡",
                     "使用期限", "2008年01月01日起2077年12月31日止", "权利其他状况",
                     "抵押权：中国工商银行福州分行，债权数额 1,200,000.00 元", "附记", "登记机构",
                     "福州市不动产登记中心", "登记日期：2026年03月16日", "发证日期：2026年03月16日", "扫码核验",
                     "不动产登记专用章"):
        assert expected in text, expected


def test_registration_proof_rows_read_as_on_paper(tmp_path):
    text = text_of(tmp_path, MORTGAGE_PROOF)
    for expected in ("不动产登记证明", "证明权利或事项", "抵押权", "权利人（申请人）", "中国工商银行福州分行",
                     "义务人", "李娜", "坐落", "不动产单元号", "其他", "附记"):
        assert expected in text, expected
    assert "共有情况" not in text and "使用期限" not in text


@pytest.mark.parametrize("content", SAMPLES.values(), ids=SAMPLES.keys())
def test_every_font_is_embedded_and_none_is_stsong(tmp_path, content):
    lines = run("pdffonts", pdf_file(tmp_path, content)).decode().splitlines()
    fonts = lines[2:]  # after the header and the dashes
    assert fonts, "\n".join(lines)
    for line in fonts:
        name, emb = line.split()[0], line.split()[-5]
        assert emb == "yes", f"font {name} is not embedded:\n" + "\n".join(lines)
        assert "STSong" not in name
        assert "Helvetica" not in name


@pytest.mark.parametrize("content", SAMPLES.values(), ids=SAMPLES.keys())
def test_qr_code_decodes_to_exactly_the_verify_url(tmp_path, content):
    decoded = run("zbarimg", "--raw", "-q", png_of(tmp_path, content, 200)).decode()
    assert decoded.removesuffix("\n") == content.verify_url


@pytest.mark.parametrize(("reference", "content"), [("ownership", LI_NA_CERTIFICATE), ("proof", MORTGAGE_PROOF)])
def test_page_looks_like_the_reviewed_reference(tmp_path, reference, content):
    reference_png = REFERENCES / f"{reference}.png"
    rendered_png = png_of(tmp_path, content, 60)
    if os.environ.get("REGISTRY_UPDATE_REFERENCES") == "1":
        REFERENCES.mkdir(exist_ok=True)
        shutil.copyfile(rendered_png, reference_png)
        pytest.skip(f"wrote {reference_png}: look at it before keeping it")
    if not reference_png.exists():
        pytest.fail(f"reference rendering {reference_png} is missing: regenerate it with "
                    "REGISTRY_UPDATE_REFERENCES=1 .venv/bin/python -m pytest tests/integration/test_certificate_pdf.py "
                    "-k reference, then look at it before committing it")
    with Image.open(reference_png) as expected_image, Image.open(rendered_png) as rendered_image:
        expected, rendered = expected_image.convert("L"), rendered_image.convert("L")
        assert rendered.size == expected.size
        difference = ImageChops.difference(expected, rendered)
    histogram = difference.histogram()
    mean = ImageStat.Stat(difference).mean[0]
    changed = sum(histogram[81:]) / sum(histogram)
    if mean >= MAX_MEAN_DIFFERENCE or changed >= MAX_CHANGED_PIXELS:
        shutil.copyfile(rendered_png, tmp_path / f"{reference}-rendered.png")
        pytest.fail(f"page differs from {reference_png}: mean {mean:.3f}, {changed:.3%} of pixels changed; "
                    f"rendering kept at {tmp_path / f'{reference}-rendered.png'}")


def test_same_content_renders_the_same_bytes():
    assert render_certificate(CO_OWNED_CERTIFICATE) == render_certificate(CO_OWNED_CERTIFICATE)


def test_rendering_from_worker_threads_gives_the_same_pages():
    pages: list[bytes] = []

    def worker() -> None:
        for content in SAMPLES.values():
            pages.append(render_certificate(content))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(pages) == 12
    assert set(pages) == {render_certificate(content) for content in SAMPLES.values()}


@pytest.mark.parametrize(("setting", "package"), [("PRIMARY_FONT", "fonts-wqy-zenhei"),
                                                  ("FALLBACK_FONT", "fonts-hanazono")])
def test_missing_font_file_raises_font_missing_naming_the_package(monkeypatch, tmp_path, setting, package):
    font = getattr(certificate_fonts, setting)
    monkeypatch.setattr(certificate_fonts, setting, dataclasses.replace(font, path=str(tmp_path / "gone.ttf")))
    with pytest.raises(FontMissing, match=package):
        render_certificate(LI_NA_CERTIFICATE)
    monkeypatch.undo()  # the installed faces work again: a refused path does not poison the registration
    assert render_certificate(LI_NA_CERTIFICATE).startswith(b"%PDF-")


def test_character_no_embedded_face_has_is_refused_not_printed_as_a_box():
    content = dataclasses.replace(LI_NA_CERTIFICATE, holders=(Holder("𰻞𰻞", "", Decimal(1)),))  # U+30EDE, Ext G
    with pytest.raises(GlyphMissing, match=r"U\+30EDE"):
        render_certificate(content)


@pytest.mark.parametrize(("share", "printed"), [
    (Decimal(1), "100%"), (Decimal("0.5"), "1/2（50%）"), (Decimal("0.25"), "1/4（25%）"),
    (Decimal("0.125"), "1/8（12.5%）"), (Decimal("0.3"), "3/10（30%）"), (Decimal("0.375000"), "3/8（37.5%）"),
    (Decimal("0.333333"), "33.3333%"),
])
def test_shares_print_as_exact_percentages(share, printed):
    assert share_text(share) == printed


def test_shares_on_the_page_are_exact(tmp_path):
    holders = (Holder("张伟", "", Decimal("0.5")), Holder("李娜", "", Decimal("0.375")),
               Holder("王芳", "", Decimal("0.125")))
    text = text_of(tmp_path, dataclasses.replace(CO_OWNED_CERTIFICATE, holders=holders))
    assert "按份共有：张伟 1/2（50%），李娜 3/8（37.5%），王芳 1/8（12.5%）" in text
    assert "张伟（50%）、李娜（37.5%）、王芳（12.5%）" in text


def test_joint_owners_are_listed_without_shares(tmp_path):
    text = text_of(tmp_path, dataclasses.replace(CO_OWNED_CERTIFICATE, co_ownership="共同共有"))
    assert "张伟、王𠀾" in text
    assert "%" not in text


def test_long_encumbrances_wrap_inside_the_page_and_overlong_content_is_refused(tmp_path):
    encumbrances = tuple(f"抵押权：第{n}顺位，中国工商银行福州分行，债权数额 1,200,000.00 元，"
                         "担保范围：主债权及利息、违约金、损害赔偿金" for n in range(1, 7))
    text = text_of(tmp_path, dataclasses.replace(LI_NA_CERTIFICATE, encumbrances=encumbrances))
    assert "第6顺位" in text
    with pytest.raises(ContentDoesNotFit):
        render_certificate(dataclasses.replace(LI_NA_CERTIFICATE, encumbrances=encumbrances * 6))

"""The e-certificate page: one A4 page drawn with reportlab from a CertificateContent.

Laid out like the paper 不动产权证书 / 不动产登记证明: title and certificate number, the e-certificate
identifier, the register table, the issuing authority with its red seal, the dates, and a QR code that
carries only the verification URL. Text is embedded TrueType (see adapters.certificate_fonts); the QR
code and the seal are vector graphics. The same content gives the same bytes (``invariant``), so the
page can be compared with reviewed renderings and the signature added later covers a stable document.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.colors import Color, HexColor, black, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from adapters.certificate_fonts import FONT_LOCK, CertificateFonts, FontMissing, GlyphMissing, certificate_fonts
from registry.certificates.content import CertificateContent, SecuredClaim
from registry.certificates.issuance import CannotPrint
from registry.kernel.codes import CertificateKind
from registry.kernel.values import display_unit_number

__all__ = ["ContentDoesNotFit", "FontMissing", "GlyphMissing", "render_certificate", "share_text"]

PAGE_WIDTH, PAGE_HEIGHT = A4
INK = HexColor("#1A1A1A")
MUTED = HexColor("#5F5A50")
FRAME = HexColor("#8A6A3B")
TITLE = HexColor("#8E1B1B")
LABEL_FILL = HexColor("#F3ECDD")
RULE = HexColor("#9C8A6A")
SEAL_RED = HexColor("#D2231C")
TABLE_LEFT, TABLE_RIGHT, LABEL_WIDTH = 22 * mm, PAGE_WIDTH - 22 * mm, 36 * mm
TABLE_TOP, TABLE_BOTTOM_LIMIT = PAGE_HEIGHT - 66 * mm, 80 * mm
ISSUER_TOP, QR_TOP = 58 * mm, 68 * mm  # below the table, as on the paper certificate
PADDING, V_PADDING = 3.2 * mm, 2.2 * mm  # inside table cells
QR_SIZE = 34 * mm
SEAL_RADIUS = 21 * mm
SEAL_TEXT = "不动产登记专用章"
CURRENCY_NAMES = {"CNY": "人民币"}


class ContentDoesNotFit(CannotPrint, ValueError):
    """The register table does not fit one page even in the smallest type."""

    def __init__(self, message: str = "the register table does not fit one page", *args: object) -> None:
        CannotPrint.__init__(self, message)


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    min_height: float = 11 * mm


def render_certificate(content: CertificateContent) -> bytes:
    """The certificate as a one-page PDF. Safe to call from several threads (drawing is serialised)."""
    fonts = certificate_fonts()
    with FONT_LOCK:
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=A4, invariant=True, pageCompression=1, lang="zh-CN",
                        initialFontName=fonts.primary, initialFontSize=10)
        canvas.setTitle(f"{content.title} {content.number}")
        canvas.setAuthor(content.authority)
        canvas.setSubject(content.identifier)
        canvas.setCreator("registry-window")
        _Page(canvas, fonts, content).draw()
        canvas.showPage()
        canvas.save()
        return buffer.getvalue()


def share_text(share: Decimal) -> str:
    """An exact share as printed: ``1/2（50%）``; ``12.5%`` style alone when the fraction is unwieldy."""
    percent = percent_text(share)
    fraction = Fraction(share)
    if fraction.denominator == 1 or fraction.denominator > 1000:
        return percent
    return f"{fraction}（{percent}）"


def percent_text(share: Decimal) -> str:
    """``0.125`` → ``12.5%``: Decimal arithmetic, so no binary-float residue ever reaches the page."""
    return format((share * 100).normalize(), "f") + "%"


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month:02d}月{day.day:02d}日"


def chinese_period(start: date, end: date) -> str:
    return f"{chinese_date(start)}起{chinese_date(end)}止"


def money_text(currency: str, amount: Decimal) -> str:
    return f"{CURRENCY_NAMES.get(currency, currency)}{amount:,.2f}元"


def secured_claim_lines(claim: SecuredClaim) -> list[str]:
    """The 其他 column of a mortgage proof, in the order and words of the registry's form."""
    maximum = claim.method == "2"
    lines = [f"抵押方式：{'最高额抵押' if maximum else '一般抵押'}",
             f"{'最高债权额' if maximum else '被担保主债权数额'}：{money_text(claim.currency, claim.amount)}"]
    if maximum and claim.claim_start and claim.claim_end:
        lines.append(f"债权确定期间：{chinese_period(claim.claim_start, claim.claim_end)}")
    lines.append(f"债务履行期限：{chinese_period(claim.performance_start, claim.performance_end)}")
    if claim.rank is not None:
        lines.append(f"抵押顺位：{claim.rank}")
    if claim.guarantee_scope:
        lines.append(f"担保范围：{claim.guarantee_scope}")
    if claim.debtors:
        lines.append(f"债务人：{'、'.join(claim.debtors)}")
    lines.append(f"是否存在禁止或限制转让抵押不动产的约定：{'是' if claim.transfer_restricted else '否'}")
    return lines


def rows_of(content: CertificateContent) -> list[Row]:
    names = [h.name for h in content.holders]
    other = "\n".join(content.encumbrances) or "无"
    remarks = content.remarks or "无"
    common = [Row("坐落", content.location), Row("不动产单元号", display_unit_number(content.unit_number))]
    if content.kind is CertificateKind.PROOF:
        claim = secured_claim_lines(content.secured_claim) if content.secured_claim else []
        return [Row("证明权利或事项", content.matter), Row("权利人（申请人）", "、".join(names)),
                Row("义务人", "、".join(content.obligors) or "无"), *common,
                Row("其他", "\n".join([*claim, *content.encumbrances]) or "无", 34 * mm),
                Row("附记", remarks, 34 * mm)]
    if len(names) == 1:
        holders, co_ownership = names[0], content.co_ownership
    elif content.co_ownership == "共同共有":  # joint owners hold no shares
        holders, co_ownership = "、".join(names), content.co_ownership
    else:
        holders = "、".join(f"{h.name}（{percent_text(h.share)}）" for h in content.holders)
        co_ownership = f"{content.co_ownership}：" + "，".join(f"{h.name} {share_text(h.share)}"
                                                             for h in content.holders)
    term = chinese_period(content.term_start, content.term_end)
    return [Row("权利人", holders), Row("共有情况", co_ownership), *common,
            Row("权利类型", content.right_type), Row("权利性质", content.right_nature), Row("用途", content.use),
            Row("面积", f"{content.area:.2f}㎡"), Row("使用期限", term),
            Row("权利其他状况", other, 22 * mm), Row("附记", remarks, 22 * mm)]


class _Page:
    def __init__(self, canvas: Canvas, fonts: CertificateFonts, content: CertificateContent) -> None:
        self.c, self.fonts, self.content = canvas, fonts, content

    def text(self, x: float, y: float, text: str, size: float, color: Color = INK, **kw) -> float:
        self.c.setFillColor(color)
        return self.fonts.draw(self.c, x, y, text, size, **kw)

    def draw(self) -> None:
        self.frame()
        self.header()
        self.table(rows_of(self.content))
        self.issuer(ISSUER_TOP)
        self.qr(TABLE_RIGHT - QR_SIZE, QR_TOP - QR_SIZE)
        self.text(PAGE_WIDTH / 2, 18 * mm, "证书记载的事项与不动产登记簿不一致的，除有证据证明不动产登记簿确有错误外，"
                  "以不动产登记簿为准。", 7.2, MUTED, align="centre")

    def frame(self) -> None:
        c = self.c
        c.setStrokeColor(FRAME)
        c.setLineWidth(1.8)
        c.rect(10 * mm, 10 * mm, PAGE_WIDTH - 20 * mm, PAGE_HEIGHT - 20 * mm)
        c.setLineWidth(0.5)
        c.rect(12.5 * mm, 12.5 * mm, PAGE_WIDTH - 25 * mm, PAGE_HEIGHT - 25 * mm)
        c.setFillColor(FRAME)
        for x in (11.25 * mm, PAGE_WIDTH - 11.25 * mm):  # corner lozenges between the two rules
            for y in (11.25 * mm, PAGE_HEIGHT - 11.25 * mm):
                self.lozenge(x, y, 2.4 * mm)

    def lozenge(self, x: float, y: float, r: float) -> None:
        path = self.c.beginPath()
        path.moveTo(x, y + r)
        for dx, dy in ((r, 0), (0, -r), (-r, 0)):
            path.lineTo(x + dx, y + dy)
        path.close()
        self.c.drawPath(path, stroke=0, fill=1)

    def header(self) -> None:
        centre, top = PAGE_WIDTH / 2, PAGE_HEIGHT
        self.text(centre, top - 27 * mm, "中华人民共和国", 12, TITLE, align="centre", spacing=5)
        self.text(centre, top - 40 * mm, self.content.title, 26, TITLE, align="centre", spacing=7)
        c = self.c
        c.setStrokeColor(TITLE)
        c.setLineWidth(0.6)
        c.line(centre - 55 * mm, top - 44 * mm, centre + 55 * mm, top - 44 * mm)
        c.setLineWidth(0.3)
        c.line(centre - 55 * mm, top - 44.9 * mm, centre + 55 * mm, top - 44.9 * mm)
        self.text(centre, top - 53 * mm, self.content.number, 13, INK, align="centre")
        self.text(centre, top - 59.5 * mm, f"电子证照标识：{self.content.identifier}", 7.5, MUTED, align="centre")

    def table(self, rows: list[Row]) -> None:
        """The register table from TABLE_TOP down, in the largest type that keeps it above the issuer."""
        value_width = TABLE_RIGHT - TABLE_LEFT - LABEL_WIDTH - 2 * PADDING
        for size, airy in ((10.5, 1.0), (10.5, 0.8), (9.5, 0.75), (8.5, 0.7), (7.5, 0.7)):  # roomy to cramped
            leading = size * 1.45
            wrapped = [self.fonts.wrap(row.value, size, value_width) for row in rows]
            heights = [max(row.min_height * airy, len(lines) * leading + 2 * V_PADDING)
                       for row, lines in zip(rows, wrapped, strict=True)]
            if TABLE_TOP - sum(heights) >= TABLE_BOTTOM_LIMIT:
                break
        else:
            raise ContentDoesNotFit(f"certificate {self.content.number}: the register table needs more than a page")
        c, y = self.c, TABLE_TOP
        c.setFillColor(LABEL_FILL)
        c.rect(TABLE_LEFT, TABLE_TOP - sum(heights), LABEL_WIDTH, sum(heights), stroke=0, fill=1)
        c.setStrokeColor(RULE)
        c.setLineWidth(0.5)
        for row, lines, height in zip(rows, wrapped, heights, strict=True):
            middle = y - height / 2
            label_size = 10.5 if self.fonts.width(row.label, 10.5) <= LABEL_WIDTH - 4 * mm else 9.5
            self.text(TABLE_LEFT + LABEL_WIDTH / 2, middle - label_size * 0.36, row.label, label_size,
                      align="centre")
            first = middle + (len(lines) - 1) * leading / 2 - size * 0.36
            for n, line in enumerate(lines):
                self.text(TABLE_LEFT + LABEL_WIDTH + PADDING, first - n * leading, line, size)
            y -= height
            if y > TABLE_TOP - sum(heights) + 0.1:
                c.line(TABLE_LEFT, y, TABLE_RIGHT, y)
        c.setLineWidth(1.0)
        c.rect(TABLE_LEFT, y, TABLE_RIGHT - TABLE_LEFT, TABLE_TOP - y)
        c.setLineWidth(0.5)
        c.line(TABLE_LEFT + LABEL_WIDTH, y, TABLE_LEFT + LABEL_WIDTH, TABLE_TOP)

    def issuer(self, top: float) -> None:
        """登记机构 and the dates, with the authority's seal stamped over them as on paper."""
        x, content = TABLE_LEFT + 6 * mm, self.content
        lines = [("登记机构：", content.authority), ("登记日期：", chinese_date(content.registered_on)),
                 ("发证日期：", chinese_date(content.issued_on))]
        label_width = max(self.fonts.width(label, 11) for label, _ in lines)
        for n, (label, value) in enumerate(lines):
            self.text(x, top - n * 9 * mm, label, 11, MUTED)
            self.text(x + label_width, top - n * 9 * mm, value, 11)
        # stamped over the end of the authority's name, as a registrar stamps a paper certificate
        self.seal(x + label_width + self.fonts.width(content.authority, 11) + 0.7 * SEAL_RADIUS, top - 3 * mm)

    def seal(self, cx: float, cy: float) -> None:
        """A red round seal: double ring, five-pointed star, authority name on the upper arc."""
        c, r = self.c, SEAL_RADIUS
        c.saveState()
        c.setFillAlpha(0.85)
        c.setStrokeAlpha(0.85)
        c.setStrokeColor(SEAL_RED)
        c.setFillColor(SEAL_RED)
        c.setLineWidth(2.6)
        c.circle(cx, cy, r - 1.3)
        c.setLineWidth(0.6)
        c.circle(cx, cy, r - 3.6)
        star = c.beginPath()
        for n in range(10):
            radius = 0.27 * r if n % 2 == 0 else 0.27 * r * 0.382
            angle = math.pi / 2 + n * math.pi / 5
            point = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
            if n == 0:
                star.moveTo(*point)
            else:
                star.lineTo(*point)
        star.close()
        c.drawPath(star, stroke=0, fill=1)
        name = self.content.authority
        size = min(0.22 * r, 2 * math.pi * 0.7 * r * 0.62 / max(len(name), 1))
        baseline = r - 4.6 - 0.9 * size - 1.2
        step = min(24.0, 235.0 / max(len(name) - 1, 1))
        for n, character in enumerate(name):
            angle = 90 + step * (len(name) - 1) / 2 - n * step
            c.saveState()
            c.translate(cx + baseline * math.cos(math.radians(angle)), cy + baseline * math.sin(math.radians(angle)))
            c.rotate(angle - 90)
            self.fonts.draw(c, 0, 0, character, size, align="centre", outline=0.45)
            c.restoreState()
        bottom_size = min(0.16 * r, 1.2 * r / len(SEAL_TEXT))
        self.fonts.draw(c, cx, cy - 0.5 * r, SEAL_TEXT, bottom_size, align="centre", outline=0.3)
        c.restoreState()

    def qr(self, x: float, y: float) -> None:
        """The QR code (level M, vector) with the verification URL alone, and its caption below."""
        c = self.c
        c.setFillColor(white)
        c.rect(x, y, QR_SIZE, QR_SIZE, stroke=0, fill=1)
        widget = QrCodeWidget(self.content.verify_url, barLevel="M", barWidth=QR_SIZE, barHeight=QR_SIZE, x=x, y=y)
        modules = c.beginPath()  # the widget's dark modules as one path (renderPDF would add Helvetica)
        for shape in widget.draw().contents:
            if shape.fillColor is not None:
                modules.rect(shape.x, shape.y, shape.width, shape.height)
        c.setFillColor(black)
        c.drawPath(modules, stroke=0, fill=1)
        self.text(x + QR_SIZE / 2, y - 2.5 * mm, "扫码核验", 10, INK, align="centre", spacing=2)

#!/usr/bin/env python3
"""The peer of `planner certificates export`: reportlab draws the same certificate N times — the same
texts, a QR code of the verify URL, DejaVu Sans embedded — one PDF per certificate and one multi-page
PDF. Prints seconds for each part. Usage: reportlab_certificates.py N OUTDIR
"""
import os
import sys
import time

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

pdfmetrics.registerFont(TTFont("DejaVu", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
pdfmetrics.registerFont(TTFont("DejaVu-Bold", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"))
WIDTH, HEIGHT = landscape(A4)


def draw(c: canvas.Canvas, index: int) -> None:
    code = f"7KQ2M-X9FHD-{index:05d}"
    url = f"https://verify.example.org/certificates/{code}"
    c.setLineWidth(2)
    c.rect(24, 24, WIDTH - 48, HEIGHT - 48)
    c.setFont("DejaVu-Bold", 11)
    c.drawString(48, HEIGHT - 60, "Ville de Liège — Service formation")
    c.drawRightString(WIDTH - 48, HEIGHT - 60, "Co-funded by the European Union")
    c.setFont("DejaVu-Bold", 28)
    c.drawCentredString(WIDTH / 2, HEIGHT - 120, "Certificate of attendance")
    c.setFont("DejaVu", 12)
    c.drawCentredString(WIDTH / 2, HEIGHT - 150, "This certifies that")
    c.setFont("DejaVu-Bold", 24)
    c.drawCentredString(WIDTH / 2, HEIGHT - 182, f"Given{index} Family{index}")
    c.setFont("DejaVu", 12)
    c.drawCentredString(WIDTH / 2, HEIGHT - 210, "attended 6 of the 6 hours of the seminar")
    c.setFont("DejaVu-Bold", 16)
    c.drawCentredString(WIDTH / 2, HEIGHT - 232, "Benchmark module")
    c.setFont("DejaVu", 11)
    c.drawCentredString(WIDTH / 2, HEIGHT - 252, "part of the programme “Benchmark programme”, from 2027-01-04 to 2027-01-06")
    c.setFont("DejaVu-Bold", 10)
    c.drawString(88, HEIGHT - 280, "Learning outcomes")
    c.setFont("DejaVu", 9)
    c.drawString(88, HEIGHT - 295, "• Attend.")
    widget = QrCodeWidget(url, barLevel="M")
    bounds = widget.getBounds()
    size = 96
    drawing = Drawing(size, size, transform=[size / (bounds[2] - bounds[0]), 0, 0, size / (bounds[3] - bounds[1]), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, c, WIDTH - 48 - size, 110)
    c.setFont("DejaVu", 9)
    c.drawRightString(WIDTH - 48, 50, f"Verification code {code}")
    c.setFont("DejaVu", 7)
    c.drawString(48, 50, f"Issued on 2027-12-31. Check it at {url}")


def main() -> None:
    count, folder = int(sys.argv[1]), sys.argv[2]
    os.makedirs(folder, exist_ok=True)
    start = time.perf_counter()
    for index in range(count):
        c = canvas.Canvas(f"{folder}/certificate-{index}.pdf", pagesize=landscape(A4))
        draw(c, index)
        c.save()
    single = time.perf_counter() - start
    start = time.perf_counter()
    c = canvas.Canvas(f"{folder}/all-certificates.pdf", pagesize=landscape(A4))
    for index in range(count):
        draw(c, index)
        c.showPage()
    c.save()
    combined = time.perf_counter() - start
    print(f"{single:.2f} {combined:.2f}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Draws assets/icon.png, the window icon: a pool of blocks in the heap map's size-class colours
(Okabe-Ito, colour-blind safe), a few free, and two blocks of a cycle outlined as garbage.
Standard library only: python3 assets/make_icon.py"""
import struct
import zlib

SIZE = 256
BG = (27, 27, 27)
FREE = (60, 60, 60)
COLOURS = [(230, 159, 0), (86, 180, 233), (0, 158, 115), (240, 228, 66), (0, 114, 178),
           (204, 121, 167)]
GARBAGE = (213, 94, 0)
# 4 x 4 blocks: a colour index, None for a free block; (row, col) of the cycle's two blocks.
GRID = [[0, 1, 2, 1], [2, 0, None, 4], [1, 3, 5, None], [None, 2, 0, 1]]
CYCLE = {(1, 3), (2, 2)}

pixels = [[BG + (0,) for _ in range(SIZE)] for _ in range(SIZE)]


def rounded(x0, y0, x1, y1, r, colour):
    for y in range(y0, y1):
        for x in range(x0, x1):
            dx = max(x0 + r - x, 0, x - (x1 - 1 - r))
            dy = max(y0 + r - y, 0, y - (y1 - 1 - r))
            if dx * dx + dy * dy <= r * r:
                pixels[y][x] = colour + (255,)


rounded(0, 0, SIZE, SIZE, 40, BG)
cell, gap, margin = 48, 10, 22
for r, row in enumerate(GRID):
    for c, idx in enumerate(row):
        x0, y0 = margin + c * (cell + gap), margin + r * (cell + gap)
        if (r, c) in CYCLE:
            rounded(x0 - 5, y0 - 5, x0 + cell + 5, y0 + cell + 5, 10, GARBAGE)
            rounded(x0, y0, x0 + cell, y0 + cell, 6, BG)
        rounded(x0 + 2, y0 + 2, x0 + cell - 2, y0 + cell - 2, 6,
                FREE if idx is None else COLOURS[idx])


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


raw = b"".join(b"\0" + bytes(v for p in row for v in p) for row in pixels)
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
with open(__file__.replace("make_icon.py", "icon.png"), "wb") as f:
    f.write(png)

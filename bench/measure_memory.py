"""Peak server memory while many people measure at once.

A server is started and measures one photo (so the pose model is loaded); then
3 × MEASURE_SLOTS uploads of large photos (64 MP JPEGs and PNGs, the most accepted) arrive at
the same moment. The slots let MEASURE_SLOTS decode at once and queue the rest, so the
peak stays under the stated ceiling (``psoas.web.vision_api.MEMORY_CEILING_MB`` above
the warmed-up server). Prints the peak as a ratio of that ceiling; target <= 1.
"""

from __future__ import annotations

import http.client
import io
import tempfile
import threading
import time

from soak import rss_kb
from web import Server

TOKEN = "m" * 43


def big_photo(kind: str) -> bytes:
    """An 8000 × 8000 photo (64 MP, the most accepted), smooth so it stays a few MB.
    A JPEG decodes straight to a reduced size; a PNG is decoded whole, the costly case."""
    import numpy as np
    from PIL import Image

    width, height = 8000, 8000
    ramp = np.linspace(0, 255, width, dtype=np.uint8)
    pixels = np.repeat(np.repeat(ramp[None, :, None], height, axis=0), 3, axis=2)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, kind)
    return out.getvalue()


def upload(port: int, photo: bytes, statuses: list[int]) -> None:
    """POST ``photo`` to /api/measure; append the status."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    headers = {
        "Content-Type": "application/octet-stream",
        "Cookie": f"psoas_csrf={TOKEN}",
        "X-CSRF-Token": TOKEN,
    }
    connection.request("POST", "/api/measure?position=lying", photo, headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    statuses.append(response.status)


def main(argv: list[str] | None = None) -> int:
    """Run the burst; print the peak against the ceiling."""
    del argv
    from psoas.exceptions import BadInput
    from psoas.vision.pose import _imports
    from psoas.web.vision_api import MEASURE_SLOTS, MEMORY_CEILING_MB

    try:
        _imports()
    except BadInput:
        print("measure memory: the vision extra is not installed; skipped")
        return 0
    photos = [big_photo("JPEG"), big_photo("PNG")]
    with tempfile.TemporaryDirectory() as home:
        server = Server(home)
        try:
            warm: list[int] = []
            upload(server.port, photos[0], warm)
            base_kb = rss_kb(server.process.pid)
            peak_kb = base_kb
            statuses: list[int] = []
            senders = [
                threading.Thread(target=upload, args=(server.port, photos[i % 2], statuses))
                for i in range(3 * MEASURE_SLOTS)
            ]
            started = time.perf_counter()
            for sender in senders:
                sender.start()
            while any(sender.is_alive() for sender in senders):
                peak_kb = max(peak_kb, rss_kb(server.process.pid))
                time.sleep(0.02)
            seconds = time.perf_counter() - started
        finally:
            server.stop()
    rise_mb = (peak_kb - base_kb) / 1024
    ratio = rise_mb / MEMORY_CEILING_MB
    ok = ratio <= 1 and warm == [200] and set(statuses) == {200}
    print(
        f"measure memory: {len(statuses)} JPEG and PNG photos of 64 MP at once "
        f"({MEASURE_SLOTS} slots) in {seconds:.1f} s: server {base_kb // 1024} MB warmed, "
        f"peak +{rise_mb:.0f} MB = {ratio:.2f} x the {MEMORY_CEILING_MB} MB ceiling  "
        f"{'ok' if ok else 'MISSED'} (answers {sorted(set(statuses + warm))})"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

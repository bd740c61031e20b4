"""Processing a 24-megapixel JPEG into all renditions: wall time and peak memory.

    .venv/bin/python bench/images.py              # 3 runs of each case
    .venv/bin/python bench/images.py --runs 5

Makes a photo-like 6000 × 4000 JPEG (gradients, noise, EXIF with GPS) once under bench/out/, then,
for each run, starts a fresh Python process that reads the file and does what an upload does:
`processing.prepare` (checks, decoding, orientation, sRGB, metadata dropped, kept at 2560 px),
the kept file encoded, then every rendition (480, 960, 1600 px, WebP and JPEG). Peak memory is the
child's maximum resident set size minus its size just before processing (Pillow allocates outside
Python's heap, so tracemalloc would not see it). Appends the medians to bench/RESULTS.md.
"""

import argparse
import json
import platform
import statistics
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
RESULTS = ROOT / "bench" / "RESULTS.md"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
SIZE = (6000, 4000)

CHILD = """
import json, resource, sys, time
from io import BytesIO
sys.path.insert(0, sys.argv[1])
from images import processing
data = open(sys.argv[2], "rb").read()
limits = processing.Limits(max_bytes=50 * 2**20, max_width=12000, max_height=12000,
                           max_pixels=50_000_000)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
prepared = processing.prepare(BytesIO(data), limits=limits, keep_max_edge=2560)
kept = processing.encode(prepared.image, prepared.format)
prepared_at = time.perf_counter()
made = list(processing.renditions(prepared.image, widths=(480, 960, 1600),
                                  formats=("WEBP", prepared.format)))
end = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({
    "prepare_s": prepared_at - start, "renditions_s": end - prepared_at, "total_s": end - start,
    "peak_mb": (peak - before) / 1024, "files": 1 + len(made),
    "bytes": len(kept) + sum(len(m[3]) for m in made),
}))
"""


def make_photo(path, orientation):
    """A 24 MP JPEG that compresses like a photo: smooth gradients under fine noise."""
    from PIL import ExifTags, Image, ImageChops

    width, height = SIZE
    red = Image.linear_gradient("L").resize(SIZE)
    green = Image.radial_gradient("L").resize(SIZE)
    blue = Image.linear_gradient("L").rotate(90).resize(SIZE)
    noise = Image.effect_noise(SIZE, 24)
    photo = Image.merge("RGB", [ImageChops.add(c, noise, 1.0, -64) for c in (red, green, blue)])
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Bench"
    exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] = (48.0, 51.0, 24.0)
    photo.save(path, "JPEG", quality=92, exif=exif)


def run_child(path):
    answer = subprocess.run(
        [PYTHON, "-c", CHILD, str(ROOT), str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(answer.stdout)


def measure(runs):
    OUT.mkdir(parents=True, exist_ok=True)
    cases = {}
    for label, orientation in [("landscape", 1), ("turned (EXIF orientation 6)", 6)]:
        path = OUT / f"photo-24mp-o{orientation}.jpg"
        if not path.exists():
            make_photo(path, orientation)
        results = [run_child(path) for _ in range(runs)]
        cases[label] = {
            "source_mb": path.stat().st_size / 2**20,
            **{key: statistics.median(r[key] for r in results) for key in results[0]},
        }
        print(f"  {label}: {cases[label]['total_s']:.2f} s, {cases[label]['peak_mb']:.0f} MB")
    return cases


def report(cases, runs):
    from PIL import __version__ as pillow

    lines = [
        f"## bench/images.py: a 24 MP JPEG into all renditions ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        f"Machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}, "
        f"Pillow {pillow}. Median of {runs} runs, each in a fresh process.",
        "",
        "6000 × 4000 JPEG (quality 92) → kept file (2560 px, JPEG) + 480/960/1600 px in WebP and "
        "JPEG. `prepare` = checks, decoding (JPEG draft at 1/2 scale), orientation, sRGB, "
        "metadata dropped, resize to 2560 px and the kept file encoded.",
        "",
        "| case | source MB | prepare s | renditions s | total s | peak memory MB | files | output kB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, c in cases.items():
        lines.append(
            f"| {label} | {c['source_mb']:.1f} | {c['prepare_s']:.2f} | {c['renditions_s']:.2f} "
            f"| {c['total_s']:.2f} | {c['peak_mb']:.0f} | {c['files']:.0f} | {c['bytes'] / 1024:.0f} |"
        )
    header = "# Image processing benchmark\n\nEach section is one run.\n\n"
    previous = RESULTS.read_text() if RESULTS.exists() else header
    RESULTS.write_text(previous.rstrip() + "\n\n" + "\n".join(lines) + "\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    cases = measure(args.runs)
    report(cases, args.runs)
    print(f"Results appended to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())

"""Geometry of the server-rendered SVG chart: bars for views, a line for visitors.

Only numbers come out of here; the SVG itself is written in stats/admin/chart.html.
"""

WIDTH, HEIGHT, TOP = 640, 200, 10


def chart(points):
    """Bars and a polyline for [(bucket, views, visitors)], scaled to the largest figure."""
    if not points:
        return None
    highest = max(max(views, visitors) for _, views, visitors in points) or 1
    step = WIDTH / len(points)
    bar = max(step * 0.7, 1)
    bars, line = [], []
    for n, (bucket, views, visitors) in enumerate(points):
        height = (HEIGHT - TOP) * views / highest
        x = n * step + (step - bar) / 2
        bars.append(
            {
                "x": round(x, 1),
                "y": round(HEIGHT - height, 1),
                "width": round(bar, 1),
                "height": round(height, 1),
                "bucket": bucket,
                "views": views,
            }
        )
        y = HEIGHT - (HEIGHT - TOP) * visitors / highest
        line.append(f"{round(n * step + step / 2, 1)},{round(y, 1)}")
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "bars": bars,
        "line": " ".join(line),
        "highest": highest,
    }

#!/usr/bin/python3
"""Open-loop load at a fixed offered rate, as wrk2 does (standard library only; wrk2 is not packaged for Debian).

Usage: fixed_rate.py --url URL --rate R --duration S [--connections C] [--texts FILE]

Request i is due at start + i/R whatever happened before it. C keep-alive connections take due requests in order; the
latency of a request is measured from when it was due, not from when a connection was free to send it, so a server
that falls behind is charged for the queue it causes (wrk2's correction of "coordinated omission"). Bodies are
{"text": ...} with sentences taken in turn from --texts (sentence<TAB>label lines) or a built-in list.
Prints one JSON object: offered and achieved requests/s, p50/p90/p99/max latency in ms, status counts, errors.
"""
import argparse
import asyncio
import json
import time
from urllib.parse import urlsplit

DEFAULT_TEXTS = [
    "The food was delicious and the staff were wonderful.",
    "Terrible service, cold food, never coming back.",
    "Battery life is great and it charges fast.",
    "It broke after two days and support never answered.",
]


def percentile(sorted_values, q):
    if not sorted_values:
        return None
    k = max(0, min(len(sorted_values) - 1, int(round(q / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


async def read_response(reader):
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("connection closed")
    status = int(status_line.split()[1])
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    if length:
        await reader.readexactly(length)
    return status


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--rate", type=float, required=True, help="offered requests per second")
    parser.add_argument("--duration", type=float, required=True, help="seconds of offered load")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--texts")
    args = parser.parse_args()

    texts = DEFAULT_TEXTS
    if args.texts:
        with open(args.texts, encoding="utf-8") as f:
            texts = [line.rsplit("\t", 1)[0].strip() for line in f if "\t" in line]
    url = urlsplit(args.url)
    bodies = [json.dumps({"text": t}).encode() for t in texts]
    heads = [(f"POST {url.path} HTTP/1.1\r\nHost: {url.netloc}\r\nContent-Type: application/json\r\n"
              f"Content-Length: {len(b)}\r\n\r\n").encode() + b for b in bodies]

    total = int(args.rate * args.duration)
    due = asyncio.Queue()
    latencies, statuses, errors = [], {}, 0
    start = time.perf_counter() + 0.2

    async def schedule():
        for i in range(total):
            delay = start + i / args.rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            due.put_nowait((i, start + i / args.rate))
        for _ in range(args.connections):
            due.put_nowait(None)

    async def connection():
        nonlocal errors
        reader, writer = await asyncio.open_connection(url.hostname, url.port)
        try:
            while (item := await due.get()) is not None:
                i, due_at = item
                try:
                    writer.write(heads[i % len(heads)])
                    status = await read_response(reader)
                except (ConnectionError, OSError, asyncio.IncompleteReadError):
                    errors += 1
                    writer.close()
                    reader, writer = await asyncio.open_connection(url.hostname, url.port)
                    continue
                latencies.append((time.perf_counter() - due_at) * 1000)
                statuses[status] = statuses.get(status, 0) + 1
        finally:
            writer.close()

    workers = [asyncio.create_task(connection()) for _ in range(args.connections)]
    await schedule()
    await asyncio.gather(*workers)
    wall = time.perf_counter() - start
    ok = sorted(latencies)
    print(json.dumps({
        "offered_rps": args.rate,
        "requests": total,
        "achieved_rps": round(len(latencies) / wall, 1),
        "p50_ms": round(percentile(ok, 50), 2) if ok else None,
        "p90_ms": round(percentile(ok, 90), 2) if ok else None,
        "p99_ms": round(percentile(ok, 99), 2) if ok else None,
        "max_ms": round(ok[-1], 2) if ok else None,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "errors": errors,
        "wall_s": round(wall, 2),
    }))


if __name__ == "__main__":
    asyncio.run(main())

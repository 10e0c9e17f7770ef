#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The channels_redis sender of GroupSendBench: channels_redis' own group_send into a group of Switchboard channels.

usage: channels_redis_sender.py FLAVOUR HOSTS PREFIX GROUP
  FLAVOUR  redis (channels_redis.core.RedisChannelLayer) or redis-pubsub (channels_redis.pubsub.RedisPubSubChannelLayer)
  HOSTS    comma-separated Redis URLs

Prints "ready" once connected. Then, for each sequence number read on stdin (one per line), it calls
group_send(GROUP, {"type": "bench.message", "seq": n, "t": <epoch microseconds>}) without waiting for earlier ones,
and prints "ok n" when that call has returned: the benchmark decides how many are in flight. Ends at the end of
stdin, once every send has finished.
"""
import asyncio
import functools
import sys
import time

from channels_redis.core import RedisChannelLayer
from channels_redis.pubsub import RedisPubSubChannelLayer


async def main():
    flavour, hosts, prefix, group = sys.argv[1:5]
    if flavour not in ("redis", "redis-pubsub"):
        sys.exit(f"FLAVOUR '{flavour}' is unknown; expected redis or redis-pubsub")
    layer_class = RedisChannelLayer if flavour == "redis" else RedisPubSubChannelLayer
    layer = layer_class(hosts=hosts.split(","), prefix=prefix)
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    # opens the connections: a group with no members costs one read (core) or one publish to nobody (pub/sub)
    await layer.group_send(group + "-warm", {"type": "bench.warm"})
    print("ready", flush=True)

    failures = 0
    pending = set()

    def finished(seq, task):
        nonlocal failures
        pending.discard(task)
        if task.exception() is None:
            print(f"ok {seq}", flush=True)
        else:
            failures += 1
            if failures <= 5:
                print(f"group_send failed: {task.exception()!r}", file=sys.stderr, flush=True)

    while True:
        line = await reader.readline()
        if not line:
            break
        seq = int(line)
        message = {"type": "bench.message", "seq": seq, "t": time.time_ns() // 1000}
        task = asyncio.ensure_future(layer.group_send(group, message))
        pending.add(task)
        task.add_done_callback(functools.partial(finished, seq))
    if pending:
        await asyncio.wait(pending)
    print(f"done, {failures} failed", flush=True)


if __name__ == "__main__":
    asyncio.run(main())

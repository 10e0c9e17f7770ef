"""A channels_redis peer for Switchboard's interop tests: it uses the real Python package, nothing else.

Run with Debian's interpreter (/usr/bin/python3, packages python3-channels-redis and python3-daphne):

  channels_redis_peer.py --flavour core|pubsub --hosts URL[,URL] --prefix P send CHANNEL JSON
  channels_redis_peer.py ... group-send GROUP JSON
  channels_redis_peer.py ... listen [--group G]... [--count N] [--timeout S] [--mis-sharded]

JSON messages may hold {"$bytes": "<hex>"} for a bytes value, both ways. `listen` makes a channel with
new_channel(), adds it to the groups, prints {"channel": NAME} once it is ready, then prints each message it
receives as one JSON line and exits 0 after COUNT messages (exit 3 on timeout). `--mis-sharded` (core, two or
more hosts) picks a channel whose full name hashes to another shard than its process part, the case where
channels_redis' own direct sends are lost (django/channels#1492).
"""

import argparse
import asyncio
import json
import sys

from channels_redis.core import RedisChannelLayer
from channels_redis.pubsub import RedisPubSubChannelLayer
from channels_redis.utils import _consistent_hash


def from_json(value):
    if isinstance(value, dict):
        if set(value) == {"$bytes"}:
            return bytes.fromhex(value["$bytes"])
        return {k: from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_json(v) for v in value]
    return value


def to_json(value):
    if isinstance(value, bytes):
        return {"$bytes": value.hex()}
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    return value


def emit(obj):
    print(json.dumps(obj), flush=True)


def make_layer(args):
    hosts = [h for h in args.hosts.split(",") if h]
    if args.flavour == "core":
        return RedisChannelLayer(hosts=hosts, prefix=args.prefix)
    return RedisPubSubChannelLayer(hosts=hosts, prefix=args.prefix)


async def listen(layer, args):
    channel = await layer.new_channel()
    if args.mis_sharded:
        ring = len(args.hosts.split(","))
        while _consistent_hash(channel, ring) == _consistent_hash(channel[: channel.index("!") + 1], ring):
            channel = await layer.new_channel()
    for group in args.group:
        await layer.group_add(group, channel)
    if args.flavour == "pubsub":
        # prove that the subscriptions are active before announcing the channel: nothing waits in Pub/Sub
        await layer.send(channel, {"type": "peer.ready"})
        ready = await asyncio.wait_for(layer.receive(channel), args.timeout)
        assert ready == {"type": "peer.ready"}, ready
        for group in args.group:
            await layer.group_send(group, {"type": "peer.ready"})
            ready = await asyncio.wait_for(layer.receive(channel), args.timeout)
            assert ready == {"type": "peer.ready"}, ready
    emit({"channel": channel})
    try:
        for _ in range(args.count):
            message = await asyncio.wait_for(layer.receive(channel), args.timeout)
            emit(to_json(message))
    except asyncio.TimeoutError:
        emit({"timeout": args.timeout})
        return 3
    finally:
        for group in args.group:
            await layer.group_discard(group, channel)
    return 0


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--flavour", choices=["core", "pubsub"], required=True)
    parser.add_argument("--hosts", required=True)
    parser.add_argument("--prefix", default="asgi")
    sub = parser.add_subparsers(dest="command", required=True)
    send = sub.add_parser("send")
    send.add_argument("channel")
    send.add_argument("message")
    group_send = sub.add_parser("group-send")
    group_send.add_argument("group")
    group_send.add_argument("message")
    listen_cmd = sub.add_parser("listen")
    listen_cmd.add_argument("--group", action="append", default=[])
    listen_cmd.add_argument("--count", type=int, default=1)
    listen_cmd.add_argument("--timeout", type=float, default=10.0)
    listen_cmd.add_argument("--mis-sharded", action="store_true")
    args = parser.parse_args()

    layer = make_layer(args)
    if args.command == "send":
        await layer.send(args.channel, from_json(json.loads(args.message)))
        emit({"sent": args.channel})
        code = 0
    elif args.command == "group-send":
        await layer.group_send(args.group, from_json(json.loads(args.message)))
        emit({"group_sent": args.group})
        code = 0
    else:
        code = await listen(layer, args)
    if args.flavour == "core":
        await layer.close_pools()
    else:
        await layer.flush()
    return code


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))

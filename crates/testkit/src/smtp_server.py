"""A small SMTP server for the tests: a real process on loopback that a test
can make refuse connections (421), refuse mail for good (550), refuse every
n-th message for now (451) or answer slowly, by files in its folder.

    python3 smtp_server.py DIR      prints the port it listens on, then serves

Files in DIR that steer it (read at each connection or message):
    refuse          answer 421 at the greeting and hang up
    reject          answer 550 to every recipient
    tempfail_every  (a number n) answer 451 to every n-th message
    slow_ms         (a number) wait that long before accepting a message
Accepted messages are written to DIR/mail-<n>.eml (complete files only).
"""

import asyncio
import itertools
import os
import sys

DIR = sys.argv[1]
messages = itertools.count(1)
stored = itertools.count(1)


def flag(name):
    return os.path.exists(os.path.join(DIR, name))


def number(name):
    try:
        with open(os.path.join(DIR, name)) as f:
            return int(f.read().strip() or 0)
    except (OSError, ValueError):
        return 0


async def session(reader, writer):
    async def say(line):
        writer.write(line.encode() + b"\r\n")
        await writer.drain()

    try:
        if flag("refuse"):
            await say("421 4.3.2 Service not available, try again later")
            return
        await say("220 test ESMTP")
        while True:
            raw = await reader.readline()
            if not raw:
                return
            line = raw.decode("utf-8", "replace").strip()
            verb = line.upper()
            if verb.startswith(("EHLO", "HELO")):
                await say("250-test")
                await say("250-8BITMIME")
                await say("250 SMTPUTF8")
            elif verb.startswith("RCPT TO"):
                if flag("reject"):
                    await say("550 5.1.1 No such user here")
                else:
                    await say("250 2.1.5 ok")
            elif verb == "DATA":
                await say("354 go ahead")
                data = []
                while True:
                    l = await reader.readline()
                    if not l or l in (b".\r\n", b".\n"):
                        break
                    data.append(l)
                n = next(messages)
                every = number("tempfail_every")
                if every and n % every == 0:
                    await say("451 4.3.0 Temporary failure, try again later")
                    continue
                slow = number("slow_ms")
                if slow:
                    await asyncio.sleep(slow / 1000)
                k = next(stored)
                path = os.path.join(DIR, f"mail-{k}.eml")
                with open(path + ".tmp", "wb") as f:
                    f.write(b"".join(data))
                os.rename(path + ".tmp", path)
                await say("250 2.0.0 queued")
            elif verb == "QUIT":
                await say("221 bye")
                return
            else:
                await say("250 ok")
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def main():
    server = await asyncio.start_server(session, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())

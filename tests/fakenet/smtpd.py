"""smtpd.py - fakenet's loopback mail server, the sink the SMTP client is
tested against.  Python standard library only (asyncio, ssl); started by
fakenet.py, which owns the test CA and the certificate (valid for the
names in SMTP_HOSTS).  Not the removed stdlib module of the same name.

Protocol (RFC 5321, 3207, 4954), as a real submission server speaks it:
  220 greeting; EHLO (multi-line 250: PIPELINING, SIZE, 8BITMIME, and
  STARTTLS before TLS, AUTH PLAIN LOGIN only once TLS is on), HELO;
  STARTTLS (220, handshake, then every state is forgotten: EHLO again;
  commands pipelined behind STARTTLS are thrown away, RFC 3207 5);
  implicit TLS on the second port ("smtps"); AUTH PLAIN (with or without
  the initial response) and LOGIN, base64, 235 / 535, "*" cancels (501),
  538 before TLS, 503 when already authenticated; MAIL FROM:<..> [SIZE=n]
  [BODY=..] (<> allowed), RCPT TO:<..> (at most 100), DATA (354, then
  dot-stuffing undone, RFC 5321 4.5.2) and "250 2.0.0 Ok: queued as ID";
  RSET, NOOP, QUIT (221), VRFY (252).  503 5.5.1 for a command out of
  sequence, 500 5.5.2 for an unknown one, 501 5.5.4 for bad arguments,
  500 5.5.6 for a command line over 512 octets, 552 5.3.4 for a message
  over SIZE or with a text line over 1000 octets (not stored).

Each accepted message goes to STATE/mail/N.eml (the exact bytes after
un-stuffing, CRLF line ends, N = 1, 2, ...) with STATE/mail/N.json beside
it, written after it: {"id", "mail_from", "rcpt_to": [...], "auth_user"
(null without AUTH), "tls": true/false, "port": "smtp"/"smtps", "helo",
"size"}.  STATE/log gets a line per command ("smtp", the command).

Faults.  STATE/smtp.conf, read when a connection opens (so a test may
change it between two connections), one KEY or KEY=VALUE a line, "#"
comments:
  require-auth          MAIL without AUTH: 530 5.7.0
  no-starttls           STARTTLS not offered; if sent anyway: 454 4.7.0
  user=NAME:PASSWORD    the one account (default depeer:sink-password)
  delay-ms=N            wait N ms before every reply (a slow server)
  hang=WHAT             never answer WHAT: greeting, EHLO, STARTTLS, AUTH,
                        MAIL, RCPT, DATA, or "." (the end of the data);
                        the connection stays open until the client
                        gives up or fakenet stops (--max-seconds); with
                        "." the message is stored first (as lost-reply)
  drop-data=N           close the connection once N octets of the message
                        have come in (nothing stored)
  data-reply=CODE       answer CODE (451 or 554, say) to the end of the
                        data instead of 250; nothing stored
  lost-reply            store the message, then close the connection
                        without sending the 250 (the server has it, the
                        client never learns so)
  reject=ADDRESS        RCPT TO of ADDRESS: 550 5.1.1 (may repeat)
The same faults for one message, by a recipient's local part (any domain):
  reject@ (550 5.1.1 to that RCPT), tempfail@ (451 4.3.0 to the data),
  permfail@ (554 5.6.0 to the data), drop-data@ (drop after 100 octets
  of data), hang@ (no answer to the end of the data), lost-reply@.
"""

import asyncio
import base64
import json
import os
import ssl

SMTP_HOSTS = ["smtp.example.net", "mail.test"]
MAX_SIZE = 10 * 1024 * 1024
MAX_RCPT = 100
CMD_LINE_MAX = 512      # RFC 5321 4.5.3.1.4, CRLF included
TEXT_LINE_MAX = 1000    # RFC 5321 4.5.3.1.6, CRLF included
RCPT_FAULTS = {"tempfail": "data-reply=451", "permfail": "data-reply=554",
               "drop-data": "drop-data=100", "hang": "hang=.",
               "lost-reply": "lost-reply"}


class Drop(Exception):
    """End the session now, with no reply."""


class Cancel(Exception):
    """The client answered an AUTH challenge with "*"."""


def read_conf(state):
    conf = {"reject": [], "user": "depeer:sink-password"}
    try:
        with open(os.path.join(state, "smtp.conf"), encoding="utf-8") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        lines = []
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        k, eq, v = line.partition("=")
        if k == "reject":
            conf["reject"].append(v.lower())
        else:
            conf[k] = v if eq else True
    return conf


def address(arg, keyword):
    """The path in "FROM:<a@b> PARAMS" and its parameters, or None."""
    if not arg.upper().startswith(keyword + ":"):
        return None
    rest = arg[len(keyword) + 1:].strip()
    if not rest.startswith("<") or ">" not in rest:
        return None
    path, _, params = rest[1:].partition(">")
    if any(c in path for c in " <>\t") or (path and "@" not in path):
        return None
    out = {}
    for p in params.split():
        k, _, v = p.partition("=")
        out[k.upper()] = v
    return path, out


class Session:
    def __init__(self, sink, reader, writer, implicit_tls):
        self.sink, self.r, self.w = sink, reader, writer
        self.port = "smtps" if implicit_tls else "smtp"
        self.tls = implicit_tls
        self.conf = read_conf(sink.state)
        self.helo = None
        self.user = None
        self.reset()

    def reset(self):
        self.mail_from = None
        self.rcpt = []
        self.faults = dict(self.conf)

    async def reply(self, text, what=None):
        if what is not None and self.faults.get("hang") == what:
            await asyncio.sleep(self.sink.max_seconds)
            raise Drop()
        if self.faults.get("delay-ms"):
            await asyncio.sleep(int(self.faults["delay-ms"]) / 1000.0)
        self.w.write(text.encode("ascii") + b"\r\n")
        await self.w.drain()

    async def line(self):
        """One line, its CRLF kept; a line over 64 KiB ends the session."""
        try:
            return await self.r.readuntil(b"\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            raise Drop()

    async def run(self):
        await self.reply("220 smtp.example.net ESMTP fakenet", "greeting")
        while True:
            raw = await self.line()
            if len(raw) > CMD_LINE_MAX:
                await self.reply("500 5.5.6 Line too long")
                continue
            text = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb, _, arg = text.partition(" ")
            verb = verb.upper()
            self.sink.log(text if verb != "AUTH" else "AUTH " +
                          arg.split(" ")[0])
            handler = getattr(self, "do_" + verb, None)
            if handler is None:
                await self.reply("500 5.5.2 Unknown command")
            elif await handler(arg.strip()) == "quit":
                return

    async def do_EHLO(self, arg, ehlo=True):
        if not arg:
            return await self.reply("501 5.5.4 Syntax: EHLO hostname")
        self.helo = arg
        self.reset()
        if not ehlo:
            return await self.reply("250 smtp.example.net", "EHLO")
        caps = ["smtp.example.net", "PIPELINING", "SIZE %d" % MAX_SIZE,
                "8BITMIME"]
        if not self.tls and "no-starttls" not in self.faults:
            caps.append("STARTTLS")
        if self.tls:
            caps.append("AUTH PLAIN LOGIN")
        await self.reply("\r\n".join(
            "250%s%s" % ("-" if i < len(caps) - 1 else " ", c)
            for i, c in enumerate(caps)), "EHLO")

    async def do_HELO(self, arg):
        await self.do_EHLO(arg, False)

    async def do_STARTTLS(self, arg):
        if self.tls:
            return await self.reply("503 5.5.1 TLS already active")
        if "no-starttls" in self.faults:
            return await self.reply("454 4.7.0 TLS not available")
        if arg:
            return await self.reply("501 5.5.4 Syntax: STARTTLS")
        await self.reply("220 2.0.0 Ready to start TLS", "STARTTLS")
        # Commands sent behind STARTTLS before the handshake could have
        # been injected by a man in the middle: drop them (RFC 3207 5).
        while self.r._buffer:          # asyncio has no public way to ask
            self.r._buffer.clear()
        try:
            await self.w.start_tls(self.sink.ctx)
        except (ssl.SSLError, ConnectionError, OSError):
            raise Drop()
        self.tls = True
        self.helo = None
        self.user = None
        self.reset()

    async def do_AUTH(self, arg):
        mech, _, initial = arg.partition(" ")
        mech = mech.upper()
        if not self.tls:
            return await self.reply("538 5.7.11 Encryption required")
        if self.helo is None or self.mail_from is not None:
            return await self.reply("503 5.5.1 Bad sequence of commands")
        if self.user is not None:
            return await self.reply("503 5.5.1 Already authenticated")
        if mech not in ("PLAIN", "LOGIN"):
            return await self.reply("504 5.5.4 Unrecognized mechanism")
        try:
            if mech == "PLAIN":
                if not initial:
                    initial = await self.challenge("")
                _, user, pw = self.b64(initial).split("\0")
            else:
                if initial:
                    user = self.b64(initial)
                else:
                    user = self.b64(await self.challenge("VXNlcm5hbWU6"))
                pw = self.b64(await self.challenge("UGFzc3dvcmQ6"))
        except ValueError:
            return await self.reply("501 5.5.2 Cannot decode response")
        except Cancel:
            return await self.reply("501 5.7.0 Authentication cancelled")
        if "%s:%s" % (user, pw) != self.faults["user"]:
            return await self.reply("535 5.7.8 Authentication credentials "
                                    "invalid", "AUTH")
        self.user = user
        await self.reply("235 2.7.0 Authentication successful", "AUTH")

    async def challenge(self, text):
        await self.reply("334 " + text)
        resp = (await self.line()).decode("ascii", "replace").strip()
        if resp == "*":
            raise Cancel()
        return resp

    @staticmethod
    def b64(text):
        try:
            return base64.b64decode(text, validate=True).decode("utf-8")
        except (ValueError, UnicodeDecodeError) as e:
            raise ValueError(str(e))

    async def do_MAIL(self, arg):
        if self.helo is None or self.mail_from is not None:
            return await self.reply("503 5.5.1 Bad sequence of commands")
        if "require-auth" in self.faults and self.user is None:
            return await self.reply("530 5.7.0 Authentication required")
        a = address(arg, "FROM")
        if a is None:
            return await self.reply("501 5.5.4 Syntax: MAIL FROM:<address>")
        size = a[1].get("SIZE", "0")
        if not size.isdigit():
            return await self.reply("501 5.5.4 Bad SIZE parameter")
        if int(size) > MAX_SIZE:
            return await self.reply("552 5.3.4 Message too big")
        self.mail_from = a[0]
        await self.reply("250 2.1.0 Ok", "MAIL")

    async def do_RCPT(self, arg):
        if self.mail_from is None:
            return await self.reply("503 5.5.1 Bad sequence of commands")
        a = address(arg, "TO")
        if a is None or not a[0]:
            return await self.reply("501 5.5.4 Syntax: RCPT TO:<address>")
        if len(self.rcpt) >= MAX_RCPT:
            return await self.reply("452 4.5.3 Too many recipients")
        rcpt = a[0]
        local = rcpt.split("@")[0].lower()
        if local == "reject" or rcpt.lower() in self.faults["reject"]:
            return await self.reply("550 5.1.1 <%s>: Recipient address "
                                    "rejected: User unknown" % rcpt, "RCPT")
        if local in RCPT_FAULTS:
            k, _, v = RCPT_FAULTS[local].partition("=")
            self.faults[k] = v or True
        self.rcpt.append(rcpt)
        await self.reply("250 2.1.5 Ok", "RCPT")

    async def do_DATA(self, arg):
        if self.mail_from is None or not self.rcpt:
            return await self.reply("503 5.5.1 Bad sequence of commands")
        if arg:
            return await self.reply("501 5.5.4 Syntax: DATA")
        await self.reply("354 End data with <CR><LF>.<CR><LF>", "DATA")
        body, got, too_long = [], 0, False
        drop_at = int(self.faults.get("drop-data") or 0)
        while True:
            raw = await self.line()
            if raw in (b".\r\n", b".\n"):
                break
            got += len(raw)
            if drop_at and got >= drop_at:
                raise Drop()
            if len(raw) > TEXT_LINE_MAX:
                too_long = True
            if raw.startswith(b"."):
                raw = raw[1:]       # dot-stuffing undone (4.5.2)
            body.append(raw)
        data = b"".join(body)
        # The transaction's faults hold until its last reply is sent.
        code = self.faults.get("data-reply")
        if too_long or len(data) > MAX_SIZE:
            await self.reply("552 5.3.4 Message too big or line too long",
                             ".")
        elif code:
            text = {"4": " 4.3.0 Try again later",
                    "5": " 5.6.0 Message refused"}.get(code[0], "")
            await self.reply(code + text, ".")
        else:
            qid = self.sink.store(data, {
                "mail_from": self.mail_from, "rcpt_to": self.rcpt,
                "auth_user": self.user, "tls": self.tls,
                "port": self.port, "helo": self.helo, "size": len(data)})
            if "lost-reply" in self.faults:
                raise Drop()
            await self.reply("250 2.0.0 Ok: queued as %s" % qid, ".")
        self.reset()

    async def do_RSET(self, arg):
        self.reset()
        await self.reply("250 2.0.0 Ok")

    async def do_NOOP(self, arg):
        await self.reply("250 2.0.0 Ok")

    async def do_VRFY(self, arg):
        await self.reply("252 2.0.0 Cannot VRFY user")

    async def do_QUIT(self, arg):
        await self.reply("221 2.0.0 Bye")
        return "quit"


class Sink:
    def __init__(self, state, ctx, max_seconds, log):
        self.state, self.ctx = state, ctx
        self.max_seconds, self.log = max_seconds, log
        self.dir = os.path.join(state, "mail")
        os.makedirs(self.dir, exist_ok=True)
        self.count = 0

    def store(self, data, envelope):
        self.count += 1
        n = self.count
        envelope["id"] = "FN%06d" % n
        with open(os.path.join(self.dir, "%d.eml" % n), "wb") as f:
            f.write(data)
        tmp = os.path.join(self.dir, "%d.json.tmp" % n)
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(envelope, f, indent=1, sort_keys=True)
            f.write("\n")
        os.rename(tmp, os.path.join(self.dir, "%d.json" % n))
        return envelope["id"]

    async def session(self, reader, writer, implicit_tls):
        try:
            await Session(self, reader, writer, implicit_tls).run()
        except (Drop, ConnectionError, ssl.SSLError, OSError,
                asyncio.CancelledError):
            pass
        finally:
            writer.transport.abort()


async def start(state, ctx, max_seconds, log):
    """Start the plain (STARTTLS) and implicit-TLS listeners on loopback;
    returns the two servers and their ports."""
    sink = Sink(state, ctx, max_seconds, lambda text: log("smtp", text))
    plain = await asyncio.start_server(
        lambda r, w: sink.session(r, w, False), "127.0.0.1", 0,
        limit=1 << 16)
    tls = await asyncio.start_server(
        lambda r, w: sink.session(r, w, True), "127.0.0.1", 0,
        ssl=ctx, limit=1 << 16)
    return ([plain, tls], plain.sockets[0].getsockname()[1],
            tls.sockets[0].getsockname()[1])

#!/usr/bin/env python3
"""fakenet.py - the loopback stand-in for the registries depeer talks to.

WHOIS servers (one port per registry: IANA, the five RIRs, Team Cymru and
its peer service, RADB, an rwhois host) and one HTTPS server with a test CA
(for every RDAP host and RIPEstat, told apart by the Host header) replay
recorded answers from tests/fixtures and authored ones from
tests/fakenet/data, chosen by the rules in a routes file.  Faults can be
injected per rule: latency, hangs, truncated or garbage replies, oversized
replies, HTTP 429 with Retry-After, connections closed without a word.

Only loopback addresses are used.  The server stops by itself after
--max-seconds (default 600) so that nothing outlives a test run.

  fakenet.py --state DIR [--routes FILE]... [--latency-ms N]

A DNS responder (UDP and TCP on one loopback port, for "lookup DOMAIN")
answers A, AAAA and CNAME queries from tests/fakenet/data/dns.txt (see
that file), following CNAME chains as a recursive resolver would;
NXDOMAIN and empty answers carry an SOA whose negative TTL is 60 s.  A
UDP answer over 512 bytes is sent truncated (TC), so that the client asks
again over TCP.

It writes into DIR: "connect_to" (the DEPEER_CONNECT_TO value), "ca.pem"
(for DEPEER_CA_BUNDLE), "ports" ("name port" lines), "log" (one line per
request: server, query, rule), "dns_server" (the DEPEER_DNS_SERVER
value) and "ready" last.

A mail server (smtpd.py: the faults it obeys are in its header) listens
on two more ports: "smtp" (plain, STARTTLS; smtp.example.net and
mail.test ports 25 and 587 in connect_to) and "smtps" (implicit TLS,
port 465); it stores the messages it accepts in DIR/mail.

Routes file lines (tab-separated, '#' comments):
  SERVER  REGEX  FILE  [FAULT ...]
SERVER is a WHOIS host name (whois.arin.net) or "https://HOST"; REGEX is
matched (fullmatch) against the WHOIS query line or the HTTP path with its
query string; FILE is relative to the routes file's folder, "-" for an
empty reply, and may use {1}, {2} for the regex groups, and inside the file
the same {1} ... are substituted when the rule has the fault "template".
FAULTs: latency=MS  hang  truncate=BYTES  garbage  oversize  close
reset (the connection is reset, TCP RST, instead of a reply)
status=CODE  retry-after=SECONDS  once (the rule serves the first
matching request only; later ones go to the next rule)  template
content-type=TYPE  phase=NAME (the rule applies only while the file
"phase" in the state DIR holds NAME, so that a test or a demo can change
the answers between two runs: "echo cut >$STATE/phase"; read at every
request; rules without it always apply).
The first matching rule wins.
"""

import argparse
import asyncio
import os
import re
import signal
import socket
import ssl
import struct
import subprocess
import sys
import tempfile

import smtpd    # tests/fakenet/smtpd.py (first on sys.path), not stdlib

WHOIS_SERVERS = [
    "whois.iana.org", "whois.arin.net", "whois.ripe.net", "whois.apnic.net",
    "whois.lacnic.net", "whois.afrinic.net", "whois.cymru.com",
    "v4-peer.whois.cymru.com", "whois.radb.net", "rwhois.unifiedlayer.com",
    "whois.hoster.example",     # an rwhois service on port 43
]
HTTPS_HOSTS = [
    "rdap.arin.net", "rdap.db.ripe.net", "rdap.apnic.net", "rdap.lacnic.net",
    "rdap.afrinic.net", "rdap.registro.br", "stat.ripe.net", "data.iana.org",
]
NO_ENTRIES = b"% No entries found for the selected source(s).\n"


class Rule:
    def __init__(self, server, regex, path, faults, base):
        self.server = server
        self.regex = re.compile(regex)
        self.path = path
        self.base = base
        self.faults = {}
        for f in faults:
            k, _, v = f.partition("=")
            self.faults[k] = v if v else True
        self.used = 0

    def fault(self, name):
        return self.faults.get(name)

    def body(self, m):
        if self.path == "-":
            return b""
        groups = m.groups()
        path = self.path
        for i, g in enumerate(groups, 1):
            path = path.replace("{%d}" % i, g or "")
        with open(os.path.join(self.base, path), "rb") as f:
            data = f.read()
        if "template" in self.faults:
            for i, g in enumerate(groups, 1):
                data = data.replace(b"{%d}" % i, (g or "").encode())
        return data


def load_routes(paths):
    rules = []
    for p in paths:
        base = os.path.dirname(os.path.abspath(p))
        with open(p, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                parts = line.split("\t")
                if len(parts) < 3:
                    sys.exit("fakenet: bad route line: %r" % line)
                rules.append(Rule(parts[0], parts[1], parts[2], parts[3:],
                                  base))
    return rules


class Net:
    def __init__(self, args, rules):
        self.args = args
        self.rules = rules
        self.logf = open(os.path.join(args.state, "log"), "a",
                         encoding="utf-8", buffering=1)

    def find(self, server, query):
        for r in self.rules:
            if r.server.lower() != server.lower():
                continue
            if "once" in r.faults and r.used > 0:
                continue        # a one-time rule; the next one serves
            if "phase" in r.faults and r.fault("phase") != self.phase():
                continue        # another phase's answer
            m = r.regex.fullmatch(query)
            if m:
                r.used += 1
                return r, m
        return None, None

    def phase(self):
        """The current phase: the content of DIR/phase, "" when none."""
        try:
            with open(os.path.join(self.args.state, "phase"),
                      encoding="utf-8") as f:
                return f.read().strip()
        except FileNotFoundError:
            return ""

    def log(self, server, query, rule):
        self.logf.write("%s\t%s\t%s\n" % (server, query,
                                          rule.path if rule else "-"))

    async def delay(self, rule):
        ms = self.args.latency_ms
        if rule is not None and rule.fault("latency"):
            ms = int(rule.fault("latency"))
        if ms:
            await asyncio.sleep(ms / 1000.0)

    def shaped(self, rule, body):
        """The reply bytes after the rule's faults."""
        if rule is None:
            return body
        if rule.fault("garbage"):
            return bytes((i * 7919 + 13) % 256 for i in range(4096))
        if rule.fault("oversize"):
            return b"x" * (2 * 1024 * 1024)
        t = rule.fault("truncate")
        if t:
            return body[:int(t)]
        return body

    async def whois(self, server, reader, writer):
        try:
            line = await asyncio.wait_for(reader.readline(), 10)
            query = line.decode("utf-8", "replace").rstrip("\r\n")
            rule, m = self.find(server, query)
            self.log(server, query, rule)
            if server == "whois.cymru.com" and query == "begin":
                await self.cymru_bulk(reader, writer)
                return
            await self.delay(rule)
            if rule is not None and rule.fault("hang"):
                await asyncio.sleep(3600)
            if rule is not None and rule.fault("close"):
                return
            if rule is not None and rule.fault("reset"):
                reset(writer)
                return
            body = rule.body(m) if rule else NO_ENTRIES
            writer.write(self.shaped(rule, body))
            await writer.drain()
        except (ConnectionError, asyncio.TimeoutError,
                asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def cymru_bulk(self, reader, writer):
        """Team Cymru bulk mode: begin, options, one address a line, end."""
        out = [b"Bulk mode; whois.cymru.com [2026-11-27 00:00:00 +0000]\n"]
        while True:
            line = await asyncio.wait_for(reader.readline(), 10)
            if not line:
                break
            q = line.decode("utf-8", "replace").strip()
            if q == "end":
                break
            if q in ("verbose", "noasname", "asname", "header", "noheader",
                     "prefix", "noprefix", "cc", "nocc", "registry",
                     "noregistry", "allocdate", "noallocdate", "asnumber",
                     "noasnumber", "countrycode", "nocountrycode", ""):
                continue
            rule, m = self.find("whois.cymru.com", q)
            self.log("whois.cymru.com", q, rule)
            if rule is not None:
                out.append(rule.body(m).rstrip(b"\n") + b"\n")
            else:
                out.append(("NA      | %-18s | NA                  | NA | "
                            "NA       | NA         | NA\n" % q).encode())
        await self.delay(None)
        writer.write(b"".join(out))
        await writer.drain()

    async def https(self, reader, writer):
        try:
            while True:
                req = await asyncio.wait_for(reader.readline(), 30)
                if not req:
                    break
                parts = req.decode("latin-1").split()
                if len(parts) < 2:
                    break
                path = parts[1]
                headers = {}
                while True:
                    h = await asyncio.wait_for(reader.readline(), 30)
                    if h in (b"\r\n", b"\n", b""):
                        break
                    k, _, v = h.decode("latin-1").partition(":")
                    headers[k.strip().lower()] = v.strip()
                host = headers.get("host", "").split(":")[0]
                server = "https://" + host
                rule, m = self.find(server, path)
                self.log(server, path, rule)
                await self.delay(rule)
                if rule is not None and rule.fault("hang"):
                    await asyncio.sleep(3600)
                if rule is not None and rule.fault("close"):
                    break
                if rule is not None and rule.fault("reset"):
                    reset(writer)
                    return
                status = 200
                extra = ""
                if rule is None:
                    status = 404
                    body = (b'{"errorCode":404,"title":"Not Found",'
                            b'"description":["no such object"]}')
                else:
                    body = self.shaped(rule, rule.body(m))
                    if rule.fault("status"):
                        status = int(rule.fault("status"))
                    if rule.fault("retry-after"):
                        extra += "Retry-After: %s\r\n" % \
                            rule.fault("retry-after")
                ctype = "application/json"
                if rule is not None and rule.fault("content-type"):
                    ctype = rule.fault("content-type")
                head = ("HTTP/1.1 %d X\r\nContent-Type: %s\r\n"
                        "Content-Length: %d\r\n%s\r\n" %
                        (status, ctype, len(body), extra))
                writer.write(head.encode() + body)
                await writer.drain()
        except (ConnectionError, asyncio.TimeoutError, ssl.SSLError,
                asyncio.CancelledError):
            pass
        finally:
            writer.close()


def reset(writer):
    """End the connection with a TCP RST (SO_LINGER 0), not a FIN."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                        struct.pack("ii", 1, 0))
    writer.transport.abort()


def make_ca(state):
    """A throw-away CA and one server certificate for every HTTPS host."""
    ca_key = os.path.join(state, "ca.key")
    ca = os.path.join(state, "ca.pem")
    key = os.path.join(state, "server.key")
    csr = os.path.join(state, "server.csr")
    crt = os.path.join(state, "server.pem")
    ext = os.path.join(state, "ext.cnf")
    run = lambda *a: subprocess.run(a, check=True, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
        "-keyout", ca_key, "-out", ca, "-days", "2", "-subj",
        "/CN=depeer fakenet test CA")
    run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
        "-out", csr, "-subj", "/CN=depeer fakenet")
    with open(ext, "w", encoding="ascii") as f:
        f.write("subjectAltName=" + ",".join("DNS:" + h for h in
                                              HTTPS_HOSTS + smtpd.SMTP_HOSTS)
                + "\n")
    run("openssl", "x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key,
        "-CAcreateserial", "-out", crt, "-days", "2", "-extfile", ext)
    return ca, crt, key


# ---- DNS (lookup DOMAIN) ----

DNS_TYPES = {"A": 1, "CNAME": 5, "SOA": 6, "AAAA": 28}
DNS_FAULTS = ("SERVFAIL", "REFUSED", "HANG")


def load_dns(path):
    """Lines "NAME TYPE TTL VALUE", "NAME EMPTY" (the name exists, with
    no records) or "NAME FAULT [TYPE]" (SERVFAIL, REFUSED, HANG: no reply
    at all; only for questions of TYPE if given); names lower case with
    or without the dot.  A fault is kept under (name, type or None)."""
    zone = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split("#", 1)[0].split()
            if not parts:
                continue
            name = parts[0].lower().rstrip(".")
            if len(parts) == 2 and parts[1] == "EMPTY":
                zone.setdefault(name, [])
            elif len(parts) in (2, 3) and parts[1] in DNS_FAULTS:
                qt = DNS_TYPES[parts[2]] if len(parts) == 3 else None
                zone[(name, qt)] = parts[1]
            elif len(parts) == 4 and parts[1] in DNS_TYPES:
                zone.setdefault(name, []).append(
                    (DNS_TYPES[parts[1]], int(parts[2]), parts[3]))
            else:
                sys.exit("fakenet: bad DNS line: %r" % line)
    return zone


def dns_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode("ascii")
    return out + b"\0"


def dns_rr(name, rtype, ttl, rdata):
    return (dns_name(name) + rtype.to_bytes(2, "big") + b"\0\1" +
            ttl.to_bytes(4, "big") + len(rdata).to_bytes(2, "big") + rdata)


def dns_rdata(rtype, value):
    import socket
    if rtype == 1:
        return socket.inet_pton(socket.AF_INET, value)
    if rtype == 28:
        return socket.inet_pton(socket.AF_INET6, value)
    return dns_name(value)


def dns_answer(zone, query, udp):
    """The response to one query message, or None for no reply."""
    if len(query) < 12:
        return None
    qid = query[:2]
    flags = int.from_bytes(query[2:4], "big")
    i, labels = 12, []
    while i < len(query) and query[i] != 0:
        n = query[i]
        labels.append(query[i + 1:i + 1 + n].decode("ascii", "replace"))
        i += 1 + n
    question = query[12:i + 5]
    qtype = int.from_bytes(query[i + 1:i + 3], "big")
    qname = ".".join(labels).lower()
    fault = zone.get((qname, qtype)) or zone.get((qname, None))
    if fault == "HANG":
        return None
    rcode, answers, found = 0, [], False
    if fault in ("SERVFAIL", "REFUSED"):
        rcode = 2 if fault == "SERVFAIL" else 5
    else:
        name, hops = qname, 0
        while hops < 10:
            recs = zone.get(name)
            if not isinstance(recs, list):
                rcode = 3       # NXDOMAIN, even at the end of a chain
                break
            cname = [r for r in recs if r[0] == 5]
            if cname and qtype != 5:
                answers.append(dns_rr(name, 5, cname[0][1],
                                      dns_rdata(5, cname[0][2])))
                name = cname[0][2].lower().rstrip(".")
                hops += 1
                continue
            for r in recs:
                if r[0] == qtype:
                    answers.append(dns_rr(name, r[0], r[1],
                                          dns_rdata(r[0], r[2])))
                    found = True
            break
    auth = []
    if rcode == 3 or (rcode == 0 and not found):
        # The negative TTL (RFC 2308): min(SOA TTL 3600, MINIMUM 60).
        soa = (dns_name("ns.fakenet.test") + dns_name("hostmaster.test") +
               (1).to_bytes(4, "big") + (3600).to_bytes(4, "big") +
               (600).to_bytes(4, "big") + (86400).to_bytes(4, "big") +
               (60).to_bytes(4, "big"))
        auth = [dns_rr("test", 6, 3600, soa)]
    out_flags = 0x8000 | (flags & 0x0100) | 0x0080 | rcode
    head = (qid + out_flags.to_bytes(2, "big") + b"\0\1" +
            len(answers).to_bytes(2, "big") + len(auth).to_bytes(2, "big") +
            b"\0\0")
    msg = head + question + b"".join(answers) + b"".join(auth)
    if udp and len(msg) > 512:
        out_flags |= 0x0200     # TC: ask again over TCP
        msg = (qid + out_flags.to_bytes(2, "big") + b"\0\1\0\0\0\0\0\0" +
               question)
    return msg


class DnsUdp(asyncio.DatagramProtocol):
    def __init__(self, net, zone):
        self.net, self.zone, self.transport = net, zone, None

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        self.net.log("dns", dns_query_text(data) + " udp", None)
        reply = dns_answer(self.zone, data, True)
        if reply is not None:
            self.transport.sendto(reply, addr)


def dns_query_text(data):
    i, labels = 12, []
    while i < len(data) and data[i] != 0:
        labels.append(data[i + 1:i + 1 + data[i]].decode("ascii",
                                                          "replace"))
        i += 1 + data[i]
    qtype = int.from_bytes(data[i + 1:i + 3], "big")
    names = {v: k for k, v in DNS_TYPES.items()}
    return "%s %s" % (".".join(labels), names.get(qtype, str(qtype)))


async def dns_tcp(net, zone, reader, writer):
    try:
        while True:
            n = int.from_bytes(await asyncio.wait_for(
                reader.readexactly(2), 10), "big")
            data = await asyncio.wait_for(reader.readexactly(n), 10)
            net.log("dns", dns_query_text(data) + " tcp", None)
            reply = dns_answer(zone, data, False)
            if reply is None:
                await asyncio.sleep(3600)
            writer.write(len(reply).to_bytes(2, "big") + reply)
            await writer.drain()
    except (ConnectionError, asyncio.TimeoutError,
            asyncio.IncompleteReadError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--state", required=True)
    ap.add_argument("--routes", action="append", default=[])
    ap.add_argument("--latency-ms", type=int, default=0)
    ap.add_argument("--max-seconds", type=int, default=600)
    args = ap.parse_args()
    os.makedirs(args.state, exist_ok=True)
    net = Net(args, load_routes(args.routes))
    ca, crt, key = make_ca(args.state)
    ports = {}
    servers = []
    for name in WHOIS_SERVERS:
        srv = await asyncio.start_server(
            lambda r, w, n=name: net.whois(n, r, w), "127.0.0.1", 0)
        ports[name] = srv.sockets[0].getsockname()[1]
        servers.append(srv)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(crt, key)
    srv = await asyncio.start_server(net.https, "127.0.0.1", 0, ssl=ctx)
    https_port = srv.sockets[0].getsockname()[1]
    servers.append(srv)
    smtp_servers, smtp_port, smtps_port = await smtpd.start(
        args.state, ctx, args.max_seconds,
        lambda server, text: net.log(server, text, None))
    servers += smtp_servers
    zone = load_dns(os.path.join(os.path.dirname(os.path.abspath(
        __file__)), "data", "dns.txt"))
    # UDP on a free port, then TCP on the same port number (for answers
    # truncated over UDP); another process may hold that number for TCP,
    # so try again with a new port until both are ours.
    for attempt in range(50):
        udp, _ = await asyncio.get_running_loop().create_datagram_endpoint(
            lambda: DnsUdp(net, zone), local_addr=("127.0.0.1", 0))
        dns_port = udp.get_extra_info("sockname")[1]
        try:
            srv = await asyncio.start_server(
                lambda r, w: dns_tcp(net, zone, r, w), "127.0.0.1", dns_port)
            break
        except OSError:
            udp.close()
    else:
        raise SystemExit("fakenet: no port free for DNS over UDP and TCP")
    servers.append(srv)
    with open(os.path.join(args.state, "dns_server"), "w") as f:
        f.write("127.0.0.1:%d\n" % dns_port)
    pairs = ["%s:43:127.0.0.1:%d" % (n, p) for n, p in ports.items()
             if not n.startswith("rwhois.")]
    pairs += ["%s:4321:127.0.0.1:%d" % (n, p) for n, p in ports.items()
              if n.startswith("rwhois.")]
    pairs += ["%s:443:127.0.0.1:%d" % (h, https_port) for h in HTTPS_HOSTS]
    pairs += ["%s:%d:127.0.0.1:%d" % (h, p, smtp_port)
              for h in smtpd.SMTP_HOSTS for p in (25, 587)]
    pairs += ["%s:465:127.0.0.1:%d" % (h, smtps_port)
              for h in smtpd.SMTP_HOSTS]
    with open(os.path.join(args.state, "connect_to"), "w") as f:
        f.write(",".join(pairs) + "\n")
    with open(os.path.join(args.state, "ports"), "w") as f:
        for n, p in ports.items():
            f.write("%s %d\n" % (n, p))
        f.write("https %d\n" % https_port)
        f.write("smtp %d\nsmtps %d\n" % (smtp_port, smtps_port))
    with open(os.path.join(args.state, "pid"), "w") as f:
        f.write("%d\n" % os.getpid())
    with open(os.path.join(args.state, "ready"), "w") as f:
        f.write("ready\n")
    stop = asyncio.get_running_loop().create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(
            sig, lambda: stop.done() or stop.set_result(None))
    try:
        await asyncio.wait_for(stop, args.max_seconds)
    except asyncio.TimeoutError:
        pass
    for s in servers:
        s.close()


if __name__ == "__main__":
    asyncio.run(main())

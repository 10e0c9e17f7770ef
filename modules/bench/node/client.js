#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
//
// An independent load client for run-suite.sh, so that no figure rests on one client alone: the broadcast (B, closed
// loop) and echo (E) cases of the bench's Java load generator, over Node's `ws`, speaking the same frames
// ({"message": text} out, the "message" key of whatever object comes back) and printing the same RESULT line.
// One Node process is one thread: it drives every connection from one event loop.
//
// Texts, as the Java client's MessageCodec: ~<sender>.<seq>.<sentNanos> measured, ~p<room> a readiness probe,
// ~w<sender> warm-up. Phases: connect everyone, probe each room until all its members hear it, warm up, measure.
'use strict';

const fs = require('fs');
const os = require('os');
const { performance } = require('perf_hooks');
const WebSocket = require('ws');

const USAGE = `usage: node client.js broadcast|echo [options]

broadcast: --rooms R (10) --members M (50) --messages N (200) --window W (10)
echo:      --connections C (50) --messages N (200)
both:      --url ws://127.0.0.1:8080[,URL...]  --path /ws/chat/{room}/  --size CHARS (0)  --warmup S (0)
           --drain S (5)  --deadline S (300)  --connect-concurrency K (256)  --server-pid PID (0)
           --label TEXT  --quiet`;

const CLOCK_TICKS_PER_SECOND = 100;

function fail(message) {
    process.stderr.write(`${message}\n${USAGE}\n`);
    process.exit(2);
}

function parse(argv) {
    if (argv.includes('--help') || argv.includes('-h')) {
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
    }
    const scenario = argv[0];
    if (scenario !== 'broadcast' && scenario !== 'echo') {
        fail(`unknown scenario '${scenario}'; this client runs broadcast and echo`);
    }
    const o = {
        scenario,
        urls: ['ws://127.0.0.1:8080'],
        path: '/ws/chat/{room}/',
        rooms: 10,
        members: 50,
        connections: 50,
        messages: 200,
        window: 10,
        size: 0,
        warmup: 0,
        drain: 5,
        deadline: 300,
        connectConcurrency: 256,
        serverPid: 0,
        label: '',
        quiet: false,
    };
    const numbers = {
        '--rooms': 'rooms', '--members': 'members', '--connections': 'connections', '--messages': 'messages',
        '--window': 'window', '--size': 'size', '--warmup': 'warmup', '--drain': 'drain', '--deadline': 'deadline',
        '--connect-concurrency': 'connectConcurrency', '--server-pid': 'serverPid',
    };
    for (let i = 1; i < argv.length; i++) {
        const name = argv[i];
        if (name === '--quiet') {
            o.quiet = true;
            continue;
        }
        const value = argv[++i];
        if (value === undefined) {
            fail(`${name} needs a value`);
        }
        if (name === '--url') {
            o.urls = value.split(',').map(loopbackUrl);
        } else if (name === '--path') {
            o.path = value;
        } else if (name === '--label') {
            o.label = value;
        } else if (numbers[name]) {
            const n = Number(value);
            if (!Number.isFinite(n) || n < 0) {
                fail(`${name} '${value}' is not a number >= 0`);
            }
            o[numbers[name]] = n;
        } else {
            fail(`unknown option '${name}'`);
        }
    }
    if (!o.path.startsWith('/') || !o.path.includes('{room}')) {
        fail(`--path '${o.path}' must start with / and contain {room}`);
    }
    if (scenario === 'echo') {
        // each connection alone in its room, one message in flight
        o.rooms = o.connections;
        o.members = 1;
        o.window = 1;
    } else {
        o.connections = o.rooms * o.members;
    }
    for (const k of ['rooms', 'members', 'messages', 'window']) {
        if (!Number.isInteger(o[k]) || o[k] < 1) {
            fail(`--${k} must be a whole number >= 1, was ${o[k]}`);
        }
    }
    o.drain = Math.max(o.drain, 0.1);
    return o;
}

function loopbackUrl(raw) {
    let url;
    try {
        url = new URL(raw);
    } catch (e) {
        fail(`--url '${raw}' is not a URL; use ws://127.0.0.1:8080`);
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (url.protocol !== 'ws:' || !url.port) {
        fail(`--url '${raw}' must be ws://HOST:PORT, e.g. ws://127.0.0.1:8080`);
    }
    if (!(/^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1' || host === 'localhost')) {
        fail(`Refusing non-loopback target '${raw}': the bench only drives 127.0.0.0/8 or ::1`);
    }
    return `ws://${url.host}`;
}

/** What one receiving connection got from each sender of its room, as the Java client's DeliveryLedger. */
class Ledger {
    constructor(senders) {
        this.next = new Int32Array(senders);
        this.gaps = new Array(senders).fill(null);
        this.unique = 0;
        this.duplicates = 0;
        this.outOfOrder = 0;
    }

    /** @return false for a duplicate */
    record(sender, seq) {
        const expected = this.next[sender];
        if (seq >= expected) {
            if (seq > expected) {
                const gaps = this.gaps[sender] || (this.gaps[sender] = new Set());
                for (let s = expected; s < seq; s++) {
                    gaps.add(s);
                }
            }
            this.next[sender] = seq + 1;
            this.unique++;
            return true;
        }
        const gaps = this.gaps[sender];
        if (gaps && gaps.delete(seq)) {
            this.unique++;
            this.outOfOrder++;
            return true;
        }
        this.duplicates++;
        return false;
    }

    missing(sender, sent) {
        const gaps = this.gaps[sender];
        return Math.max(0, sent - this.next[sender]) + (gaps ? gaps.size : 0);
    }
}

/** CPU time of a process (user + system) from /proc/<pid>/stat, in nanoseconds; -1 when it cannot be read. */
function serverCpuNanos(pid) {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.substring(stat.lastIndexOf(')') + 2).split(' ');
        return (Number(fields[11]) + Number(fields[12])) * (1e9 / CLOCK_TICKS_PER_SECOND);
    } catch (e) {
        return -1;
    }
}

function ownCpuNanos() {
    const u = process.cpuUsage();
    return (u.user + u.system) * 1000;
}

const round1 = (v) => Math.round(v * 10) / 10;
const round3 = (v) => Math.round(v * 1000) / 1000;

async function run(o) {
    const epoch = performance.now();
    const nanos = () => Math.round((performance.now() - epoch) * 1e6);
    const deadline = epoch + o.deadline * 1000;
    const progress = (line) => o.quiet || process.stderr.write(`${line}\n`);

    /** Resolves true once cond() holds, false at the deadline; a progress line every second. */
    function until(cond, by, line) {
        return new Promise((resolve) => {
            let lastLine = performance.now();
            const check = () => {
                if (cond()) {
                    resolve(true);
                } else if (performance.now() >= by) {
                    resolve(false);
                } else {
                    if (line && performance.now() - lastLine >= 1000) {
                        lastLine = performance.now();
                        progress(line());
                    }
                    setTimeout(check, 10);
                }
            };
            check();
        });
    }

    const result = {
        scenario: o.scenario,
        label: o.label,
        urls: o.urls,
        connections: o.connections,
        rooms: o.rooms,
        members: o.members,
        messages: o.messages,
        window: o.window,
        rateOffered: 0,
        durationSeconds: 0,
        sizeChars: o.size,
        warmupSeconds: o.warmup,
        client: `node ${process.version}, ws ${require('ws/package.json').version}`,
        clientThreads: 1,
        clientCores: os.cpus().length,
        localAddresses: [],
        serverPid: o.serverPid,
    };
    const CONNECT = 0, PROBE = 1, WARMUP = 2, MEASURE = 3, STOPPED = 4;
    let phase = CONNECT;
    let connected = 0, failures = 0, closedEarly = 0, firstError = null;
    let roomsReady = 0, warmDone = 0, warmEnd = 0;
    let delivered = 0, sent = 0, expected = 0, sendersDone = 0, foreign = 0, errors = 0, misrouted = 0, lastDelivery = 0;
    let measureStart = 0;
    const readyInRoom = new Int32Array(o.rooms);
    const latencies = new Float64Array(o.rooms * o.members * o.members * o.messages);
    const tag = Math.floor(36 ** 5 + Math.random() * (36 ** 6 - 36 ** 5)).toString(36);
    const members = [];
    for (let id = 0; id < o.connections; id++) {
        const room = Math.floor(id / o.members);
        const inRoom = id % o.members;
        members.push({
            id, room, inRoom,
            url: o.urls[(o.members > 1 ? inRoom : id) % o.urls.length] + o.path.replace('{room}', `b${tag}-${room}`),
            ws: null, ready: false, warming: false, sent: 0, finished: false, ledger: new Ledger(o.members),
        });
    }

    const frame = (text) => `{"message":"${text}"}`;
    const send = (m, sentNanos) => {
        const seq = m.sent++;
        expected += o.members;
        sent++;
        let text = `~${m.id}.${seq}.${Math.max(0, sentNanos)}`;
        if (text.length < o.size) {
            text = (text + '.').padEnd(o.size, 'x');
        }
        m.ws.send(frame(text));
        if (m.sent === o.messages) {
            m.finished = true;
            sendersDone++;
        }
    };
    const sendWarmup = (m) => {
        m.warming = true;
        m.ws.send(frame(`~w${m.id}`));
    };

    const onFrame = (m, data) => {
        const now = nanos();
        let frame;
        try {
            frame = JSON.parse(data);
        } catch (e) {
            frame = undefined;
        }
        const text = frame && frame.message;
        if (typeof text !== 'string' || text.length < 2 || text[0] !== '~') {
            foreign++;
            // an error frame, such as the chat's not_saved for a message it broadcast but did not store
            if (frame && typeof frame === 'object' && Object.keys(frame)[0] === 'error') {
                errors++;
            }
            return;
        }
        const kind = text[1];
        if (kind === 'p') {
            if (!m.ready && Number(text.substring(2)) === m.room) {
                m.ready = true;
                if (++readyInRoom[m.room] === o.members) {
                    roomsReady++;
                }
            }
            return;
        }
        if (kind === 'w') {
            if (Number(text.substring(2)) === m.id && m.warming) {
                m.warming = false;
                if (phase === WARMUP && performance.now() < warmEnd) {
                    sendWarmup(m);
                } else {
                    warmDone++;
                }
            }
            return;
        }
        const parts = text.substring(1).split('.');
        const from = Number(parts[0]), seq = Number(parts[1]), sentNanos = Number(parts[2]);
        if (parts.length < 3 || !Number.isInteger(from) || !Number.isInteger(seq) || !Number.isFinite(sentNanos)) {
            foreign++;
            return;
        }
        const sender = from - m.room * o.members;
        if (sender < 0 || sender >= o.members || seq >= o.messages) {
            misrouted++;
            return;
        }
        if (!m.ledger.record(sender, seq)) {
            return;
        }
        latencies[delivered++] = (now - sentNanos) / 1e6;
        lastDelivery = now;
        if (from === m.id && phase === MEASURE && !m.finished) {
            send(m, nanos());
        }
    };

    // connect, K attempts in flight at most
    const t0 = performance.now();
    let nextToConnect = 0;
    const connectNext = () => {
        if (nextToConnect >= members.length || phase !== CONNECT) {
            return;
        }
        const m = members[nextToConnect++];
        // as the Java client (Vert.x) does: the target's own Origin, which a server checking Origins accepts, and no
        // compression (ws offers it by default, Vert.x does not)
        const origin = new URL(m.url).origin.replace(/^ws/, 'http');
        const ws = new WebSocket(m.url, { perMessageDeflate: false, origin });
        let open = false;
        ws.on('open', () => {
            open = true;
            m.ws = ws;
            connected++;
            connectNext();
        });
        ws.on('message', (data) => onFrame(m, data));
        ws.on('error', (e) => {
            firstError = firstError || `connection ${m.id}: ${e.message}`;
            if (!open) {
                failures++;
                open = null;
                connectNext();
            }
        });
        ws.on('close', (code) => {
            if (open && phase !== STOPPED) {
                closedEarly++;
                firstError = firstError || `connection ${m.id} closed by the server with ${code}`;
            } else if (open === false) {
                failures++;
                connectNext();
            }
        });
    };
    for (let i = 0; i < Math.min(o.connectConcurrency, members.length); i++) {
        connectNext();
    }
    const allConnected = await until(
        () => connected + failures >= o.connections, deadline, () => `connect ${connected}/${o.connections}  failed ${failures}`);
    result.connectPerSec = round1(connected / ((performance.now() - t0) / 1000));

    const finish = async (complete, reason) => {
        phase = STOPPED;
        result.complete = complete;
        result.stopReason = reason;
        result.connected = connected;
        result.connectFailures = failures;
        if (closedEarly > 0) {
            result.closedEarly = closedEarly;
        }
        if (firstError) {
            result.firstError = firstError.substring(0, 300);
        }
        await Promise.all(members.filter((m) => m.ws).map((m) => new Promise((resolve) => {
            if (m.ws.readyState === WebSocket.CLOSED) {
                resolve();
                return;
            }
            const kill = setTimeout(() => m.ws.terminate(), 2000);
            m.ws.once('close', () => {
                clearTimeout(kill);
                resolve();
            });
            m.ws.close(1000);
        })));
        return result;
    };
    if (!allConnected || failures > 0) {
        return finish(false, allConnected ? 'connect failed' : 'deadline while connecting');
    }

    phase = PROBE;
    const probe = () => members.forEach((m) => {
        if (m.inRoom === 0 && readyInRoom[m.room] < o.members) {
            m.ws.send(frame(`~p${m.room}`));
        }
    });
    probe();
    const probing = setInterval(probe, 250);
    const ready = await until(() => roomsReady === o.rooms, deadline, () => `probe  rooms ready ${roomsReady}/${o.rooms}`);
    clearInterval(probing);
    if (!ready) {
        return finish(false, 'deadline while probing rooms');
    }

    if (o.warmup > 0) {
        warmEnd = performance.now() + o.warmup * 1000;
        phase = WARMUP;
        members.forEach(sendWarmup);
        result.warmupComplete = await until(
            () => warmDone === o.connections,
            Math.min(deadline, warmEnd + o.drain * 1000),
            () => `warmup ${warmDone}/${o.connections} senders done`);
    }

    const serverCpu0 = o.serverPid > 0 ? serverCpuNanos(o.serverPid) : -1;
    const cpu0 = ownCpuNanos();
    measureStart = nanos();
    phase = MEASURE;
    for (const m of members) {
        for (let i = 0; i < Math.min(o.window, o.messages) && phase === MEASURE; i++) {
            send(m, nanos());
        }
    }
    let seen = -1, seenAt = performance.now(), stall = null, lastLine = 0;
    const finished = await until(
        () => {
            if (sendersDone === o.connections && delivered >= expected) {
                return true;
            }
            if (delivered !== seen) {
                seen = delivered;
                seenAt = performance.now();
            } else if (performance.now() - seenAt > o.drain * 1000) {
                stall = `stalled ${o.drain}s with deliveries missing`;
                return true;
            }
            return false;
        },
        deadline,
        () => {
            const line = `measure  sent ${sent}  delivered ${delivered}/${expected}  +${delivered - lastLine}/s`;
            lastLine = delivered;
            return line;
        });
    const end = nanos();
    const cpu1 = ownCpuNanos();
    const serverCpu1 = serverCpu0 >= 0 ? serverCpuNanos(o.serverPid) : -1;
    phase = STOPPED;

    let lost = 0, unique = 0, duplicates = 0, outOfOrder = 0;
    for (const m of members) {
        for (let s = 0; s < o.members; s++) {
            lost += m.ledger.missing(s, members[m.room * o.members + s].sent);
        }
        unique += m.ledger.unique;
        duplicates += m.ledger.duplicates;
        outOfOrder += m.ledger.outOfOrder;
    }
    const seconds = ((lastDelivery > measureStart ? lastDelivery : end) - measureStart) / 1e9;
    const sorted = latencies.subarray(0, delivered).sort();
    const pct = (p) => (sorted.length === 0 ? 0 : sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]);
    let sum = 0;
    for (let i = 0; i < sorted.length; i++) {
        sum += sorted[i];
    }
    Object.assign(result, {
        seconds: round3(seconds),
        sent,
        delivered: unique,
        deliveriesPerSec: seconds <= 0 ? 0 : Math.round(unique / seconds),
        lost,
        duplicates,
        outOfOrder,
        misrouted,
        foreignFrames: foreign,
        errorFrames: errors,
        p50Ms: round3(pct(50)),
        p90Ms: round3(pct(90)),
        p99Ms: round3(pct(99)),
        p999Ms: round3(pct(99.9)),
        maxMs: round3(sorted.length ? sorted[sorted.length - 1] : 0),
        meanMs: round3(sorted.length ? sum / sorted.length : 0),
        clientCpuPct: round1((100 * (cpu1 - cpu0)) / (end - measureStart)),
    });
    if (serverCpu0 >= 0 && serverCpu1 >= 0) {
        result.serverCpuPct = round1((100 * (serverCpu1 - serverCpu0)) / (end - measureStart));
    }
    const complete = finished && stall === null;
    return finish(complete, complete ? 'complete' : finished ? stall : 'deadline');
}

function table(r) {
    const row = (name, value) => `  ${name.padEnd(12)} ${value}\n`;
    let s = row('scenario', r.scenario === 'echo'
        ? `${r.connections} connections x ${r.messages} round trips`
        : `${r.rooms} rooms x ${r.members} members x ${r.messages} messages, closed loop, window ${r.window}`);
    s += row('client', r.client);
    s += row('targets', JSON.stringify(r.urls));
    s += row('complete', r.complete ? 'yes' : `NO: ${r.stopReason}`);
    if (r.firstError) {
        s += row('first error', r.firstError);
    }
    s += row('connections', `${r.connected} connected, ${r.connectFailures} failed, ${r.connectPerSec} connects/s`);
    if (r.delivered !== undefined) {
        s += row('deliveries', `${r.delivered} in ${r.seconds} s = ${r.deliveriesPerSec} /s  (${r.sent} messages sent)`);
        s += row('latency ms', `p50 ${r.p50Ms}  p90 ${r.p90Ms}  p99 ${r.p99Ms}  p99.9 ${r.p999Ms}  max ${r.maxMs}`
            + `  mean ${r.meanMs}`);
        s += row('accounting', `lost ${r.lost}  duplicated ${r.duplicates}  out of order ${r.outOfOrder}`
            + `  misrouted ${r.misrouted}  foreign frames ${r.foreignFrames} (errors ${r.errorFrames})`);
        s += row('client cpu', `${r.clientCpuPct}% (one thread)`
            + (r.serverCpuPct !== undefined ? `  server cpu ${r.serverCpuPct}%` : ''));
    }
    return s;
}

const options = parse(process.argv.slice(2));
const watchdog = setTimeout(() => {
    process.stderr.write('deadline passed by 60 s and the run did not stop; exiting\n');
    process.exit(3);
}, (options.deadline + 60) * 1000);
watchdog.unref();
run(options).then(
    (r) => {
        process.stdout.write(table(r));
        process.stdout.write(`RESULT ${JSON.stringify(r)}\n`);
        process.exitCode = r.complete ? 0 : 1;
    },
    (e) => {
        process.stderr.write(`${e.stack || e}\n`);
        process.exitCode = 4;
    });

// Times ccxt's binance.sign() for one fixed order, the same input io.nija.bench.SigningBenchmark gives our adapter:
// a GTC limit buy of 0.00153 BTCUSDT at 65000.01 with a client id, recvWindow 5000, timestamp 1767225600000.
// sign() is what ccxt does between an order's parameters and the HTTP call: timestamp and recvWindow added,
// urlencode, HMAC-SHA256 hex, the signature appended, URL, body and API-key header built.
// Usage: node sign-bench.mjs [seconds per round (1)] [rounds (5)]; prints one JSON line with ns/op per round
// (wall time) and cpuNsPerOp (process CPU time over CPU_OPS calls, 100 000 by default).
import ccxt from 'ccxt';

const API_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const TIMESTAMP_MS = 1767225600000;
const secondsPerRound = Number(process.argv[2] ?? 1);
const rounds = Number(process.argv[3] ?? 5);

const exchange = new ccxt.binance({ apiKey: API_KEY, secret: SECRET });
exchange.nonce = () => TIMESTAMP_MS; // a fixed timestamp, as the Java side
exchange.options.recvWindow = 5000;

// A fresh params object per call, as ccxt's createOrder builds one per order.
function params() {
    return {
        symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.00153', price: '65000.01',
        newClientOrderId: 'nija-7f3c2a91b5d04e6c-1', newOrderRespType: 'FULL',
    };
}

function signOnce() {
    return exchange.sign('order', 'private', 'POST', params());
}

const sample = signOnce();
let sink = 0;
function round(ms) {
    const end = process.hrtime.bigint() + BigInt(Math.round(ms * 1e6));
    let ops = 0;
    const start = process.hrtime.bigint();
    let now = start;
    while (now < end) {
        for (let i = 0; i < 1000; i++) {
            sink += signOnce().body.length;
        }
        ops += 1000;
        now = process.hrtime.bigint();
    }
    return Number(now - start) / ops;
}

round(2000); // warm-up: let V8 optimise sign() and the hashing
const nsPerOp = [];
for (let r = 0; r < rounds; r++) {
    nsPerOp.push(round(secondsPerRound * 1000));
}
// The same in process CPU time (user + system), which a loaded machine does not stretch: see SigningBenchmark.main.
const cpuOps = Number(process.env.CPU_OPS ?? 100000);
const cpuStart = process.cpuUsage();
for (let i = 0; i < cpuOps; i++) {
    sink += signOnce().body.length;
}
const cpu = process.cpuUsage(cpuStart);
const cpuNsPerOp = (cpu.user + cpu.system) * 1000 / cpuOps;
const sorted = [...nsPerOp].sort((a, b) => a - b);
console.log(JSON.stringify({
    ccxt: ccxt.version, node: process.version, nsPerOp, medianNsPerOp: sorted[Math.floor(sorted.length / 2)], cpuNsPerOp, cpuOps,
    body: sample.body, url: sample.url, sink: sink > 0,
}));

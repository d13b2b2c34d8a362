#!/usr/bin/env node
// ccxt, an independent client, against one of the simulator's exchange dialects.
//
//   node check.js <exchange> <base-url> <api-key> <secret> [passphrase]
//
// Points the ccxt exchange class at the simulator (every URL in exchange.urls.api gets the simulator's origin,
// keeping its path), then: loadMarkets, fetchOrderBook, fetchBalance, a resting limit buy, fetchOrder, cancelOrder,
// a market buy, fetchOrder of it, fetchMyTrades. Exits 0 when every step passes, 1 at the first failure.
//
// One entry per exchange in EXCHANGES below: the ccxt class, options that keep ccxt on the spot endpoints the
// simulator speaks, the symbol and amount to trade, and anything else the exchange needs.
'use strict';
const ccxt = require('ccxt');

const EXCHANGES = {
    binance: {
        ccxtId: 'binance',
        symbol: 'BTC/USDT',
        amount: 0.002,
        options: {
            fetchMarkets: { types: ['spot'] }, // no fapi/dapi
            fetchMargins: false,               // no sapi margin pairs
            fetchCurrencies: false,            // no sapi capital config
            adjustForTimeDifference: false,
            defaultType: 'spot',
        },
    },
    kraken: {
        ccxtId: 'kraken',
        symbol: 'BTC/USD',
        amount: 0.002,
        options: {
            adjustForTimeDifference: false,
        },
    },
    coinbase: {
        // Advanced Trade (api/v3/brokerage); ccxt reads currencies from the v2 public endpoints, which the dialect serves.
        ccxtId: 'coinbase',
        symbol: 'BTC/USD',
        amount: 0.002,
        options: {
            adjustForTimeDifference: false,
            fetchMarkets: 'fetchMarketsV3',
            fetchBalance: 'v3PrivateGetBrokerageAccounts', // Advanced Trade accounts, not the v2 Coinbase App ones
        },
        // Advanced Trade sizes a market buy in quote (quote_size): ccxt sends amount x price, so the filled base
        // amount is what that budget bought, not exactly the amount asked for.
        marketBuyInQuote: true,
        prepare(exchange) {
            const create = exchange.createOrder.bind(exchange);
            exchange.createOrder = async (symbol, type, side, amount, price = undefined, params = {}) => {
                if (type === 'market' && side === 'buy' && price === undefined) {
                    const book = await exchange.fetchOrderBook(symbol, 1);
                    return create(symbol, type, side, amount, book.asks[0][0], params);
                }
                return create(symbol, type, side, amount, price, params);
            };
        },
    },
    okx: {
        // ccxt places through /api/v5/trade/batch-orders and cancels through cancel-batch-orders.
        ccxtId: 'okx',
        symbol: 'BTC/USDT',
        amount: 0.002,
        options: {
            adjustForTimeDifference: false,
            defaultType: 'spot',
        },
    },
    bybit: {
        ccxtId: 'bybit',
        symbol: 'BTC/USDT',
        amount: 0.002,
        options: {
            adjustForTimeDifference: false,
            defaultType: 'spot',
            fetchOrder: { acknowledged: true }, // /v5/order/realtime keeps the last 500 orders: enough here
        },
    },
    alpaca: {
        // Trading and market-data URLs both point at the one simulated listener.
        ccxtId: 'alpaca',
        symbol: 'BTC/USD',
        amount: 0.002,
        options: {},
        // FILL activities carry no fee: Alpaca books crypto fees as separate CFEE activities.
        tradesCarryFees: false,
    },
    // Other exchanges: add an entry here (ccxtId, symbol, amount, options, and optionally
    // credentials(key, secret, passphrase) -> ccxt config, prepare(exchange) for anything else,
    // tradesCarryFees: false where the exchange's trades come without their fee).
};

function fail(message) {
    console.error('FAIL: ' + message);
    process.exit(1);
}

function check(condition, message) {
    if (!condition) {
        fail(message);
    }
}

/** Replaces the origin (scheme://host[:port]) of every URL under urls.api with the simulator's, keeping paths. */
function pointAt(node, origin) {
    if (typeof node === 'string') {
        return node.replace(/^https?:\/\/[^/]+/, origin);
    }
    if (node && typeof node === 'object') {
        for (const k of Object.keys(node)) {
            node[k] = pointAt(node[k], origin);
        }
    }
    return node;
}

async function step(name, fn) {
    const started = Date.now();
    try {
        const result = await fn();
        console.log('ok   ' + name + ' (' + (Date.now() - started) + ' ms)' + (result ? ': ' + result : ''));
    } catch (e) {
        fail(name + ': ' + (e && e.constructor ? e.constructor.name : '') + ' ' + (e && e.message ? e.message : e));
    }
}

async function main() {
    const [name, baseUrl, apiKey, secret, passphrase] = process.argv.slice(2);
    if (!name || !baseUrl || !apiKey || !secret) {
        console.error('usage: node check.js <exchange> <base-url> <api-key> <secret> [passphrase]');
        process.exit(2);
    }
    const spec = EXCHANGES[name];
    check(spec, 'no ccxt check for exchange ' + name + '; known: ' + Object.keys(EXCHANGES).join(', '));
    const credentials = spec.credentials ? spec.credentials(apiKey, secret, passphrase)
        : { apiKey, secret, password: passphrase };
    const exchange = new ccxt[spec.ccxtId](Object.assign({
        enableRateLimit: false,
        timeout: 10000,
        options: spec.options || {},
    }, credentials));
    const origin = baseUrl.replace(/\/+$/, '');
    exchange.urls.api = pointAt(exchange.urls.api, origin);
    if (spec.prepare) {
        spec.prepare(exchange, origin);
    }
    const symbol = spec.symbol;
    console.log('ccxt ' + ccxt.version + ' ' + spec.ccxtId + ' at ' + origin + ', trading ' + symbol);

    let book;
    await step('loadMarkets', async () => {
        const markets = await exchange.loadMarkets();
        const m = markets[symbol];
        check(m, symbol + ' not among ' + Object.keys(markets).length + ' markets');
        check(m.spot && m.active !== false, symbol + ' is not an active spot market');
        check(m.precision.price > 0 && m.precision.amount > 0, 'precision missing: ' + JSON.stringify(m.precision));
        return Object.keys(markets).length + ' markets; ' + symbol + ' tick ' + m.precision.price + ' step '
            + m.precision.amount + ' min cost ' + (m.limits.cost ? m.limits.cost.min : undefined);
    });
    await step('fetchOrderBook', async () => {
        book = await exchange.fetchOrderBook(symbol, 5);
        check(book.bids.length > 0 && book.asks.length > 0, 'empty book');
        check(book.bids[0][0] < book.asks[0][0], 'crossed book ' + book.bids[0][0] + ' / ' + book.asks[0][0]);
        return 'bid ' + book.bids[0][0] + ' ask ' + book.asks[0][0];
    });
    const quote = exchange.market(symbol).quote;
    const base = exchange.market(symbol).base;
    let startBase = 0;
    await step('fetchBalance', async () => {
        const balance = await exchange.fetchBalance();
        check(balance[quote] && balance[quote].free > 0, 'no free ' + quote + ': ' + JSON.stringify(balance[quote]));
        startBase = balance[base] ? balance[base].total || 0 : 0;
        return quote + ' free ' + balance[quote].free;
    });

    const amount = spec.amount;
    const restingPrice = Number(exchange.priceToPrecision(symbol, book.bids[0][0] * 0.9));
    let limitOrder;
    await step('createOrder limit', async () => {
        limitOrder = await exchange.createOrder(symbol, 'limit', 'buy', amount, restingPrice);
        check(limitOrder.id, 'no order id');
        return 'id ' + limitOrder.id + ' status ' + limitOrder.status;
    });
    await step('fetchOrder (open)', async () => {
        const o = await exchange.fetchOrder(limitOrder.id, symbol);
        check(o.id === limitOrder.id, 'id ' + o.id + ' != ' + limitOrder.id);
        check(o.status === 'open', 'status ' + o.status + ', expected open');
        check(Math.abs(o.amount - amount) < 1e-12, 'amount ' + o.amount);
        check(Math.abs(o.price - restingPrice) < 1e-9, 'price ' + o.price + ' != ' + restingPrice);
        return o.status + ' ' + o.amount + ' @ ' + o.price;
    });
    await step('cancelOrder', async () => {
        await exchange.cancelOrder(limitOrder.id, symbol);
        const o = await exchange.fetchOrder(limitOrder.id, symbol);
        check(o.status === 'canceled', 'status after cancel ' + o.status);
        return o.status;
    });
    let marketOrder;
    let marketFilled = amount;
    await step('createOrder market', async () => {
        marketOrder = await exchange.createOrder(symbol, 'market', 'buy', amount);
        check(marketOrder.id, 'no order id');
        return 'id ' + marketOrder.id + ' status ' + marketOrder.status;
    });
    await step('fetchOrder (filled)', async () => {
        const o = await exchange.fetchOrder(marketOrder.id, symbol);
        check(o.status === 'closed', 'status ' + o.status + ', expected closed');
        if (spec.marketBuyInQuote) {
            check(o.filled > 0 && Math.abs(o.filled - amount) <= amount * 0.01, 'filled ' + o.filled + ' for ~' + amount);
            marketFilled = o.filled;
        } else {
            check(Math.abs(o.filled - amount) < 1e-12, 'filled ' + o.filled + ', expected ' + amount);
        }
        check(o.average > 0, 'no average price');
        return 'filled ' + o.filled + ' avg ' + o.average + ' cost ' + o.cost;
    });
    await step('fetchMyTrades', async () => {
        const trades = await exchange.fetchMyTrades(symbol);
        const mine = trades.filter((t) => String(t.order) === String(marketOrder.id));
        check(mine.length > 0, 'no trade of order ' + marketOrder.id + ' among ' + trades.length);
        const qty = mine.reduce((s, t) => s + t.amount, 0);
        check(Math.abs(qty - marketFilled) < 1e-12, 'traded ' + qty + ', expected ' + marketFilled);
        if (spec.tradesCarryFees === false) {
            return mine.length + ' trades, ' + qty + ' ' + base + ' (this exchange reports fees apart from trades)';
        }
        check(mine.every((t) => t.fee && t.fee.cost > 0), 'trades without fees: ' + JSON.stringify(mine.map((t) => t.fee)));
        return mine.length + ' trades, ' + qty + ' ' + base + ', fee ' + mine[0].fee.cost + ' ' + mine[0].fee.currency;
    });
    await step('fetchBalance (after)', async () => {
        const balance = await exchange.fetchBalance();
        const now = balance[base] ? balance[base].total || 0 : 0;
        check(Math.abs(now - startBase - marketFilled) < 1e-9, base + ' went from ' + startBase + ' to ' + now);
        return base + ' ' + startBase + ' -> ' + now;
    });
    console.log('PASS ' + name);
}

main().catch((e) => fail(e && e.stack ? e.stack : String(e)));

package io.nija.sim.dialect.kraken;

import static io.nija.sim.dialect.kraken.KrakenParams.blank;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nija.sim.dialect.DialectContext;
import io.nija.sim.dialect.kraken.KrakenNames.PairName;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.engine.MatchingEngine;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Kraken's account methods: Balance, BalanceEx, TradeVolume, GetApiKeyInfo and GetWebSocketsToken. */
final class KrakenAccount {
    private final DialectContext dc;
    private final MatchingEngine engine;
    private final ObjectMapper json;
    private final KrakenParams params;
    private final KrakenViews views;
    /** Websocket tokens and the keys they were issued to; shared with {@link KrakenStreams}. */
    private final Map<String, String> wsTokens;

    KrakenAccount(DialectContext dc, KrakenParams params, KrakenViews views, Map<String, String> wsTokens) {
        this.dc = dc;
        this.engine = dc.engine();
        this.json = dc.json();
        this.params = params;
        this.views = views;
        this.wsTokens = wsTokens;
    }

    ObjectNode balance(String apiKey) {
        return views.balance(engine.balances(apiKey).values());
    }

    ObjectNode balanceEx(String apiKey) {
        return views.balanceEx(engine.balances(apiKey).values());
    }

    ObjectNode tradeVolume(String apiKey, Map<String, String> p) {
        List<PairName> pairs = blank(p.get("pair")) ? List.of() : params.pairs(p.get("pair"), false);
        BigDecimal volume = BigDecimal.ZERO;
        for (AccountFill f : engine.fills(apiKey)) {
            volume = volume.add(f.notional());
        }
        return views.tradeVolume(volume, pairs, engine.fees(apiKey));
    }

    /** The key's name, permissions and restrictions; needs no permission. */
    ObjectNode apiKeyInfo(String apiKey) {
        return views.apiKeyInfo(apiKey, engine.accountOptions(apiKey), dc.clock().now());
    }

    ObjectNode webSocketsToken(String apiKey) {
        return KrakenStreams.issueToken(json, wsTokens, apiKey);
    }
}

package io.nija.sim.dialect.bybit;

import static io.nija.sim.dialect.bybit.BybitViews.dec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nija.core.instrument.Instrument;
import io.nija.core.venue.FeeSchedule;
import io.nija.sim.engine.AccountOptions;
import io.nija.sim.engine.Balance;
import io.nija.sim.engine.Permission;
import java.math.BigDecimal;
import java.time.Instant;

/** Bybit v5 account JSON shapes: wallet balance, fee rate, account info, the key's info and coin info. */
final class BybitAccountViews {
    private final ObjectMapper json;

    BybitAccountViews(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    ArrayNode array() {
        return json.createArrayNode();
    }

    /** One coin of a unified wallet: spot holds no margin, so the margin fields are zero. */
    ObjectNode coinBalance(Balance b, BigDecimal usd) {
        ObjectNode n = json.createObjectNode();
        n.put("availableToBorrow", "");
        n.put("bonus", "0");
        n.put("accruedInterest", "0");
        n.put("availableToWithdraw", "");
        n.put("totalOrderIM", "0");
        n.put("equity", dec(b.total()));
        n.put("totalPositionMM", "0");
        n.put("usdValue", dec(usd));
        n.put("spotHedgingQty", "0");
        n.put("unrealisedPnl", "0");
        n.put("collateralSwitch", true);
        n.put("borrowAmount", "0");
        n.put("totalPositionIM", "0");
        n.put("walletBalance", dec(b.total()));
        n.put("cumRealisedPnl", "0");
        n.put("locked", dec(b.locked()));
        n.put("marginCollateral", true);
        n.put("coin", b.asset());
        return n;
    }

    /** The wallet-balance result: one UNIFIED account with its USD totals and {@code coins}. */
    ObjectNode wallet(BigDecimal totalUsd, BigDecimal availableUsd, ArrayNode coins) {
        ObjectNode account = json.createObjectNode();
        account.put("totalEquity", dec(totalUsd));
        account.put("accountIMRate", "0");
        account.put("totalMarginBalance", dec(totalUsd));
        account.put("totalInitialMargin", "0");
        account.put("accountType", "UNIFIED");
        account.put("totalAvailableBalance", dec(availableUsd));
        account.put("accountMMRate", "0");
        account.put("totalPerpUPL", "0");
        account.put("totalWalletBalance", dec(totalUsd));
        account.put("accountLTV", "0");
        account.put("totalMaintenanceMargin", "0");
        account.set("coin", coins);
        ObjectNode r = json.createObjectNode();
        r.putArray("list").add(account);
        return r;
    }

    ObjectNode feeRate(Instrument i, FeeSchedule fees) {
        ObjectNode n = json.createObjectNode();
        n.put("symbol", i.symbol());
        n.put("baseCoin", "");
        n.put("takerFeeRate", dec(fees.taker()));
        n.put("makerFeeRate", dec(fees.maker()));
        return n;
    }

    /** unifiedMarginStatus: 1 for a classic account, 5 for a unified trading account (UTA 2.0). */
    ObjectNode accountInfo(AccountOptions options, Instant now) {
        ObjectNode r = json.createObjectNode();
        r.put("marginMode", "REGULAR_MARGIN");
        r.put("updatedTime", BybitViews.ms(now));
        r.put("unifiedMarginStatus", options.unified() ? 5 : 1);
        r.put("dcpStatus", "OFF");
        r.put("timeWindow", 0);
        r.put("smpGroup", 0);
        r.put("isMasterTrader", false);
        r.put("spotHedgingStatus", "OFF");
        return r;
    }

    /** query-api: readOnly 1 means a key that cannot trade; Wallet lists withdrawal when granted. */
    ObjectNode apiKey(String apiKey, AccountOptions options) {
        ObjectNode r = json.createObjectNode();
        r.put("id", Integer.toString(Math.abs(apiKey.hashCode())));
        r.put("note", "simulator");
        r.put("apiKey", apiKey);
        r.put("readOnly", options.can(Permission.TRADE) ? 0 : 1);
        r.put("secret", "");
        ObjectNode p = r.putObject("permissions");
        p.putArray("ContractTrade");
        ArrayNode spot = p.putArray("Spot");
        if (options.can(Permission.TRADE)) {
            spot.add("SpotTrade");
        }
        ArrayNode wallet = p.putArray("Wallet");
        wallet.add("AccountTransfer");
        if (options.can(Permission.WITHDRAW)) {
            wallet.add("Withdraw");
        }
        p.putArray("Options");
        p.putArray("Derivatives");
        p.putArray("CopyTrading");
        p.putArray("BlockTrade");
        p.putArray("Exchange");
        p.putArray("NFT");
        p.putArray("Affiliate");
        r.putArray("ips").add("*");
        r.put("type", 1);
        r.put("deadlineDay", -1);
        r.put("expiredAt", "");
        r.put("createdAt", "2024-01-01T00:00:00Z");
        r.put("unified", 0);
        r.put("uta", options.unified() ? 1 : 0);
        r.put("userID", Math.abs((long) apiKey.hashCode()));
        r.put("inviterID", 0);
        r.put("vipLevel", "No VIP");
        r.put("mktMakerLevel", "0");
        r.put("affiliateID", 0);
        r.put("rsaPublicKey", "");
        r.put("isMaster", true);
        r.put("parentUid", "0");
        r.put("kycLevel", "LEVEL_DEFAULT");
        r.put("kycRegion", "");
        return r;
    }

    /** One coin of coin/query-info, on a single chain named after it, free to move. */
    ObjectNode coin(String asset) {
        ObjectNode row = json.createObjectNode();
        row.put("name", asset);
        row.put("coin", asset);
        row.put("remainAmount", "1000000");
        ObjectNode chain = row.putArray("chains").addObject();
        chain.put("chainType", asset);
        chain.put("confirmation", "1");
        chain.put("withdrawFee", "0");
        chain.put("depositMin", "0");
        chain.put("withdrawMin", "0");
        chain.put("chain", asset);
        chain.put("chainDeposit", "1");
        chain.put("chainWithdraw", "1");
        chain.put("minAccuracy", "8");
        chain.put("withdrawPercentageFee", "0");
        chain.put("contractAddress", "");
        return row;
    }
}

package io.nija.sim.dialect.okx;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nija.sim.engine.Balance;
import java.math.BigDecimal;
import java.util.List;

/** OKX v5 JSON shapes of the account answers: configuration, balance and currencies. */
final class OkxAccountViews {
    private final ObjectMapper json;

    OkxAccountViews(ObjectMapper json) {
        this.json = json;
    }

    /** The account configuration; {@code perm} as OKX names them (read_only, trade, withdraw), comma-separated. */
    ObjectNode accountConfig(String uid, List<String> perm) {
        ObjectNode n = json.createObjectNode();
        n.put("uid", uid).put("mainUid", uid).put("acctLv", "1").put("acctStpMode", "cancel_maker")
                .put("posMode", "net_mode").put("autoLoan", false).put("greeksType", "PA").put("level", "Lv1")
                .put("levelTmp", "").put("ctIsoMode", "automatic").put("mgnIsoMode", "automatic")
                .put("roleType", "0").put("spotRoleType", "0").put("opAuth", "0").put("kycLv", "1")
                .put("label", "simulator").put("ip", "").put("perm", String.join(",", perm));
        n.putArray("traderInsts");
        n.putArray("spotTraderInsts");
        return n;
    }

    /** One currency's line of the balance; {@code usd} is its value in USD. */
    ObjectNode balanceDetail(Balance b, BigDecimal usd, String now) {
        ObjectNode d = json.createObjectNode();
        d.put("availBal", OkxViews.dec(b.available()));
        d.put("availEq", OkxViews.dec(b.available()));
        d.put("borrowFroz", "");
        d.put("cashBal", OkxViews.dec(b.total()));
        d.put("ccy", b.asset());
        d.put("crossLiab", "");
        d.put("disEq", OkxViews.dec(usd));
        d.put("eq", OkxViews.dec(b.total()));
        d.put("eqUsd", OkxViews.dec(usd));
        d.put("fixedBal", "0");
        d.put("frozenBal", OkxViews.dec(b.locked()));
        d.put("imr", "");
        d.put("interest", "");
        d.put("isoEq", "");
        d.put("isoLiab", "");
        d.put("isoUpl", "");
        d.put("liab", "");
        d.put("maxLoan", "");
        d.put("mgnRatio", "");
        d.put("mmr", "");
        d.put("notionalLever", "");
        d.put("ordFrozen", OkxViews.dec(b.locked()));
        d.put("rewardBal", "0");
        d.put("spotInUseAmt", "");
        d.put("spotIsoBal", "0");
        d.put("stgyEq", "0");
        d.put("twap", "0");
        d.put("uTime", now);
        d.put("upl", "");
        d.put("uplLiab", "");
        return d;
    }

    /** The whole balance: the account's totals around its currency lines. */
    ObjectNode balance(ArrayNode details, BigDecimal totalEq, String now) {
        ObjectNode acct = json.createObjectNode();
        acct.put("adjEq", "");
        acct.put("borrowFroz", "");
        acct.set("details", details);
        acct.put("imr", "");
        acct.put("isoEq", "");
        acct.put("mgnRatio", "");
        acct.put("mmr", "");
        acct.put("notionalUsd", "");
        acct.put("ordFroz", "");
        acct.put("totalEq", OkxViews.dec(totalEq));
        acct.put("uTime", now);
        acct.put("upl", "");
        return acct;
    }

    /** One currency of the asset list (deposits and withdrawals always open, on the currency's own chain). */
    ObjectNode currency(String a) {
        ObjectNode n = json.createObjectNode();
        n.put("canDep", true);
        n.put("canInternal", true);
        n.put("canWd", true);
        n.put("ccy", a);
        n.put("chain", a + "-" + a);
        n.put("depQuotaFixed", "");
        n.put("depQuoteDailyLayer2", "");
        n.put("logoLink", "");
        n.put("mainNet", true);
        n.put("maxFee", "0");
        n.put("maxFeeForCtAddr", "0");
        n.put("maxWd", "1000000");
        n.put("minDep", "0.00000001");
        n.put("minDepArrivalConfirm", "1");
        n.put("minFee", "0");
        n.put("minFeeForCtAddr", "0");
        n.put("minWd", "0.00000001");
        n.put("minWdUnlockConfirm", "1");
        n.put("name", a);
        n.put("needTag", false);
        n.put("usedDepQuotaFixed", "");
        n.put("usedWdQuota", "0");
        n.put("wdQuota", "10000000");
        n.put("wdTickSz", "8");
        return n;
    }
}

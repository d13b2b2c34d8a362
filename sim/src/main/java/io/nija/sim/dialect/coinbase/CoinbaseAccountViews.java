package io.nija.sim.dialect.coinbase;

import static io.nija.sim.dialect.coinbase.CoinbaseViews.accountUuid;
import static io.nija.sim.dialect.coinbase.CoinbaseViews.number;
import static io.nija.sim.dialect.coinbase.CoinbaseViews.plain;
import static io.nija.sim.dialect.coinbase.CoinbaseViews.portfolioId;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nija.core.venue.FeeSchedule;
import io.nija.sim.engine.AccountOptions;
import io.nija.sim.engine.Balance;
import io.nija.sim.engine.Permission;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;

/** The JSON shapes of Coinbase's account answers: accounts (one per asset), key permissions and the fee summary. */
final class CoinbaseAccountViews {
    private final ObjectMapper json;

    CoinbaseAccountViews(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode account(String apiKey, Balance b) {
        boolean fiat = Set.of("USD", "EUR", "GBP").contains(b.asset());
        ObjectNode a = json.createObjectNode();
        a.put("uuid", accountUuid(apiKey, b.asset()));
        a.put("name", b.asset() + " Wallet");
        a.put("currency", b.asset());
        a.putObject("available_balance").put("value", plain(b.available())).put("currency", b.asset());
        a.put("default", true);
        a.put("active", true);
        a.put("created_at", "2024-01-01T00:00:00.000Z");
        a.put("updated_at", "2024-01-01T00:00:00.000Z");
        a.putNull("deleted_at");
        a.put("type", fiat ? "ACCOUNT_TYPE_FIAT" : "ACCOUNT_TYPE_CRYPTO");
        a.put("ready", true);
        a.putObject("hold").put("value", plain(b.locked())).put("currency", b.asset());
        a.put("retail_portfolio_id", portfolioId(apiKey));
        return a;
    }

    /** The key's scopes (any key may ask), as Coinbase's key_permissions answers. */
    ObjectNode keyPermissions(String apiKey, AccountOptions options) {
        return json.createObjectNode().put("can_view", options.can(Permission.READ))
                .put("can_trade", options.can(Permission.TRADE)).put("can_transfer", options.can(Permission.WITHDRAW))
                .put("portfolio_uuid", UUID.nameUUIDFromBytes(("coinbase-portfolio:" + apiKey)
                        .getBytes(StandardCharsets.UTF_8)).toString())
                .put("portfolio_type", "DEFAULT");
    }

    ObjectNode transactionSummary(FeeSchedule fees, BigDecimal volume, BigDecimal paid) {
        ObjectNode r = json.createObjectNode();
        r.put("total_volume", number(volume));
        r.put("total_fees", number(paid));
        ObjectNode tier = r.putObject("fee_tier");
        tier.put("pricing_tier", "Advanced 1");
        tier.put("usd_from", "0");
        tier.put("usd_to", "10000");
        tier.put("taker_fee_rate", plain(fees.taker()));
        tier.put("maker_fee_rate", plain(fees.maker()));
        tier.put("aop_from", "");
        tier.put("aop_to", "");
        r.putNull("margin_rate");
        r.putNull("goods_and_services_tax");
        r.put("advanced_trade_only_volume", number(volume));
        r.put("advanced_trade_only_fees", number(paid));
        r.put("coinbase_pro_volume", 0);
        r.put("coinbase_pro_fees", 0);
        r.put("total_balance", "");
        r.put("has_promo_fee", false);
        return r;
    }
}

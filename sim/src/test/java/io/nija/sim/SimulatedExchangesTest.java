package io.nija.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.instrument.Instrument;
import io.nija.core.instrument.Pair;
import io.nija.core.time.ManualClock;
import io.nija.core.venue.Venue;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.sim.engine.Balance;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SimulatedExchangesTest {
    private static final Pair BTC_USD = new Pair("BTC", "USD");
    private final SimulatedExchanges sim = new SimulatedExchanges(new ManualClock(Instant.parse("2026-01-05T10:00:00Z")), 11);

    @Test
    void sixVenuesInSimulatorOrder() {
        assertThat(sim.venueNames()).containsExactly("binance", "kraken", "coinbase", "alpaca", "okx", "bybit");
        assertThat(sim.venues()).containsOnlyKeys(sim.venueNames());
        sim.venues().forEach((name, venue) -> assertThat(venue.name()).isEqualTo(name));
    }

    @Test
    void eachVenueSpellsBtcItsOwnWayInItsRealQuoteAssetUnderTheCanonicalPair() {
        Map<String, String> symbols = sim.venueNames().stream().collect(Collectors.toMap(v -> v, v -> instrument(v, BTC_USD).symbol()));

        assertThat(symbols).containsEntry("binance", "BTCUSDT").containsEntry("bybit", "BTCUSDT")
                .containsEntry("okx", "BTC-USDT").containsEntry("kraken", "XBTUSD")
                .containsEntry("coinbase", "BTC-USD").containsEntry("alpaca", "BTC/USD");
        assertThat(sim.engine("binance").quoteAsset("BTCUSDT")).isEqualTo("USDT");
        assertThat(sim.engine("kraken").quoteAsset("XBTUSD")).isEqualTo("USD");
    }

    @Test
    void everyVenueListsBtcEthAndSolButSomePairsAreMissingSomewhere() {
        for (String venue : sim.venueNames()) {
            assertThat(pairs(venue)).as(venue).contains(BTC_USD, new Pair("ETH", "USD"), new Pair("SOL", "USD"));
        }
        assertThat(pairs("alpaca")).doesNotContain(new Pair("XRP", "USD"), new Pair("ADA", "USD"));
        assertThat(pairs("bybit")).doesNotContain(new Pair("ADA", "USD"));
        assertThat(pairs("binance")).contains(new Pair("ADA", "USD"), new Pair("XRP", "USD"), new Pair("DOGE", "USD"));
    }

    @Test
    void tradingRulesAreTheVenuesOwn() {
        Instrument binance = instrument("binance", BTC_USD);
        assertThat(binance.tickSize()).isEqualByComparingTo("0.01");
        assertThat(binance.lotSize()).isEqualByComparingTo("0.00001");
        assertThat(binance.minNotional()).isEqualByComparingTo("5");
        assertThat(instrument("kraken", BTC_USD).minQty()).isEqualByComparingTo("0.00005");
        assertThat(instrument("okx", BTC_USD).tickSize()).isEqualByComparingTo("0.1");
        assertThat(instrument("alpaca", BTC_USD).tickSize()).isEqualByComparingTo("1");
    }

    @Test
    void feesDifferPerVenue() {
        assertThat(sim.engine("binance").defaultFees().taker()).isEqualByComparingTo("0.001");
        assertThat(sim.engine("okx").defaultFees().maker()).isEqualByComparingTo("0.0008");
        assertThat(sim.engine("kraken").defaultFees().taker()).isEqualByComparingTo("0.0026");
        assertThat(sim.engine("coinbase").defaultFees().taker()).isEqualByComparingTo("0.006");
        assertThat(sim.engine("alpaca").defaultFees().maker()).isEqualByComparingTo("0.0015");
        assertThat(sim.engine("bybit").defaultFees().maker()).isEqualByComparingTo("0.001");
    }

    @Test
    void btcPricesDifferAcrossVenuesByAFewBasisPoints() {
        var mids = sim.venueNames().stream()
                .map(v -> sim.venue(v).orderBook(instrument(v, BTC_USD), 1).mid()).toList();

        assertThat(mids.stream().distinct()).hasSizeGreaterThan(3);
        for (BigDecimal mid : mids) {
            BigDecimal bps = mid.subtract(new BigDecimal("65000")).abs()
                    .divide(new BigDecimal("6.5"), MathContext.DECIMAL64); // 1 bp of 65000
            assertThat(bps).isLessThan(new BigDecimal("10"));
        }
    }

    @Test
    void aPaperAccountIsFundedOnEveryVenue() {
        Map<String, VenueAccount> accounts = sim.openPaperAccounts("user-1");

        assertThat(accounts).containsOnlyKeys(sim.venueNames());
        accounts.forEach((venue, account) -> {
            assertThat(account.userId()).isEqualTo("user-1");
            assertThat(account.venue()).isEqualTo(venue);
            Map<String, BigDecimal> free = sim.venue(venue).balances(account);
            String quote = sim.spec(venue).quoteAsset();
            assertThat(free.get(quote)).as(venue).isEqualByComparingTo("1000000");
            assertThat(free.get("BTC")).as(venue).isEqualByComparingTo("5");
            assertThat(free.get("ETH")).as(venue).isEqualByComparingTo("50");
            assertThat(free.get("SOL")).as(venue).isEqualByComparingTo("1000");
        });
        assertThat(sim.venue("binance").balances(accounts.get("binance"))).containsKey("USDT").doesNotContainKey("USD");
        assertThat(sim.venue("alpaca").balances(accounts.get("alpaca"))).doesNotContainKey("XRP");
    }

    @Test
    void paperCredentialsHandedOutOpenTheirAccountFundedOnFirstUseAndNothingElseDoes() {
        Map<String, VenueAccount> handed = sim.paperAccounts("user-9");
        assertThat(handed).isEqualTo(new SimulatedExchanges(new ManualClock(Instant.EPOCH), 11).openPaperAccounts("user-9"));
        VenueAccount kraken = handed.get("kraken");
        assertThat(sim.engine("kraken").hasAccount(kraken.apiKey())).isFalse();
        assertThat(sim.isPaperAccount(kraken)).isTrue();

        assertThat(sim.venue("kraken").balances(kraken).get("USD")).isEqualByComparingTo("1000000");
        assertThat(sim.engine("kraken").hasAccount(kraken.apiKey())).isTrue();
        assertThat(sim.engine("binance").hasAccount(handed.get("binance").apiKey())).isFalse();
        assertThat(sim.venue("kraken").balances(kraken).get("USD")).isEqualByComparingTo("1000000"); // funded once

        // Anything but the exact derived credentials of that user on that venue is refused, and opens nothing.
        VenueAccount okx = handed.get("okx");
        VenueAccount wrongSecret = new VenueAccount("user-9", "okx", okx.apiKey(), okx.apiSecret() + "x", okx.passphrase());
        VenueAccount otherUser = new VenueAccount("user-8", "okx", okx.apiKey(), okx.apiSecret(), okx.passphrase());
        VenueAccount noPassphrase = new VenueAccount("user-9", "okx", okx.apiKey(), okx.apiSecret(), null);
        for (VenueAccount bad : List.of(wrongSecret, otherUser, noPassphrase)) {
            assertThat(sim.isPaperAccount(bad)).isFalse();
            assertThatThrownBy(() -> sim.venue("okx").balances(bad)).isInstanceOfSatisfying(VenueException.class,
                    e -> assertThat(e.kind()).isEqualTo(VenueErrorKind.AUTH_FAILED));
        }
        assertThat(sim.engine("okx").hasAccount(okx.apiKey())).isFalse();
    }

    @Test
    void openingPaperAccountsAgainGivesTheSameCredentialsAndDoesNotFundTwice() {
        Map<String, VenueAccount> first = sim.openPaperAccounts("user-1");
        Map<String, VenueAccount> again = sim.openPaperAccounts("user-1");

        assertThat(again).isEqualTo(first);
        Map<String, Balance> balances = sim.engine("kraken").balances(first.get("kraken").apiKey());
        assertThat(balances.get("USD").available()).isEqualByComparingTo("1000000");
    }

    @Test
    void theSameSeedGivesAUserTheSameCredentialsInAFreshSimulator() {
        VenueAccount a = sim.openPaperAccount("user-1", "okx");
        VenueAccount b = new SimulatedExchanges(new ManualClock(Instant.EPOCH), 11).openPaperAccount("user-1", "okx");
        VenueAccount other = new SimulatedExchanges(new ManualClock(Instant.EPOCH), 12).openPaperAccount("user-1", "okx");

        assertThat(b).isEqualTo(a);
        assertThat(other.apiKey()).isNotEqualTo(a.apiKey());
    }

    @Test
    void differentUsersGetDifferentKeysInEachVenuesFormat() {
        Map<String, VenueAccount> u1 = sim.openPaperAccounts("user-1");
        Map<String, VenueAccount> u2 = sim.openPaperAccounts("user-2");

        u1.forEach((venue, account) -> assertThat(account.apiKey()).isNotEqualTo(u2.get(venue).apiKey()));
        assertThat(u1.get("binance").apiKey()).matches("[A-Za-z0-9]{64}");
        assertThat(Base64.getDecoder().decode(u1.get("kraken").apiSecret())).hasSize(64);
        assertThat(u1.get("okx").passphrase()).isNotBlank();
        assertThat(u1.get("coinbase").apiKey()).startsWith("organizations/").contains("/apiKeys/");
        assertThat(u1.get("alpaca").apiKey()).startsWith("PK");
    }

    @Test
    void createAccountOpensAnAccountWithTheGivenCredentialsAndBalances() {
        VenueAccount account = sim.createAccount("bybit", "my-key", "my-secret", null,
                Map.of("USDT", new BigDecimal("2500"), "BTC", new BigDecimal("0.1")));

        Venue bybit = sim.venue("bybit");
        assertThat(bybit.balances(account)).containsEntry("USDT", new BigDecimal("2500"));
        assertThatThrownBy(() -> sim.createAccount("bybit", "my-key", "x", null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnknownVenueIsRefused() {
        assertThatThrownBy(() -> sim.engine("ftx")).isInstanceOf(IllegalArgumentException.class);
    }

    private Instrument instrument(String venue, Pair pair) {
        return sim.engine(venue).instruments().stream().filter(i -> i.pair().equals(pair)).findFirst().orElseThrow();
    }

    private java.util.List<Pair> pairs(String venue) {
        return sim.engine(venue).instruments().stream().map(Instrument::pair).toList();
    }
}

package io.nija.core.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.testing.Cases;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Client order ids: deterministic per (order, leg, attempt family), distinct otherwise, fitted to each venue. */
class ClientOrderIdsProperties {
    static final List<String> VENUES = List.of("binance", "bybit", "okx", "coinbase", "kraken", "alpaca");

    record Key(String orderId, int leg, int family) { }

    /** "ord_" and 1..30 characters from '0' to 'z' (digits, letters and the punctuation between them). */
    static Key key(Cases.Gen g) {
        return new Key("ord_" + g.string('0', 'z', 1, 30), g.intBetween(0, 20), g.intBetween(0, 5));
    }

    static int maxLengthOf(String venue) {
        return switch (venue) {
            case "kraken" -> 18;     // cl_ord_id free text
            case "okx" -> 32;        // clOrdId: up to 32 alphanumerics
            case "binance", "bybit" -> 36;
            default -> 32;
        };
    }

    static LongStream seeds6001() {
        return Cases.seeds(6001, 1000);
    }

    static LongStream seeds6002() {
        return Cases.seeds(6002, 500);
    }

    @ParameterizedTest(name = Cases.NAME)
    @MethodSource("seeds6001")
    void idsAreDeterministicAndFitTheVenuesLengthAndCharset(long seed) {
        Cases.Gen g = new Cases.Gen(seed);
        Key k = key(g);
        String venue = g.oneOf(VENUES);
        Cases.check(seed, k + " on " + venue, () -> {
            String id = ClientOrderIds.forLeg(venue, k.orderId(), k.leg(), k.family());
            assertThat(ClientOrderIds.forLeg(venue, k.orderId(), k.leg(), k.family())).isEqualTo(id);
            assertThat(id).matches("[a-z0-9]+").startsWith("nj");
            assertThat(id.length()).isLessThanOrEqualTo(maxLengthOf(venue)).isGreaterThanOrEqualTo(16);
            assertThat(ClientOrderIds.forLeg(venue.toUpperCase(), k.orderId(), k.leg(), k.family())).isEqualTo(id);
        });
    }

    @ParameterizedTest(name = Cases.NAME)
    @MethodSource("seeds6002")
    void differentOrderLegOrAttemptFamilyGivesADifferentId(long seed) {
        Cases.Gen g = new Cases.Gen(seed);
        Set<Key> keys = g.setOf(2, 200, ClientOrderIdsProperties::key);
        String venue = g.oneOf(VENUES);
        Cases.check(seed, keys + " on " + venue, () -> {
            Set<String> ids = new HashSet<>();
            for (Key k : keys) {
                ids.add(ClientOrderIds.forLeg(venue, k.orderId(), k.leg(), k.family()));
            }
            assertThat(ids).hasSameSizeAs(keys);
        });
    }

    @Test
    void everyLegAndFamilyOfOneOrderHasItsOwnIdOnEveryVenue() {
        for (String venue : VENUES) {
            Set<String> ids = new HashSet<>();
            for (int leg = 0; leg < 50; leg++) {
                for (int family = 0; family < 10; family++) {
                    ids.add(ClientOrderIds.forLeg(venue, "ord_01jh3k4m5n6p7q8r9s0t", leg, family));
                }
            }
            assertThat(ids).as(venue).hasSize(500);
        }
    }

    @Test
    void krakenGetsEighteenCharactersAndTheOthersThirtyTwo() {
        assertThat(ClientOrderIds.forLeg("kraken", "ord_x", 0, 0)).hasSize(18);
        assertThat(ClientOrderIds.forLeg("okx", "ord_x", 0, 0)).hasSize(32);
        assertThat(ClientOrderIds.forLeg("binance", "ord_x", 0, 0)).hasSize(32);
    }
}

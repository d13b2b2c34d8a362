package io.nija.core.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Client order ids: deterministic per (order, leg, attempt family), distinct otherwise, fitted to each venue. */
class ClientOrderIdsProperties {
    static final List<String> VENUES = List.of("binance", "bybit", "okx", "coinbase", "kraken", "alpaca");

    record Key(String orderId, int leg, int family) { }

    @Provide
    Arbitrary<Key> keys() {
        return Combinators.combine(
                Arbitraries.strings().withCharRange('0', 'z').ofMinLength(1).ofMaxLength(30).map(s -> "ord_" + s),
                Arbitraries.integers().between(0, 20),
                Arbitraries.integers().between(0, 5)).as(Key::new);
    }

    @Provide
    Arbitrary<String> venues() {
        return Arbitraries.of(VENUES);
    }

    static int maxLengthOf(String venue) {
        return switch (venue) {
            case "kraken" -> 18;     // cl_ord_id free text
            case "okx" -> 32;        // clOrdId: up to 32 alphanumerics
            case "binance", "bybit" -> 36;
            default -> 32;
        };
    }

    @Property(seed = "6001")
    void idsAreDeterministicAndFitTheVenuesLengthAndCharset(@ForAll("keys") Key k, @ForAll("venues") String venue) {
        String id = ClientOrderIds.forLeg(venue, k.orderId(), k.leg(), k.family());
        assertThat(ClientOrderIds.forLeg(venue, k.orderId(), k.leg(), k.family())).isEqualTo(id);
        assertThat(id).matches("[a-z0-9]+").startsWith("nj");
        assertThat(id.length()).isLessThanOrEqualTo(maxLengthOf(venue)).isGreaterThanOrEqualTo(16);
        assertThat(ClientOrderIds.forLeg(venue.toUpperCase(), k.orderId(), k.leg(), k.family())).isEqualTo(id);
    }

    @Property(seed = "6002", tries = 200)
    void differentOrderLegOrAttemptFamilyGivesADifferentId(@ForAll("keySets") Set<Key> keys,
                                                           @ForAll("venues") String venue) {
        Set<String> ids = new HashSet<>();
        for (Key k : keys) {
            ids.add(ClientOrderIds.forLeg(venue, k.orderId(), k.leg(), k.family()));
        }
        assertThat(ids).hasSameSizeAs(keys);
    }

    @Provide
    Arbitrary<Set<Key>> keySets() {
        return keys().set().ofMinSize(2).ofMaxSize(200);
    }

    @Example
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

    @Example
    void krakenGetsEighteenCharactersAndTheOthersThirtyTwo() {
        assertThat(ClientOrderIds.forLeg("kraken", "ord_x", 0, 0)).hasSize(18);
        assertThat(ClientOrderIds.forLeg("okx", "ord_x", 0, 0)).hasSize(32);
        assertThat(ClientOrderIds.forLeg("binance", "ord_x", 0, 0)).hasSize(32);
    }
}

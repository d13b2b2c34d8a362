package io.nija.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nija.core.venue.Venue;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The timing decorator changes nothing the engine sees and times each call with its outcome. */
class TimedVenueTest {

    @Test
    void everyMethodOfVenueIsPassedOnIncludingTheDefaultOnes() {
        List<String> missing = Arrays.stream(Venue.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .filter(m -> !declares(TimedVenue.class, m))
                .map(Method::getName).toList();
        // A default method left out would answer the interface's default instead of the venue's own answer.
        assertThat(missing).as("Venue methods TimedVenue does not pass on").isEmpty();
    }

    @Test
    void answersAndFailuresAreTimedByCallAndOutcomeAndPassedThrough() {
        AtomicInteger places = new AtomicInteger();
        Venue venue = (Venue) Proxy.newProxyInstance(Venue.class.getClassLoader(), new Class<?>[] {Venue.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "name" -> "kraken";
                    case "maxConcurrentCallsPerKey" -> 1;
                    case "placeAnswerIsAcknowledgement", "sharesOpenOrdersRead" -> true;
                    case "budget", "queryOrder" -> Optional.empty();
                    case "openOrders" -> List.of();
                    case "placeOrder" -> {
                        places.incrementAndGet();
                        throw new VenueException(VenueErrorKind.VENUE_UNAVAILABLE, "no answer");
                    }
                    default -> null;
                });
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TimedVenue timed = new TimedVenue(venue, registry);

        assertThat(timed.name()).isEqualTo("kraken");
        assertThat(timed.maxConcurrentCallsPerKey()).isEqualTo(1);
        assertThat(timed.placeAnswerIsAcknowledgement()).isTrue();
        assertThat(timed.sharesOpenOrdersRead()).isTrue();
        assertThat(timed.queryOrder(null, null, "cid-1")).isEmpty();
        timed.openOrders(null);
        assertThatThrownBy(() -> timed.placeOrder(null, null)).isInstanceOf(VenueException.class).hasMessageContaining("no answer");
        assertThat(places).hasValue(1);

        assertThat(count(registry, "query", "ok")).isEqualTo(1);
        assertThat(count(registry, "open_orders", "ok")).isEqualTo(1);
        assertThat(count(registry, "place", "error")).isEqualTo(1);
        assertThat(count(registry, "place", "ok")).isZero();
    }

    private static long count(SimpleMeterRegistry registry, String call, String outcome) {
        var timer = registry.find("nija_venue_request").tags("broker", "kraken", "call", call, "outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    private static boolean declares(Class<?> type, Method m) {
        try {
            type.getDeclaredMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}

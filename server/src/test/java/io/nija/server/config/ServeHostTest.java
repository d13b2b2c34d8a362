package io.nija.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A badly written --host is one of the configuration problems listed at start (exit 2), not a stack trace from the
 * listener after the store has started. Checked without DNS.
 */
class ServeHostTest {
    private static final Environment NO_ENV = Environment.of(Map.of());

    @Test
    void addressesAndHostNamesAreAccepted() {
        for (String host : new String[] {"0.0.0.0", "127.0.0.1", "10.0.0.1", "::", "::1", "[::1]", "fe80::1",
                "localhost", "router-1.internal", "a"}) {
            assertThat(HostSyntax.problem(host)).as(host).isEmpty();
            assertThat(ServeConfig.resolve(Map.of(ServeSetting.HOST, host), NO_ENV, null).host()).isEqualTo(host);
        }
    }

    @Test
    void aMalformedHostIsAConfigurationProblemListedWithTheOthers() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ServeConfig.resolve(
                Map.of(ServeSetting.HOST, "256.1.1.1", ServeSetting.PORT, "99999"), NO_ENV, null));
        assertThat(e.problems()).hasSize(2);
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("host: '256.1.1.1' from --host")
                .contains("not an IPv4 address"));
        for (String host : new String[] {"nosuch...host", "1.2.3", "1.2.3.4.5", "-router", "router_1", "my host",
                "::g", "http://localhost"}) {
            assertThat(HostSyntax.problem(host)).as(host).isPresent();
            assertThat(catchThrowableOfType(ConfigException.class, () -> ServeConfig.resolve(
                    Map.of(ServeSetting.HOST, host), NO_ENV, null)).problems()).as(host).singleElement()
                    .satisfies(p -> assertThat(p).startsWith("host: '" + host + "'"));
        }
    }
}

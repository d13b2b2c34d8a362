package io.nija.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.routing.RoutingPolicy;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServeRoutingPolicyTest {
    @Test
    void theFlagWinsOverTheEnvironmentAndPriceIsTheDefault() {
        assertThat(ServeCommand.routingPolicy(null, null)).isEqualTo(RoutingPolicy.PRICE);
        assertThat(ServeCommand.routingPolicy(null, "score")).isEqualTo(RoutingPolicy.SCORE);
        assertThat(ServeCommand.routingPolicy("price", "score")).isEqualTo(RoutingPolicy.PRICE);
        assertThatThrownBy(() -> ServeCommand.routingPolicy("fastest", null)).hasMessageContaining("price or score");
    }

    @Test
    void serveTakesTheFlagAndDocumentsIt() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--routing-policy", "score");
        assertThat(serve.routingPolicy).isEqualTo("score");
        assertThat(new CommandLine(new ServeCommand()).getUsageMessage()).contains("--routing-policy")
                .contains("NIJA_ROUTING_POLICY");
    }
}

package io.nija.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.javalin.Javalin;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** What `serve` says when its listener cannot take the address, from the listener's real failures. */
class ListenFailureTest {
    @Test
    void aPortInUseIsNamedInOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Throwable failure = startJavalin("127.0.0.1", port);
            assertThat(ListenFailure.describe(failure, "127.0.0.1", port)).hasValue("cannot listen on 127.0.0.1:" + port
                    + ": the port is in use by another process (choose another --port, or stop that process)");
        }
    }

    @Test
    void aHostThatDoesNotResolveIsNamed() {
        Throwable failure = startJavalin("256.1.1.1", 0);
        assertThat(ListenFailure.describe(failure, "256.1.1.1", 0)).hasValueSatisfying(m -> assertThat(m)
                .startsWith("cannot listen on 256.1.1.1:0: ").contains("256.1.1.1"));
    }

    @Test
    void otherFailuresAreNotListenFailures() {
        assertThat(ListenFailure.describe(new IllegalStateException("store cannot start"), "0.0.0.0", 8080)).isEmpty();
    }

    private static Throwable startJavalin(String host, int port) {
        Javalin app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.jetty.host = host;
            c.jetty.port = port;
        });
        Throwable failure = catchThrowable(app::start);
        app.stop();
        assertThat(failure).as("the listener refused the address").isNotNull();
        return failure;
    }
}

package io.nija.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The start banner names the address the service is bound to, not a friendlier one. */
class ServeBannerTest {
    @Test
    void aWildcardBindSaysAllInterfaces() {
        assertThat(ServeCommand.banner("0.0.0.0", 8080))
                .startsWith("nija-router listening on 0.0.0.0:8080 (all interfaces; open http://localhost:8080/)")
                .doesNotContain("http://0.0.0.0");
        assertThat(ServeCommand.banner("::", 9000)).startsWith("nija-router listening on [::]:9000 (all interfaces;");
    }

    @Test
    void aSpecificAddressIsShownAsIs() {
        assertThat(ServeCommand.banner("127.0.0.1", 8080)).startsWith("nija-router listening on http://127.0.0.1:8080 (dashboard");
        assertThat(ServeCommand.banner("localhost", 8080)).startsWith("nija-router listening on http://localhost:8080 (");
        assertThat(ServeCommand.banner("::1", 8080)).startsWith("nija-router listening on http://[::1]:8080 (");
    }
}

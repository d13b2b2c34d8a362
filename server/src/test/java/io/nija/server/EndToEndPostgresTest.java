package io.nija.server;

import io.nija.server.app.RouterApp;
import io.nija.server.app.ServeOptions;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same run against the external PostgreSQL (NIJA_TEST_PG_URL), in a fresh schema. */
class EndToEndPostgresTest {
    @TempDir
    Path dataDir;

    @Test
    void thousandSignalsOnExternalPostgresAllEndFinalAndMatchTheVenuesFills() throws Exception {
        String url = System.getenv().getOrDefault("NIJA_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        String schema = "e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (RouterApp app = RouterApp.start(new ServeOptions("127.0.0.1", 0, dataDir, url, schema, null, 12, false))) {
            EndToEndScenario.run(app);
        }
    }
}

package io.nija.server;

import io.nija.server.app.RouterApp;
import io.nija.server.app.ServeOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndToEndEmbeddedTest {
    @TempDir
    Path dataDir;

    @Test
    void thousandSignalsFromHundredUsersAllEndFinalAndMatchTheVenuesFills() throws Exception {
        try (RouterApp app = RouterApp.start(new ServeOptions("127.0.0.1", 0, dataDir, null, null, null, 11, false))) {
            EndToEndScenario.run(app);
        }
    }
}

package io.nija.sim.ccxt;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.time.SystemClock;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.account.Credentials;
import io.nija.sim.account.CredentialStyle;
import io.nija.sim.account.PaperCredentials;
import io.nija.sim.engine.OrderView;
import io.nija.sim.fault.Sleeper;
import io.nija.sim.http.SimHttpServer;
import io.nija.sim.market.SeededMarkets;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ccxt's coinbase class (Advanced Trade) against the simulator's Coinbase dialect, once with an EC P-256 key in PEM
 * (ccxt signs ES256) and once with an Ed25519 key as the paper accounts have (ccxt signs EdDSA).
 */
class CcxtCoinbaseTest {
    @Test
    void ccxtTradesOnTheSimulatedCoinbaseWithAnEcKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        run("organizations/3b910e93-0000-4000-8000-000000000001/apiKeys/5f1c7a20-0000-4000-8000-000000000002",
                sec1Pem((ECPrivateKey) pair.getPrivate(), (ECPublicKey) pair.getPublic()));
    }

    @Test
    void ccxtTradesOnTheSimulatedCoinbaseWithAnEd25519Key() throws Exception {
        Credentials c = PaperCredentials.derive(9, "coinbase", "ccxt", CredentialStyle.COINBASE);
        run(c.apiKey(), c.apiSecret());
    }

    private static void run(String key, String secret) throws Exception {
        SimulatedExchanges sim = new SimulatedExchanges(new SystemClock(), 9, List.of(SeededMarkets.venue("coinbase")),
                Sleeper.threadSleep());
        try (SimHttpServer server = SimHttpServer.start(sim, 0)) {
            sim.createAccount("coinbase", key, secret, null, Map.of("USD", new BigDecimal("100000"), "BTC", new BigDecimal("1")));
            CcxtRunner.Result r = CcxtRunner.check("coinbase", server.baseUrl("coinbase"), key, secret, null);
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("PASS coinbase");
            List<OrderView> orders = sim.engine("coinbase").acceptedOrders();
            assertThat(orders).hasSize(2);
            assertThat(orders.get(0).clientOrderId()).as("ccxt sends its own client order id").startsWith("ccxt-");
        }
    }

    /** The "EC PRIVATE KEY" (SEC1) PEM that Coinbase hands out for an ES256 key. */
    private static String sec1Pem(ECPrivateKey key, ECPublicKey pub) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(HexFormat.of().parseHex("0201010420"));
        body.writeBytes(fixed32(key.getS()));
        body.writeBytes(HexFormat.of().parseHex("a00a06082a8648ce3d030107a14403420004"));
        body.writeBytes(fixed32(pub.getW().getAffineX()));
        body.writeBytes(fixed32(pub.getW().getAffineY()));
        byte[] b = body.toByteArray();
        ByteArrayOutputStream der = new ByteArrayOutputStream();
        der.write(0x30);
        der.write(b.length);
        der.writeBytes(b);
        return "-----BEGIN EC PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(der.toByteArray())
                + "\n-----END EC PRIVATE KEY-----\n";
    }

    private static byte[] fixed32(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(32, raw.length);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }
}

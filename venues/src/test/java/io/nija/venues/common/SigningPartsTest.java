package io.nija.venues.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The signing shortcuts give exactly what the plain JDK calls give. */
class SigningPartsTest {
    @Test
    void aReusedMacSignsLikeAFreshOneWhateverKeyCameBefore() {
        List<String> secrets = List.of("secret-a", "secret-b", "secret-a", "k", "secret-a", "ünïcode-key");
        for (String secret : secrets) {
            String message = "symbol=BTCUSDT&side=BUY&timestamp=" + secret.length();
            byte[] fresh = Hashing.hmac("HmacSHA256", Hashing.utf8(secret), Hashing.utf8(message));
            assertThat(Hashing.hmacSha256Hex(secret, message)).isEqualTo(HexFormat.of().formatHex(fresh));
            assertThat(Hashing.hmacSha256Base64(secret, message)).isEqualTo(Base64.getEncoder().encodeToString(fresh));
        }
        // Binance's documented example (SIGNED endpoint security).
        assertThat(Hashing.hmacSha256Hex("NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j",
                "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"))
                .isEqualTo("c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");
    }

    @Test
    void componentsAreEncodedExactlyAsUrlEncoderWithPercentTwentyForSpace() {
        List<String> values = List.of("BTCUSDT", "0.00153", "nija-7f3c_2a.91*", "", "a b", "BTC/USD", "x+y", "~tilde",
                "é", "a&b=c", "100%", "XBT/USD", "organizations/o-1/apiKeys/k-2");
        for (String v : values) {
            assertThat(QueryString.encodeComponent(v)).as(v)
                    .isEqualTo(URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        for (char c = 0; c < 256; c++) {
            String v = "a" + c + "b";
            assertThat(QueryString.encodeComponent(v)).as("char %d", (int) c)
                    .isEqualTo(URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20"));
        }
    }
}

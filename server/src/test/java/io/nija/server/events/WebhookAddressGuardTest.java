package io.nija.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SSRF guard: which addresses a webhook may reach, over literals and names, and the allow option. */
class WebhookAddressGuardTest {
    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: no DNS is asked
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** A DNS of its own: names map to fixed addresses; unknown names do not resolve. */
    private static final Map<String, List<String>> DNS = Map.of(
            "hooks.example.com", List.of("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"),
            "internal.example.com", List.of("10.20.30.40"),
            "metadata.example.com", List.of("169.254.169.254"),
            "mixed.example.com", List.of("93.184.215.14", "192.168.1.10"),
            "v6-local.example.com", List.of("fd00:ec2::254"),
            "rebind.example.com", List.of("127.0.0.1"),
            "cgnat.example.com", List.of("100.100.100.200"));

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        List<String> addresses = DNS.get(host);
        if (addresses == null) {
            if (host.matches("[0-9.]+") || host.contains(":")) {
                // Address literals resolve as the JDK resolves them (no DNS involved).
                return InetAddress.getAllByName(host);
            }
            throw new UnknownHostException(host);
        }
        return addresses.stream().map(WebhookAddressGuardTest::ip).toArray(InetAddress[]::new);
    }

    private static final WebhookAddressGuard STRICT = new WebhookAddressGuard(false, WebhookAddressGuardTest::resolve);

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.255.255.254", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255",
            "192.168.0.1", "192.168.255.255", "169.254.169.254", "169.254.0.1", "100.64.0.1", "100.127.255.255", "0.0.0.0",
            "0.1.2.3", "224.0.0.1", "239.255.255.250", "255.255.255.255", "240.0.0.1"})
    void nonPublicIpv4AddressesAreRefused(String literal) {
        assertThat(WebhookAddressGuard.classify(ip(literal))).as(literal).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "febf::ffff", "fec0::1", "ff02::1",
            "ff0e::1", "::ffff:127.0.0.1", "::ffff:10.1.2.3", "::ffff:169.254.169.254", "::127.0.0.1", "::10.0.0.1",
            "64:ff9b::a9fe:a9fe", "64:ff9b::7f00:1", "2002:7f00:1::1", "2002:c0a8:101::1"})
    void nonPublicIpv6AddressesAreRefusedIncludingThoseCarryingAnIpv4One(String literal) {
        assertThat(WebhookAddressGuard.classify(ip(literal))).as(literal).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "93.184.215.14", "172.15.255.255", "172.32.0.1", "192.167.1.1",
            "192.169.1.1", "100.63.255.255", "100.128.0.1", "169.253.1.1", "169.255.1.1", "223.255.255.255", "11.0.0.1",
            "2001:4860:4860::8888", "2606:4700:4700::1111", "2a00:1450:4001::1", "64:ff9b::808:808", "2002:808:808::1",
            "::ffff:8.8.8.8"})
    void publicAddressesPass(String literal) {
        assertThat(WebhookAddressGuard.classify(ip(literal))).as(literal).isNull();
    }

    @Test
    void theKindOfAddressIsNamed() {
        assertThat(WebhookAddressGuard.classify(ip("127.0.0.1"))).isEqualTo("loopback");
        assertThat(WebhookAddressGuard.classify(ip("::1"))).isEqualTo("loopback");
        assertThat(WebhookAddressGuard.classify(ip("172.20.1.1"))).isEqualTo("private");
        assertThat(WebhookAddressGuard.classify(ip("fd00::1"))).startsWith("private");
        assertThat(WebhookAddressGuard.classify(ip("169.254.169.254"))).isEqualTo("link-local");
        assertThat(WebhookAddressGuard.classify(ip("fe80::1"))).isEqualTo("link-local");
        assertThat(WebhookAddressGuard.classify(ip("100.64.1.1"))).isEqualTo("shared (CGNAT)");
        assertThat(WebhookAddressGuard.classify(ip("0.0.0.0"))).isEqualTo("unspecified");
        assertThat(WebhookAddressGuard.classify(ip("::"))).isEqualTo("unspecified");
        assertThat(WebhookAddressGuard.classify(ip("ff02::1"))).isEqualTo("multicast");
        assertThat(WebhookAddressGuard.classify(ip("224.0.0.251"))).isEqualTo("multicast");
    }

    @Test
    void urlsAreJudgedByEveryAddressTheirHostResolvesTo() {
        assertThat(STRICT.check(URI.create("https://hooks.example.com/nija?token=x"))).isEmpty();
        assertThat(STRICT.check(URI.create("https://8.8.8.8/hook"))).isEmpty();
        assertThat(STRICT.check(URI.create("http://[2001:4860:4860::8888]:8080/hook"))).isEmpty();

        for (String url : List.of("http://internal.example.com/x", "http://metadata.example.com/latest/meta-data/",
                "https://mixed.example.com/hook", "http://v6-local.example.com/", "http://rebind.example.com:8080/",
                "http://cgnat.example.com/", "http://127.0.0.1:9/x", "http://[::1]/x", "http://[fe80::1]/x",
                "http://[::ffff:127.0.0.1]/x", "http://169.254.169.254/latest/meta-data/", "http://0.0.0.0:8080/",
                "http://2130706433/x")) {
            assertThat(STRICT.check(URI.create(url))).as(url).hasValueSatisfying(r -> {
                assertThat(r.code()).isEqualTo(WebhookAddressGuard.NOT_ALLOWED);
                assertThat(r.message()).contains("webhooks must reach a public address");
            });
        }
        assertThat(STRICT.check(URI.create("https://mixed.example.com/hook")).orElseThrow().message())
                .as("the offending address is named, the rest of the URL is not").contains("private", "192.168.1.10")
                .doesNotContain("mixed.example.com", "/hook");
        assertThat(STRICT.check(URI.create("https://no-such-host.example.com/x?secret=abc"))).hasValueSatisfying(r -> {
            assertThat(r.code()).isEqualTo(WebhookAddressGuard.UNRESOLVABLE);
            assertThat(r.message()).doesNotContain("no-such-host", "secret");
        });
    }

    @Test
    void theSystemResolverJudgesOddIpv4NotationsAsWhatTheyConnectTo() {
        WebhookAddressGuard system = WebhookAddressGuard.of(false);
        // 2130706433 is 127.0.0.1 as one number; the JDK (and so the HTTP client) reads it that way.
        assertThat(system.check(URI.create("http://2130706433/x"))).hasValueSatisfying(
                r -> assertThat(r.message()).contains("loopback"));
        assertThat(system.check(URI.create("http://[::ffff:7f00:1]/x"))).hasValueSatisfying(
                r -> assertThat(r.message()).contains("loopback"));
        assertThat(system.check(URI.create("http://[0:0:0:0:0:0:0:1]/x"))).isPresent();
    }

    @Test
    void theAllowOptionLetsEverythingThroughWithoutResolving() {
        AtomicInteger lookups = new AtomicInteger();
        WebhookAddressGuard allow = new WebhookAddressGuard(true, host -> {
            lookups.incrementAndGet();
            throw new UnknownHostException(host);
        });
        assertThat(allow.allowsPrivate()).isTrue();
        for (String url : List.of("http://127.0.0.1:9/x", "http://[::1]/x", "http://169.254.169.254/", "http://10.0.0.1/",
                "http://internal.example.com/", "http://does-not-resolve.invalid/")) {
            assertThat(allow.check(URI.create(url))).as(url).isEmpty();
        }
        assertThat(lookups).hasValue(0);
        assertThat(STRICT.allowsPrivate()).isFalse();
    }
}

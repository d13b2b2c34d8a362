package io.nija.sim.account;

/** An api key, secret and (OKX only) passphrase. {@link #toString()} hides the secret parts. */
public record Credentials(String apiKey, String apiSecret, String passphrase) {
    @Override
    public String toString() {
        return "Credentials[key=" + (apiKey.length() <= 4 ? "****" : apiKey.substring(0, 4) + "****") + "]";
    }
}

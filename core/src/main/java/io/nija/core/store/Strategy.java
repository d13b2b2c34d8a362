package io.nija.core.store;

import java.time.Instant;

/** A signal publisher (a TradingView alert source). Only the hash of its webhook secret is kept. */
public record Strategy(String strategy, String secretHash, Instant createdAt) {
}

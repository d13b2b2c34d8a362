package io.nija.sim.engine;

import io.nija.core.venue.FeeSchedule;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * A state-changing call the engine carried out, as its {@link EngineJournal} sees it. Replaying the same
 * commands, in the same order, on an engine built from the same seed, with the clock reading {@link #at()}
 * for each, rebuilds the same accounts, orders, fills and books: the engine is a pure function of its seed and
 * its order flow (see MarketMaker). Only calls that succeeded are recorded; a refused order changes nothing.
 */
public sealed interface EngineCommand {
    /** The engine clock's reading when the command was carried out. */
    Instant at();

    record OpenAccount(Instant at, String apiKey, String apiSecret, String passphrase, Map<String, BigDecimal> balances,
                       FeeSchedule fees, AccountOptions options) implements EngineCommand {
        public OpenAccount {
            balances = Map.copyOf(balances);
            options = options == null ? AccountOptions.DEFAULT : options;
        }

        /** An account with the default permissions (read, trade) and type. */
        public OpenAccount(Instant at, String apiKey, String apiSecret, String passphrase,
                           Map<String, BigDecimal> balances, FeeSchedule fees) {
            this(at, apiKey, apiSecret, passphrase, balances, fees, AccountOptions.DEFAULT);
        }
    }

    record Place(Instant at, String apiKey, NewOrder order) implements EngineCommand {
    }

    record Cancel(Instant at, String apiKey, String clientOrderId) implements EngineCommand {
    }

    record CancelByVenueId(Instant at, String apiKey, String venueOrderId) implements EngineCommand {
    }

    record Deposit(Instant at, String apiKey, String asset, BigDecimal amount) implements EngineCommand {
    }

    record SetFees(Instant at, String apiKey, FeeSchedule fees) implements EngineCommand {
    }

    record Replenish(Instant at) implements EngineCommand {
    }

    /** The house ladder of {@code symbol} moved by {@code shiftBps} and its sizes scaled by {@code depthScale}. */
    record ReshapeBook(Instant at, String symbol, BigDecimal shiftBps, BigDecimal depthScale) implements EngineCommand {
    }
}

package io.nija.sim.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nija.core.time.Clock;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.engine.EngineCommand;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.fault.Sleeper;
import io.nija.sim.market.SeededMarkets;
import io.nija.sim.market.VenueSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone simulator's {@code --state-dir}: orders and balances survive a restart, also after kill -9.
 *
 * <p>How: an append-only journal ({@code journal.ndjson}) of every state-changing engine command (account opened,
 * order placed, order cancelled, deposit, fee change), one JSON line each, fsync'd before the call returns (group
 * commit, outside the engine lock — see {@link FileJournal}). On start the simulator is rebuilt from the seed kept in
 * {@code sim.json} and the journal is replayed, with the clock reading each command's original time. The engines are
 * a pure function of seed and order flow (the house market maker included), so replay rebuilds the same accounts,
 * orders, ids, fills and books. A torn last line (a crash in the middle of a write that was never acknowledged) is
 * cut off; a damaged line before the end stops the start, since what follows it cannot be trusted.
 *
 * <p>Not kept: injected faults and the dialects' rate-limit counters (they reset on restart, as on a real restart
 * of an exchange's gateway). The journal holds the accounts' api secrets in clear (it is a simulator's test state).
 */
public final class SimState implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimState.class);
    static final String META = "sim.json";
    static final String JOURNAL = "journal.ndjson";

    private final SimulatedExchanges exchanges;
    private final FileJournal journal;
    private final long seed;
    private final int replayed;

    private SimState(SimulatedExchanges exchanges, FileJournal journal, long seed, int replayed) {
        this.exchanges = exchanges;
        this.journal = journal;
        this.seed = seed;
        this.replayed = replayed;
    }

    /** Opens (or creates) the state directory with the six seeded venues. */
    public static SimState open(Path dir, long seed, Clock clock, Sleeper sleeper) throws IOException {
        return open(dir, seed, clock, sleeper, SeededMarkets.all());
    }

    /**
     * Opens (or creates) the state directory. A directory made before keeps its own seed (the journal only replays
     * onto the books it was written against); {@code seed} is used for a new one.
     */
    public static SimState open(Path dir, long seed, Clock clock, Sleeper sleeper, List<VenueSpec> venues)
            throws IOException {
        Files.createDirectories(dir);
        long effectiveSeed = seed(dir, seed);
        ReplayClock replayClock = new ReplayClock(clock);
        SimulatedExchanges sim = new SimulatedExchanges(replayClock, effectiveSeed, venues, sleeper);
        JournalCodec codec = new JournalCodec();
        Path file = dir.resolve(JOURNAL);
        int count = 0;
        if (Files.exists(file)) {
            count = replay(file, codec, sim, replayClock);
        }
        replayClock.release();
        FileJournal journal = new FileJournal(file, codec);
        for (String venue : sim.venueNames()) {
            sim.engine(venue).journal(journal.forVenue(venue));
        }
        return new SimState(sim, journal, effectiveSeed, count);
    }

    private static long seed(Path dir, long seed) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Path meta = dir.resolve(META);
        if (Files.exists(meta)) {
            JsonNode n = json.readTree(meta.toFile());
            long stored = n.path("seed").asLong();
            if (stored != seed) {
                LOG.warn("state directory {} was made with seed {}; using it instead of {}", dir, stored, seed);
            }
            return stored;
        }
        Path tmp = dir.resolve(META + ".tmp");
        Files.writeString(tmp, json.createObjectNode().put("format", 1).put("seed", seed).toString() + "\n",
                StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, meta, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return seed;
    }

    private static int replay(Path file, JournalCodec codec, SimulatedExchanges sim, ReplayClock clock)
            throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int count = 0;
        int start = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            boolean complete = end < bytes.length;
            String line = new String(bytes, start, end - start, StandardCharsets.UTF_8);
            JournalCodec.Entry entry;
            try {
                if (!complete) {
                    throw new IllegalArgumentException("no end of line");
                }
                entry = line.isBlank() ? null : codec.decode(line);
            } catch (IllegalArgumentException e) {
                if (!complete || lastLine(bytes, end)) {
                    LOG.warn("cutting a torn last journal line off {} ({} bytes): {}", file, bytes.length - start,
                            e.getMessage());
                    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        ch.truncate(start);
                        ch.force(true);
                    }
                    break;
                }
                throw new IOException("journal " + file + " is damaged at byte " + start + ": " + e.getMessage(), e);
            }
            if (entry != null) {
                clock.pin(entry.command().at());
                apply(sim.engine(entry.venue()), entry.command());
                count++;
            }
            start = end + 1;
        }
        return count;
    }

    private static boolean lastLine(byte[] bytes, int newlineAt) {
        for (int i = newlineAt + 1; i < bytes.length; i++) {
            if (bytes[i] != '\n' && bytes[i] != ' ') {
                return false;
            }
        }
        return true;
    }

    private static void apply(MatchingEngine engine, EngineCommand c) {
        try {
            switch (c) {
                case EngineCommand.OpenAccount o ->
                        engine.openAccount(o.apiKey(), o.apiSecret(), o.passphrase(), o.balances(), o.fees(),
                                o.options());
                case EngineCommand.Place p -> engine.place(p.apiKey(), p.order());
                case EngineCommand.Cancel x -> engine.cancel(x.apiKey(), x.clientOrderId());
                case EngineCommand.CancelByVenueId x -> engine.cancelByVenueId(x.apiKey(), x.venueOrderId());
                case EngineCommand.Deposit d -> engine.deposit(d.apiKey(), d.asset(), d.amount());
                case EngineCommand.SetFees f -> engine.setFees(f.apiKey(), f.fees());
                case EngineCommand.Replenish r -> engine.replenish();
                case EngineCommand.ReshapeBook b -> engine.reshapeBook(b.symbol(), b.shiftBps(), b.depthScale());
            }
        } catch (RuntimeException e) {
            // Only commands that succeeded were journaled; failing now means the replay diverged. Keep going.
            LOG.error("replaying {} on {} failed: {}", c.getClass().getSimpleName(), engine.venue(), e.getMessage());
        }
    }

    public SimulatedExchanges exchanges() {
        return exchanges;
    }

    /** The seed the simulator runs with (the stored one for an existing directory). */
    public long seed() {
        return seed;
    }

    /** How many journal entries were replayed on open. */
    public int replayed() {
        return replayed;
    }

    @Override
    public void close() {
        try {
            journal.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.nija.sim.state;

import io.nija.sim.engine.EngineCommand;
import io.nija.sim.engine.EngineJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The append-only journal file, shared by every venue, with group commit: {@link #append} only encodes the command
 * and queues the line (it runs under an engine lock); {@link #awaitDurable} writes everything queued so far and
 * fsyncs once for all of it, so callers that arrive together share one fsync and no engine lock is held meanwhile.
 * A caller returns (and its HTTP answer leaves) only once its command is on disk, so an answered order survives
 * kill -9.
 */
final class FileJournal implements AutoCloseable {
    private final FileChannel channel;
    private final JournalCodec codec;
    private final Object queue = new Object();
    private final ReentrantLock writer = new ReentrantLock();
    private List<byte[]> pending = new ArrayList<>();
    private long appended;
    private volatile long durable;

    FileJournal(Path file, JournalCodec codec) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        this.codec = codec;
    }

    /** The journal as one venue's engine sees it. */
    EngineJournal forVenue(String venue) {
        return new EngineJournal() {
            @Override
            public long append(EngineCommand command) {
                return FileJournal.this.append(venue, command);
            }

            @Override
            public void awaitDurable(long ticket) {
                FileJournal.this.awaitDurable(ticket);
            }
        };
    }

    long append(String venue, EngineCommand command) {
        byte[] line = (codec.encode(venue, command) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (queue) {
            pending.add(line);
            return ++appended;
        }
    }

    void awaitDurable(long ticket) {
        if (durable >= ticket) {
            return;
        }
        writer.lock();
        try {
            if (durable >= ticket) {
                return; // another caller's fsync covered this one
            }
            List<byte[]> batch;
            long upTo;
            synchronized (queue) {
                batch = pending;
                pending = new ArrayList<>();
                upTo = appended;
            }
            int size = 0;
            for (byte[] b : batch) {
                size += b.length;
            }
            ByteBuffer buf = ByteBuffer.allocate(size);
            batch.forEach(buf::put);
            buf.flip();
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(false);
            durable = upTo;
        } catch (IOException e) {
            throw new UncheckedIOException("the simulator's journal could not be written", e);
        } finally {
            writer.unlock();
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (queue) {
            if (appended > durable) {
                awaitDurable(appended);
            }
        }
        channel.close();
    }
}

package io.nija.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded postmaster is a daemon: if the process that started it dies without closing it (kill -9,
 * OOM), it keeps running and holds the data directory, and the next start would fail. Before starting we
 * therefore look for such an orphan and stop it cleanly (SIGTERM: smart shutdown; its clients died with
 * their process, so it finishes at once and writes a checkpoint).
 *
 * <p>A server still owned by a live process is never touched: zonky holds an OS file lock on
 * {@code epg-lock} in the data directory for as long as its owner runs, and the OS drops it when the owner
 * dies. So "pid file names a running postgres of this directory, and nobody holds the lock" means orphan.
 */
final class OrphanPostmaster {
    private static final Logger log = LoggerFactory.getLogger(OrphanPostmaster.class);
    private static final String ZONKY_LOCK_FILE = "epg-lock";

    private OrphanPostmaster() {
    }

    static void stopIfOrphaned(Path dataDir) {
        Optional<ProcessHandle> postmaster = runningPostmaster(dataDir);
        if (postmaster.isEmpty()) {
            return;
        }
        if (lockHeldByLiveOwner(dataDir)) {
            throw new StoreInUseException("the database directory " + dataDir + " is in use by another running store");
        }
        ProcessHandle process = postmaster.get();
        log.warn("stopping PostgreSQL (pid {}) left running on {} by a process that ended without closing it",
                process.pid(), dataDir);
        process.destroy();
        try {
            process.onExit().get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the orphaned PostgreSQL (pid " + process.pid() + ") on " + dataDir
                    + " did not stop within 60 s; stop it and start again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping an orphaned PostgreSQL", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not wait for the orphaned PostgreSQL to stop", e);
        }
    }

    /** The live postgres process named by {@code postmaster.pid}, if it really serves this directory. */
    private static Optional<ProcessHandle> runningPostmaster(Path dataDir) {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            log.warn("cannot read {}/postmaster.pid: {}", dataDir, e.toString());
            return Optional.empty();
        }
        if (lines.size() < 2) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        // Line 2 of the pid file is the data directory the postmaster serves.
        if (!Path.of(lines.get(1).trim()).normalize().equals(dataDir)) {
            return Optional.empty();
        }
        // A stale pid file whose pid now belongs to another program must not get that program killed.
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(true));
    }

    private static boolean lockHeldByLiveOwner(Path dataDir) {
        try (FileChannel channel = FileChannel.open(dataDir.resolve(ZONKY_LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // held by this very JVM: a store on this directory is open here
        } catch (IOException e) {
            throw new IllegalStateException("cannot check the lock on " + dataDir, e);
        }
    }
}

package io.nija.server.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A temporary data directory for a command's private router (demo, loadtest), removed when the command ends:
 * it holds an admin token and the credential vault's master key, and some 40 MB of database, none of which may
 * outlive the run. Removed on close, and by a shutdown hook when the run is interrupted (Ctrl-C).
 */
public final class ScratchDir implements AutoCloseable {
    private final Path path;
    private final Thread hook;

    private ScratchDir(Path path, boolean hooked) {
        this.path = path;
        this.hook = hooked ? new Thread(this::deleteQuietly, "nija-scratch-cleanup") : null;
        if (hook != null) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
    }

    public static ScratchDir create(String prefix) throws IOException {
        return new ScratchDir(Files.createTempDirectory(prefix), true);
    }

    /**
     * Without a shutdown hook of its own: for an owner whose hook first stops what writes into the directory (an
     * embedded PostgreSQL) and then closes it. JVM shutdown hooks run concurrently, so a directory's own hook would
     * delete files under a database that is still stopping and leave its data files behind.
     */
    public static ScratchDir createUnhooked(String prefix) throws IOException {
        return new ScratchDir(Files.createTempDirectory(prefix), false);
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs anyway
            }
        }
        delete(path);
    }

    private void deleteQuietly() {
        try {
            delete(path);
        } catch (UncheckedIOException e) {
            // best effort while the JVM stops; the store may still be closing
        }
    }

    /** Removes a directory tree (the bench's load test shares it); an I/O failure is thrown unchecked. */
    public static void delete(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the temporary directory " + root, e);
        }
    }
}

package io.nija.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The embedded server's superuser password. zonky initialises with trust authentication, which would let
 * any local user connect as superuser and, through COPY ... TO PROGRAM, run commands as the owner of the
 * data (root, when the router runs as root). So a new data directory is initialised with a random
 * password and SCRAM authentication instead; the password is kept next to the data directory, readable
 * by the owner only.
 */
final class SuperuserPassword {
    private SuperuserPassword() {
    }

    static Path fileFor(Path pgDir) {
        return pgDir.resolveSibling(pgDir.getFileName() + ".password");
    }

    /** The password of an existing directory, or null when it was initialised without one (trust). */
    static String read(Path pgDir) {
        Path file = fileFor(pgDir);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The password for a directory about to be initialised: the one already on file, or a new one. */
    static String forNewDirectory(Path pgDir) {
        String existing = read(pgDir);
        if (existing != null && !existing.isEmpty()) {
            return existing;
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        Path file = fileFor(pgDir);
        try {
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file); // not a POSIX file system
            }
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return password;
    }
}

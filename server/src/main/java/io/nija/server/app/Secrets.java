package io.nija.server.app;

import io.nija.server.auth.Tokens;
import io.nija.server.config.Environment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The service's own secrets: the admin token (env NIJA_ADMIN_TOKEN, else generated once into the data dir)
 * and the credential master key (env NIJA_MASTER_KEY as base64 of 32 bytes, else a key file in the data dir).
 * Files are created readable by the owner only.
 */
public final class Secrets {
    private Secrets() {
    }

    public record AdminToken(String token, boolean generated) { }

    public static AdminToken adminToken(Path dataDir) {
        String env = Environment.system().get("NIJA_ADMIN_TOKEN");
        if (env != null && !env.isBlank()) {
            return new AdminToken(env.trim(), false);
        }
        Path file = dataDir.resolve("admin-token");
        if (Files.exists(file)) {
            return new AdminToken(read(file).trim(), false);
        }
        String token = Tokens.newToken();
        write(file, token.getBytes(StandardCharsets.UTF_8));
        return new AdminToken(token, true);
    }

    public static byte[] masterKey(Path dataDir) {
        String env = Environment.system().get("NIJA_MASTER_KEY");
        if (env != null && !env.isBlank()) {
            return Base64.getDecoder().decode(env.trim());
        }
        Path file = dataDir.resolve("master.key");
        if (Files.exists(file)) {
            return Base64.getDecoder().decode(read(file).trim());
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        write(file, Base64.getEncoder().encode(key));
        return key;
    }

    /**
     * Master keys being rotated out: env NIJA_MASTER_KEY_PREVIOUS (comma-separated base64) or the file
     * master.key.previous in the data dir (one base64 key per line). Empty when no rotation is under way.
     */
    public static java.util.List<byte[]> previousMasterKeys(Path dataDir) {
        String env = Environment.system().get("NIJA_MASTER_KEY_PREVIOUS");
        String text = env != null && !env.isBlank() ? env.replace(',', '\n')
                : Files.exists(dataDir.resolve("master.key.previous")) ? read(dataDir.resolve("master.key.previous")) : "";
        return text.lines().map(String::trim).filter(l -> !l.isEmpty()).map(l -> Base64.getDecoder().decode(l)).toList();
    }

    /**
     * This router instance's name on its webhook outbox claims, generated once into the data dir, so the next run of
     * the same instance recognises (and releases) the claims a crash left behind.
     */
    public static String instanceId(Path dataDir) {
        Path file = dataDir.resolve("instance-id");
        if (Files.exists(file)) {
            String id = read(file).trim();
            if (!id.isEmpty()) {
                return id;
            }
        }
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        String id = "nija-" + java.util.HexFormat.of().formatHex(random);
        write(file, id.getBytes(StandardCharsets.UTF_8));
        return id;
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path f, byte[] content) {
        try {
            Files.createDirectories(f.getParent());
            Files.write(f, content);
            try {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system; nothing more to restrict
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

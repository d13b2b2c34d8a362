package io.nija.sim.account;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * Paper-account credentials derived from (seed, venue, user): the same user always gets the same keys from
 * a simulator with the same seed, so a service that restarts its in-process simulator can re-open the paper
 * accounts of existing users and the credentials it stored stay valid. SHA-256 keeps different users apart.
 */
public final class PaperCredentials {
    private PaperCredentials() {
    }

    public static Credentials derive(long seed, String venue, String userId, CredentialStyle style) {
        return style.generate(new SplittableRandom(digest(seed + "\n" + venue + "\n" + userId)));
    }

    private static long digest(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(d).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

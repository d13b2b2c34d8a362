package io.nija.server.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption of exchange credentials with AES-256-GCM: every record gets its own data key, which
 * is itself encrypted ("wrapped") by the master key. The record's owner (user and venue) is bound in as
 * associated data, so a sealed blob copied to another user's row does not open.
 *
 * <p>Layout: version(1) | wrap IV(12) | wrapped data key(48) | data IV(12) | ciphertext+tag.
 * Rotating the master key only re-wraps data keys; the ciphertexts stay as they are.
 */
public final class CredentialVault {
    private static final byte VERSION = 1;
    private static final int IV = 12;
    private static final int TAG_BITS = 128;
    private static final int WRAPPED_KEY = 32 + 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey masterKey;
    /** Keys being rotated out: records wrapped by them still open until they are re-wrapped. */
    private final java.util.List<SecretKey> previousKeys;

    public CredentialVault(byte[] masterKey) {
        this(masterKey, java.util.List.of());
    }

    public CredentialVault(byte[] masterKey, java.util.List<byte[]> previousMasterKeys) {
        this.masterKey = aesKey(masterKey);
        this.previousKeys = previousMasterKeys.stream().map(CredentialVault::aesKey).toList();
    }

    private static SecretKey aesKey(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("a master key must be 32 bytes (AES-256)");
        }
        return new SecretKeySpec(key, "AES");
    }

    public byte[] seal(String owner, byte[] plaintext) {
        try {
            KeyGenerator gen = KeyGenerator.getInstance("AES");
            gen.init(256, RANDOM);
            SecretKey dataKey = gen.generateKey();
            byte[] wrapIv = randomIv();
            byte[] wrapped = gcm(Cipher.ENCRYPT_MODE, masterKey, wrapIv, owner, dataKey.getEncoded());
            byte[] dataIv = randomIv();
            byte[] ciphertext = gcm(Cipher.ENCRYPT_MODE, dataKey, dataIv, owner, plaintext);
            return ByteBuffer.allocate(1 + IV + wrapped.length + IV + ciphertext.length)
                    .put(VERSION).put(wrapIv).put(wrapped).put(dataIv).put(ciphertext).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing failed", e);
        }
    }

    public byte[] open(String owner, byte[] sealed) {
        try {
            Parts p = Parts.of(sealed);
            SecretKey dataKey = new SecretKeySpec(unwrap(owner, p), "AES");
            return gcm(Cipher.DECRYPT_MODE, dataKey, p.dataIv(), owner, p.ciphertext());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("credential does not open with this master key and owner", e);
        }
    }

    /** True when the record's data key is wrapped by the current master key (nothing left to rotate). */
    public boolean isCurrent(String owner, byte[] sealed) {
        try {
            Parts p = Parts.of(sealed);
            gcm(Cipher.DECRYPT_MODE, masterKey, p.wrapIv(), owner, p.wrappedKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Key rotation: the same record with its data key re-wrapped by the current master key. The ciphertext of
     * the secret itself is left as it is, so rotation never handles the plaintext secret.
     */
    public byte[] rewrap(String owner, byte[] sealed) {
        try {
            Parts p = Parts.of(sealed);
            byte[] dataKey = unwrap(owner, p);
            byte[] wrapIv = randomIv();
            byte[] wrapped = gcm(Cipher.ENCRYPT_MODE, masterKey, wrapIv, owner, dataKey);
            return ByteBuffer.allocate(1 + IV + wrapped.length + IV + p.ciphertext().length)
                    .put(VERSION).put(wrapIv).put(wrapped).put(p.dataIv()).put(p.ciphertext()).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("credential does not open with any known master key", e);
        }
    }

    private byte[] unwrap(String owner, Parts p) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (SecretKey key : allKeys()) {
            try {
                return gcm(Cipher.DECRYPT_MODE, key, p.wrapIv(), owner, p.wrappedKey());
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    private java.util.List<SecretKey> allKeys() {
        java.util.List<SecretKey> keys = new java.util.ArrayList<>(1 + previousKeys.size());
        keys.add(masterKey);
        keys.addAll(previousKeys);
        return keys;
    }

    private record Parts(byte[] wrapIv, byte[] wrappedKey, byte[] dataIv, byte[] ciphertext) {
        static Parts of(byte[] sealed) {
            ByteBuffer in = ByteBuffer.wrap(sealed);
            if (in.get() != VERSION) {
                throw new IllegalArgumentException("unknown sealed credential version");
            }
            byte[] wrapIv = take(in, IV);
            byte[] wrapped = take(in, WRAPPED_KEY);
            byte[] dataIv = take(in, IV);
            return new Parts(wrapIv, wrapped, dataIv, take(in, in.remaining()));
        }
    }

    private static byte[] gcm(int mode, SecretKey key, byte[] iv, String owner, byte[] data) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        c.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
        return c.doFinal(data);
    }

    private static byte[] randomIv() {
        byte[] iv = new byte[IV];
        RANDOM.nextBytes(iv);
        return iv;
    }

    private static byte[] take(ByteBuffer in, int n) {
        byte[] out = new byte[n];
        in.get(out);
        return out;
    }
}

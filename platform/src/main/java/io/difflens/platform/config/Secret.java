package io.difflens.platform.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * A secret string (password, token) that never shows in {@code toString()}, logs or exceptions.
 *
 * @param value the secret; read it only where it is used, through {@link #reveal()}
 */
public record Secret(String value) {

    /** The text printed instead of a secret. */
    public static final String MASK = "****";

    /** Rejects null and empty secrets. */
    public Secret {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a secret must not be empty");
        }
    }

    /** The secret itself. */
    public String reveal() {
        return value;
    }

    /** Compares in constant time (for checking a presented bearer token). */
    public boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return MASK;
    }

    /**
     * Whether a configuration key names a secret (password, token, secret, JAAS config, credentials), so
     * its value must be masked wherever configuration is printed.
     */
    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("token") || k.contains("jaas")
                || k.contains("credentials") || k.contains("user.info") || k.endsWith(".key");
    }
}

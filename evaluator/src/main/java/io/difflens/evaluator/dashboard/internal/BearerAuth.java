package io.difflens.evaluator.dashboard.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checks an {@code Authorization} header against a configured bearer token, in constant time. */
public final class BearerAuth {

    private static final String PREFIX = "Bearer ";

    private final byte[] expected;

    /** @param token the token, or {@code null} to allow every request */
    public BearerAuth(String token) {
        this.expected = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a token is required at all. */
    public boolean required() {
        return expected != null;
    }

    /** Whether a request with this {@code Authorization} header value (may be null) is allowed. */
    public boolean allows(String authorizationHeader) {
        if (expected == null) {
            return true;
        }
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        byte[] given = authorizationHeader.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given);
    }
}

package io.difflens.platform.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/** How the client authenticates to the registry. {@code toString} never reveals a secret. */
public sealed interface RegistryCredentials {

    /** The value of the HTTP {@code Authorization} header, if any. */
    Optional<String> authorizationHeader();

    /** No authentication. */
    record None() implements RegistryCredentials {
        @Override
        public Optional<String> authorizationHeader() {
            return Optional.empty();
        }
    }

    /** HTTP basic authentication (Confluent's {@code basic.auth.user.info = user:password}). */
    record Basic(String user, String password) implements RegistryCredentials {
        public Basic {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            if (user.isEmpty() || user.contains(":")) {
                throw new IllegalArgumentException("basic-auth user must be non-empty and contain no ':'");
            }
        }

        /** Parses {@code user:password} (the password may contain ':'). */
        public static Basic parse(String userInfo) {
            int colon = userInfo == null ? -1 : userInfo.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("basic.auth.user.info must look like user:password");
            }
            return new Basic(userInfo.substring(0, colon), userInfo.substring(colon + 1));
        }

        @Override
        public Optional<String> authorizationHeader() {
            String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            return Optional.of("Basic " + token);
        }

        @Override
        public String toString() {
            return "Basic[user=" + user + ", password=***]";
        }
    }

    /** A static bearer token (Confluent's {@code bearer.auth.token}). */
    record Bearer(String token) implements RegistryCredentials {
        public Bearer {
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("bearer token must be non-blank");
            }
        }

        @Override
        public Optional<String> authorizationHeader() {
            return Optional.of("Bearer " + token);
        }

        @Override
        public String toString() {
            return "Bearer[***]";
        }
    }
}

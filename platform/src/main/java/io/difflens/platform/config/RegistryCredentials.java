package io.difflens.platform.config;

import java.util.Objects;

/** How to authenticate to the schema registry. Secrets are masked in {@code toString()}. */
public sealed interface RegistryCredentials {

    /** No authentication. */
    record None() implements RegistryCredentials {
    }

    /** HTTP basic authentication. */
    record Basic(String username, Secret password) implements RegistryCredentials {
        /** Requires a non-blank user name and a password. */
        public Basic {
            if (username == null || username.isBlank()) {
                throw new ConfigException("registry.basic.username", "registry.basic.username must not be blank");
            }
            Objects.requireNonNull(password, "registry.basic.password");
        }
    }

    /** An OAuth-style bearer token. */
    record Bearer(Secret token) implements RegistryCredentials {
        /** Requires a token. */
        public Bearer {
            Objects.requireNonNull(token, "registry.bearer.token");
        }
    }
}

package io.difflens.platform.config;

/** A configuration value is missing or invalid; the message names the key, the value and where it came from. */
public final class ConfigException extends IllegalArgumentException {

    private final String key;

    /** @param key the offending key; @param message the full readable message */
    public ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The offending configuration key. */
    public String key() {
        return key;
    }
}

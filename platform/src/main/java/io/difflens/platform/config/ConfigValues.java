package io.difflens.platform.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flat configuration (dotted keys to strings) with where each value came from, and typed readers that
 * fail with a {@link ConfigException} naming the key, the value (masked if secret) and its source.
 * Immutable. Build one with {@link ConfigLoader}.
 */
public final class ConfigValues {

    /** A value and the place it was read from (a file, an environment variable, an override). */
    public record Entry(String value, String source) {
    }

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final Map<String, Entry> entries;

    ConfigValues(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(new TreeMap<>(entries));
    }

    /** Values from a plain map (e.g. in tests), with {@code source} as their origin. */
    public static ConfigValues of(Map<String, String> values, String source) {
        Map<String, Entry> m = new TreeMap<>();
        values.forEach((k, v) -> m.put(k, new Entry(v, source)));
        return new ConfigValues(m);
    }

    /** Every key and its entry, sorted by key. */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** The raw value of {@code key}, if set. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(entries.get(key)).map(Entry::value);
    }

    /** A string value, or {@code defaultValue}; blank values count as unset. */
    public String string(String key, String defaultValue) {
        return get(key).filter(v -> !v.isBlank()).map(String::trim).orElse(defaultValue);
    }

    /** A required, non-blank string. */
    public String requiredString(String key) {
        return get(key).filter(v -> !v.isBlank()).map(String::trim)
                .orElseThrow(() -> new ConfigException(key, "missing configuration key '" + key + "'"));
    }

    /** A secret, if set and not blank. */
    public Optional<Secret> secret(String key) {
        return get(key).filter(v -> !v.isBlank()).map(Secret::new);
    }

    /** An int within {@code [min, max]}. */
    public int integer(String key, int defaultValue, int min, int max) {
        long v = parse(key, Long::parseLong, (long) defaultValue, "an integer");
        if (v < min || v > max) {
            throw invalid(key, "must be between " + min + " and " + max);
        }
        return (int) v;
    }

    /** A boolean ({@code true}/{@code false}). */
    public boolean bool(String key, boolean defaultValue) {
        return parse(key, s -> switch (s.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException();
        }, defaultValue, "true or false");
    }

    /**
     * A non-negative duration, written ISO-8601 ({@code PT0.2S}) or short ({@code 200ms}, {@code 5s},
     * {@code 2m}, {@code 1h}, {@code 7d}).
     */
    public Duration duration(String key, Duration defaultValue) {
        Duration d = parse(key, ConfigValues::parseDuration, defaultValue, "a duration like 200ms, 5s or PT0.2S");
        if (d.isNegative()) {
            throw invalid(key, "must not be negative");
        }
        return d;
    }

    /** An absolute URI (http or https). */
    public URI httpUri(String key, String defaultValue) {
        String raw = string(key, defaultValue);
        try {
            URI uri = new URI(raw);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw invalid(key, "must be an http(s) URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw invalid(key, "is not a URL (" + e.getReason() + ")");
        }
    }

    /** An enum constant, matched case-insensitively with '-' read as '_'. */
    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
        Optional<String> raw = get(key).filter(v -> !v.isBlank());
        if (raw.isEmpty()) {
            return defaultValue;
        }
        String wanted = raw.get().trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (E c : type.getEnumConstants()) {
            if (c.name().equals(wanted)) {
                return c;
            }
        }
        throw invalid(key, "must be one of " + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
    }

    /** Every key starting with {@code prefix}, with the prefix removed (for client pass-through). */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        entries.forEach((k, e) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                out.put(k.substring(prefix.length()), e.value());
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** An exception for {@code key}'s current value; {@code reason} completes "key 'k' = 'v' (from s) ...". */
    public ConfigException invalid(String key, String reason) {
        Entry e = entries.get(key);
        String shown = e == null ? "<unset>" : "'" + (Secret.isSecretKey(key) ? Secret.MASK : e.value()) + "'";
        String from = e == null ? "" : " (from " + e.source() + ")";
        return new ConfigException(key, "invalid configuration: " + key + " = " + shown + from + " " + reason);
    }

    private <T> T parse(String key, Function<String, T> parser, T defaultValue, String expected) {
        Optional<String> raw = get(key).filter(v -> !v.isBlank());
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            return parser.apply(raw.get().trim());
        } catch (RuntimeException e) {
            throw invalid(key, "is not " + expected);
        }
    }

    static Duration parseDuration(String s) {
        Matcher m = SHORT_DURATION.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    /** Prints every key, secrets masked. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("ConfigValues{");
        entries.forEach((k, e) -> b.append(k).append('=')
                .append(Secret.isSecretKey(k) ? Secret.MASK : e.value()).append(", "));
        if (!entries.isEmpty()) {
            b.setLength(b.length() - 2);
        }
        return b.append('}').toString();
    }
}

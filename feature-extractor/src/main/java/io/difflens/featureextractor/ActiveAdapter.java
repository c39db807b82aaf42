package io.difflens.featureextractor;

/**
 * The LoRA adapter a service applies, as released on {@code model.adapters}.
 *
 * @param name      the name it is registered under in the bundle ({@code adapterId@version})
 * @param adapterId the adapter's id
 * @param version   the released version, named in every answer it helped produce
 */
public record ActiveAdapter(String name, String adapterId, String version) {

    /** Names the adapter after its id and version. */
    public static ActiveAdapter of(String adapterId, String version) {
        if (adapterId == null || adapterId.isBlank() || version == null || version.isBlank()) {
            throw new IllegalArgumentException("an adapter needs an id and a version, got '" + adapterId + "', '"
                    + version + "'");
        }
        return new ActiveAdapter(adapterId + "@" + version, adapterId, version);
    }
}

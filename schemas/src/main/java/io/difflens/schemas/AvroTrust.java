package io.difflens.schemas;

import org.apache.avro.util.ClassSecurityValidator;

/**
  * Lets Avro instantiate the generated difflens classes when reading specific records.
  *
  * <p>Avro 1.12 refuses to load classes outside a trusted set ({@code SecurityException: Forbidden})
  * unless {@code org.apache.avro.SERIALIZABLE_PACKAGES} was set on the command line; that property is read
  * once when Avro initialises, so setting it later has no effect. This class instead widens Avro's global
  * predicate, so users need no JVM flag. Only this package is added.
  */
public final class AvroTrust {

    private static final String PACKAGE = AvroTrust.class.getPackageName();
    private static boolean installed;

    private AvroTrust() {}

    /** Trusts the generated event package in addition to whatever is already trusted. Idempotent. */
    public static synchronized void trustEventClasses() {
        if (installed) {
            return;
        }
        ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(
                ClassSecurityValidator.composite(previous, c -> PACKAGE.equals(c.getPackageName())));
        installed = true;
    }
}

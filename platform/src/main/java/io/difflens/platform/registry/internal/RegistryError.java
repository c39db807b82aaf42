package io.difflens.platform.registry.internal;

/** An API error as the Confluent registry reports it: HTTP status plus {@code error_code}. */
public final class RegistryError extends RuntimeException {

    private final int httpStatus;
    private final int errorCode;

    private RegistryError(int httpStatus, int errorCode, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int errorCode() {
        return errorCode;
    }

    static RegistryError subjectNotFound(String subject) {
        return new RegistryError(404, 40401, "Subject '" + subject + "' not found.");
    }

    static RegistryError versionNotFound(String subject, String version) {
        return new RegistryError(404, 40402, "Version " + version + " not found for subject '" + subject + "'.");
    }

    static RegistryError schemaNotFound(String what) {
        return new RegistryError(404, 40403, "Schema " + what + " not found.");
    }

    static RegistryError subjectLevelNotConfigured(String subject) {
        return new RegistryError(404, 40408,
                "Subject '" + subject + "' does not have subject-level compatibility configured");
    }

    static RegistryError incompatible(String subject, java.util.List<String> reasons) {
        return new RegistryError(409, 409,
                "Schema being registered is incompatible with an earlier schema for subject '" + subject + "', details: "
                        + reasons);
    }

    static RegistryError invalidSchema(String reason) {
        return new RegistryError(422, 42201, "Invalid schema: " + reason);
    }

    static RegistryError invalidVersion(String version) {
        return new RegistryError(422, 42202,
                "The specified version '" + version + "' is not a valid version id. Allowed values are between "
                        + "[1, 2^31-1] and the string \"latest\"");
    }

    static RegistryError invalidCompatibilityLevel(String level) {
        return new RegistryError(422, 42203, "Invalid compatibility level: " + level);
    }

    public static RegistryError notFound(String path) {
        return new RegistryError(404, 404, "HTTP 404 Not Found: " + path);
    }

    public static RegistryError methodNotAllowed(String method, String path) {
        return new RegistryError(405, 405, "HTTP 405 Method Not Allowed: " + method + " " + path);
    }

    public static RegistryError unauthorized() {
        return new RegistryError(401, 401, "Unauthorized");
    }

    public static RegistryError badRequest(String reason) {
        return new RegistryError(400, 400, reason);
    }

    public static RegistryError storeError(String reason, Throwable cause) {
        RegistryError error = new RegistryError(500, 50001, "Error in the backend data store: " + reason);
        error.initCause(cause);
        return error;
    }
}

package io.difflens.app.local;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import io.difflens.models.bundle.BundleConfig;
import io.difflens.models.bundle.ComputeTarget;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.testing.MicroBundles;

/** Finds the model bundle a local command runs: the one asked for, else {@code zoo/tiny}, else a micro bundle. */
public final class Bundles {

    /** Where the committed tiny bundle lives, relative to the working directory (the repository root). */
    public static final Path ZOO_TINY = Path.of("zoo", "tiny");

    private Bundles() {
    }

    /**
     * Loads {@code explicit} if given, else {@code zoo/tiny} if it holds a bundle, else writes a randomly
     * initialised micro bundle under {@code scratch} and loads that, saying so loudly on {@code err}.
     */
    public static ModelBundle resolve(Path explicit, Path scratch, PrintWriter err) {
        if (explicit != null) {
            return ModelBundle.load(explicit);
        }
        if (Files.isRegularFile(ZOO_TINY.resolve(BundleConfig.FILE))) {
            try {
                return ModelBundle.load(ZOO_TINY);
            } catch (RuntimeException e) {
                // e.g. a half-written bundle from an interrupted `train all --out zoo/tiny`: say why it was not
                // used rather than stop the demo
                err.println("zoo/tiny could not be loaded (" + e.getMessage() + ")");
            }
        }
        err.println("************************************************************************");
        err.println("* no serving bundle in zoo/tiny: using a RANDOMLY INITIALISED micro bundle. *");
        err.println("* The pipeline runs end to end, but its answers (and accuracy) are noise. *");
        err.println("************************************************************************");
        err.flush();
        return ModelBundle.load(MicroBundles.create(scratch.resolve("micro-bundle")), ComputeTarget.cpu());
    }
}

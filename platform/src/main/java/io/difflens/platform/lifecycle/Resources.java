package io.difflens.platform.lifecycle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Shutting down what a service opened, for services that keep their resources in opening order. */
public final class Resources {
    private static final Logger LOG = LoggerFactory.getLogger(Resources.class);

    private Resources() {
    }

    /**
     * Closes {@code opened} last first (what was opened later may use what was opened before). A failing close
     * is logged and the rest are still closed: at shutdown or after a failed start there is nothing better to
     * do with it.
     */
    public static void closeInReverse(List<? extends AutoCloseable> opened) {
        List<AutoCloseable> reversed = new ArrayList<>(opened);
        Collections.reverse(reversed);
        for (AutoCloseable r : reversed) {
            try {
                r.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", r, e.toString());
            }
        }
    }
}
